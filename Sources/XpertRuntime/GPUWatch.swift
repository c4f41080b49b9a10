import XpertCore

/// Looks at the GPUs through `nvidia-smi` and says which devices are busy with work that is
/// not Xpert's: a compute process of no xpert job, or more memory in use than
/// `gpu_busy_memory` (Xpert's jobs' own memory not counted). Owned by the run loop, which
/// decides from the last look; a new look is taken off the loop (a call may take seconds), at
/// most once a second, and only while jobs are about to start.
struct GPUWatch {
  /// What one look found: the busy devices by index and UUID, or why it failed.
  typealias Look = Result<[String: GPUActivity.Busy], NvidiaSMI.Failure>

  /// How much memory in use makes a device busy.
  var limit: GPUBusyMemory
  /// The least time between two looks, in seconds.
  var interval: Double = 1
  /// The time after a failed look before the next, in seconds: a hung driver (each call
  /// waits up to its 5 s limit) is not asked again and again.
  var intervalAfterFailure: Double = 30
  /// How old the last look may be for jobs to start on it, in seconds; an older one waits for
  /// the next (a foreign process may have started meanwhile).
  var trusted: Double = 5
  /// The busy devices at the last look, by index and UUID.
  private(set) var busy: [String: GPUActivity.Busy] = [:]
  /// Why the last look failed, if it did.
  private(set) var failure: String?
  private var lastLook = -Double.infinity
  private var asked = false

  /// A watch; `limit` as configured.
  init(limit: GPUBusyMemory) {
    self.limit = limit
  }

  /// Whether a new look should be taken now; if so, it counts as asked until `take`.
  mutating func wantsLook(now: Double = WallClock.now()) -> Bool {
    guard !asked, now - lastLook >= (failure == nil ? interval : intervalAfterFailure) else {
      return false
    }
    asked = true
    return true
  }

  /// Whether the last look is too old to start jobs on (and one is on its way or due).
  func isStale(now: Double = WallClock.now()) -> Bool {
    failure == nil && now - lastLook > trusted
  }

  /// Takes what a look found. Returns the failure the first time a look fails after a good
  /// one (to be said once).
  mutating func take(_ look: Look, now: Double = WallClock.now()) -> NvidiaSMI.Failure? {
    asked = false
    lastLook = now
    switch look {
    case .success(let found):
      busy = found
      failure = nil
      return nil
    case .failure(let error):
      // Without an answer nothing counts as busy: the leases still keep runners apart.
      busy = [:]
      let first = failure == nil
      failure = error.message
      return first ? error : nil
    }
  }

  /// Looks now (blocking: two `nvidia-smi` calls of at most 5 s each).
  static func look(limit: GPUBusyMemory) -> Look {
    do {
      let activity = try NvidiaSMI.activity(timeLimit: 5)
      let own = Set(
        activity.processes.map(\.pid).filter { OrphanProcess.jobDirectory(of: $0) != nil })
      return .success(activity.busy(own: own, limit: limit))
    } catch {
      return .failure(error)
    }
  }
}
