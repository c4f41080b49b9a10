import XpertCore
import XpertReport
import XpertStore

extension RunLoop {
  /// What taking the GPU leases of a slot gave.
  enum LeaseResult {
    /// The run takes no leases (none configured, or they could not be used).
    case none
    /// The leases, held.
    case held(GPULeases.Held)
    /// A device of the slot is full: another runner's job uses it.
    case busy
  }

  /// Takes the leases on the devices of GPU slot `slot` for job `index`.
  mutating func lease(_ slot: Int, for index: Int) -> LeaseResult {
    guard let leases = options.gpuLeases, let entry = options.gpuEntries?[slot] else {
      return .none
    }
    do {
      if let held = try leases.acquire(entry, for: jobs[index].directory) {
        waitingFor.remove(entry)
        return .held(held)
      }
    } catch {
      options.gpuLeases = nil
      say(Self.leasesUnusable(error, lines: runner.lines))
      return .none
    }
    if waitingFor.insert(entry).inserted {
      let holders = leases.holders(of: entry)
      say(
        runner.lines.warning(
          "GPU \(entry) is in use by another xpert"
            + (holders.isEmpty ? "" : " (" + holders.joined(separator: "; ") + ")")
            + ": waiting for it"))
    }
    return .busy
  }

  /// The warning when GPU leases cannot be used: the run goes on without them.
  static func leasesUnusable(_ error: SystemError, lines: ConsoleLines) -> String {
    lines.warning(
      "cannot take GPU leases (\(error)): this run's jobs share GPUs with other runners of "
        + "this host without looking")
  }
}
