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
    guard let leases = options.gpuLeases else { return .reserved(nil) }
    let need = queue.need(of: index)
    var held = GPULeases.Held(paths: [])
    for slot in slots {
      let devices = pool.devices[slot].map { ($0, pool.cap(of: $0, for: need)) }
      do {
        if let more = try leases.acquire(devices, for: jobs[index].directory) {
          held.paths += more.paths
          held.shared = held.shared || more.shared
          waitingFor.remove(entries[slot])
          continue
        }
      } catch {
        leases.release(held)
        options.gpuLeases = nil
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

  /// Whether one of `devices` is busy outside Xpert (as `nvidia-smi` said within the last
  /// second); says so once per device and cause.
  private mutating func isBusy(_ devices: [String]) -> Bool {
    guard gpuWatch != nil else { return false }
    if let failure = gpuWatch!.refresh() {
      say(
        runner.lines.warning(
          "cannot see whether the GPUs are busy (\(failure.message)): starting jobs without "
            + "looking until nvidia-smi answers again"))
    }
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

  /// The warning when GPU leases cannot be used: the run goes on without them.
  static func leasesUnusable(_ error: SystemError, lines: ConsoleLines) -> String {
    lines.warning(
      "cannot take GPU leases (\(error)): this run's jobs share GPUs with other runners of "
        + "this host without looking")
  }
}
