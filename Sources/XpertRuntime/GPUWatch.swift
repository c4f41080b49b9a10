import XpertCore

/// Looks at the GPUs through `nvidia-smi` before jobs start, at most once a second however
/// many jobs start, and says which devices are busy with work that is not Xpert's: a compute
/// process of no xpert job, or more memory in use than `gpu_busy_memory` (Xpert's jobs' own
/// memory not counted). Owned by the run loop.
struct GPUWatch {
  /// How much memory in use makes a device busy.
  var limit: GPUBusyMemory
  /// The least time between two looks, in seconds.
  var interval: Double = 1
  /// The time after a failed look before the next, in seconds: a hung driver (each call
  /// waits up to its 5 s limit) must not keep the run loop busy.
  var intervalAfterFailure: Double = 30
  /// The busy devices at the last look, by index and UUID.
  private(set) var busy: [String: GPUActivity.Busy] = [:]
  /// Why the last look failed, if it did.
  private(set) var failure: String?
  private var lastLook = -Double.infinity

  /// A watch; `limit` as configured.
  init(limit: GPUBusyMemory) {
    self.limit = limit
  }

  /// Looks again if the last look is older than the interval. Returns the failure the first
  /// time a look fails after a good one (to be said once).
  mutating func refresh(now: Double = WallClock.now()) -> NvidiaSMI.Failure? {
    guard now - lastLook >= (failure == nil ? interval : intervalAfterFailure) else { return nil }
    lastLook = now
    do {
      let activity = try NvidiaSMI.activity(timeLimit: 5)
      let own = Set(
        activity.processes.map(\.pid).filter { OrphanProcess.jobDirectory(of: $0) != nil })
      busy = activity.busy(own: own, limit: limit)
      failure = nil
      return nil
    } catch {
      // Without an answer nothing counts as busy: the leases still keep runners apart.
      busy = [:]
      let first = failure == nil
      failure = error.message
      return first ? error : nil
    }
  }
}
