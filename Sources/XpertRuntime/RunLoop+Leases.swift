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
    guard let leases = options.gpuLeases, !leasesFailed, let entry = options.gpuEntries?[slot]
    else { return .none }
    let devices = GPULeases.devices(of: entry)
    let capacities = deviceCapacities
    do {
      if !leasesPrepared {
        try leases.prepare()
        leasesPrepared = true
      }
      if let held = try leases.acquire(
        devices, for: jobs[index].directory, capacity: { capacities[$0] ?? 1 })
      {
        waitingFor.remove(entry)
        return .held(held)
      }
    } catch {
      leasesFailed = true
      say(
        runner.lines.warning(
          "cannot take GPU leases (\(error)): this run's jobs share GPUs with other runners of "
            + "this host without looking"))
      return .none
    }
    if waitingFor.insert(entry).inserted {
      let holders = devices.flatMap { leases.holders(of: $0, capacity: capacities[$0] ?? 1) }
      say(
        runner.lines.warning(
          "GPU \(entry) is in use by another xpert"
            + (holders.isEmpty ? "" : " (" + holders.joined(separator: "; ") + ")")
            + ": waiting for it"))
    }
    return .busy
  }

  /// How many jobs each device may run at once: the number of GPU entries that name it (an
  /// entry listed twice holds two jobs, as it always has).
  var deviceCapacities: [String: Int] {
    var counts: [String: Int] = [:]
    for entry in options.gpuEntries ?? [] {
      for device in GPULeases.devices(of: entry) { counts[device, default: 0] += 1 }
    }
    return counts
  }
}
