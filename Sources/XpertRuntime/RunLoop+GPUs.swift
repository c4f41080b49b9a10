import XpertCore
import XpertReport
import XpertStore

extension RunLoop {
  /// What reserving the devices of a job's GPU slots gave.
  enum Reservation {
    /// The devices are the job's (with leases, unless the run takes none).
    case reserved(GPULeases.Held?)
    /// Slot `slot` cannot be used now: its device is busy outside this run.
    case busy(slot: Int)
  }

  /// Checks that the devices of `slots` are not busy with work that is not Xpert's, and takes
  /// the per-host leases on them for job `index`.
  mutating func reserve(_ slots: [Int], for index: Int) -> Reservation {
    guard let entries = options.gpuEntries, let pool = queue.slots else { return .reserved(nil) }
    if let slot = slots.first(where: { isBusy(pool.devices[$0]) }) { return .busy(slot: slot) }
    guard let leases = options.gpuLeases, !leasesFailed else { return .reserved(nil) }
    let need = queue.need(of: index)
    var held = GPULeases.Held(paths: [])
    for slot in slots {
      let devices = pool.devices[slot].map { ($0, pool.cap(of: $0, for: need)) }
      do {
        if let more = try leases.acquire(devices, for: jobs[index].directory) {
          held.paths += more.paths
          held.shared = held.shared || more.shared
          continue
        }
      } catch {
        // The jobs that hold leases still give them back when they end.
        leases.release(held)
        leasesFailed = true
        say(Self.leasesUnusable(error, lines: runner.lines))
        return .reserved(nil)
      }
      leases.release(held)
      if waitingFor.insert(entries[slot]).inserted {
        let holders = pool.devices[slot].flatMap { leases.holders(of: $0) }
        say(
          runner.lines.warning(
            "GPU \(entries[slot]) is in use by another xpert"
              + (holders.isEmpty ? "" : " (" + holders.joined(separator: "; ") + ")")
              + ": waiting for it"))
      }
      return .busy(slot: slot)
    }
    return .reserved(held)
  }

  /// Whether one of `devices` is busy outside Xpert, as the last look said; says so once per
  /// device and cause. A look older than a second asks for a new one; one older than the
  /// watch trusts keeps jobs waiting for it.
  private mutating func isBusy(_ devices: [String]) -> Bool {
    guard gpuWatch != nil else { return false }
    if gpuWatch!.wantsLook() { gpuLookWanted = true }
    if gpuWatch!.isStale() { return true }
    let busy = gpuWatch!.busy
    for device in busySaid.keys where busy[device] == nil { busySaid[device] = nil }
    guard let device = devices.first(where: { busy[$0] != nil }), let why = busy[device] else {
      return false
    }
    let cause = why.foreignProcesses > 0 ? "processes" : "memory"
    if busySaid[device] != cause {
      busySaid[device] = cause
      say(runner.lines.warning("GPU \(device) is busy: \(why.description); waiting for it"))
    }
    return true
  }

  /// Takes what `nvidia-smi` said, and starts what may start now.
  mutating func takeLook(_ look: GPUWatch.Look) {
    guard gpuWatch != nil else { return }
    if let failure = gpuWatch!.take(look) { say(Self.cannotLook(failure, lines: runner.lines)) }
    startJobs()
  }

  /// The warning when `nvidia-smi` does not answer: jobs start without looking.
  static func cannotLook(_ failure: NvidiaSMI.Failure, lines: ConsoleLines) -> String {
    lines.warning(
      "cannot see whether the GPUs are busy (\(failure.message)): starting jobs without "
        + "looking until nvidia-smi answers again")
  }

  /// The warning when GPU leases cannot be used: the run goes on without them.
  static func leasesUnusable(_ error: SystemError, lines: ConsoleLines) -> String {
    lines.warning(
      "cannot take GPU leases (\(error)): this run's jobs share GPUs with other runners of "
        + "this host without looking")
  }
}
