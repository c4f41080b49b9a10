/// The GPU entries of a run and which of their devices are taken, as a pure value. A job takes
/// `gpus` entries whose devices are distinct, least loaded first, then the lowest index, so
/// that every device gets a job before any gets a second and assignment is the same on every
/// run. Each device on which a job runs carries that job's cap (how many jobs it accepts on
/// it); a job joins a device only below its own cap and every cap already there, so the
/// strictest job on a device decides. An entry listed k times makes its devices hold k times
/// as many jobs, as it always has.
public struct SlotPool: Sendable, Hashable {
  /// The `CUDA_VISIBLE_DEVICES` value of each slot, in config order.
  public let entries: [String]
  /// The devices of each entry (`"1,2"` is devices 1 and 2).
  public let devices: [[String]]
  /// How many entries name each device.
  private let namedTimes: [String: Int]
  /// The caps of the jobs on each device.
  private var caps: [String: [Int]] = [:]

  /// A pool with every entry free.
  public init(entries: [String]) {
    self.entries = entries
    self.devices = entries.map(Self.devices(of:))
    var named: [String: Int] = [:]
    for list in devices { for device in Set(list) { named[device, default: 0] += 1 } }
    self.namedTimes = named
  }

  /// The devices of a `CUDA_VISIBLE_DEVICES` entry: `"1,2"` is devices 1 and 2.
  public static func devices(of entry: String) -> [String] {
    entry.split(separator: ",").map { String($0.filter { !$0.isWhitespace }) }.filter {
      !$0.isEmpty
    }
  }

  /// How many jobs run on `device` now.
  public func load(of device: String) -> Int { caps[device]?.count ?? 0 }

  /// The cap a job of `need` carries on `device`.
  public func cap(of device: String, for need: GPUNeed) -> Int {
    need.cap(namedTimes: namedTimes[device] ?? 1)
  }

  /// Takes `need.gpus` entries with distinct devices on which a job of `need` fits, leaving out
  /// `skipping` (entries whose devices are busy outside this run now); `nil` when there are not
  /// enough (then nothing is taken).
  public mutating func acquire(_ need: GPUNeed = GPUNeed(), skipping: Set<Int> = []) -> [Int]? {
    let candidates = entries.indices.filter { !skipping.contains($0) && fits(need, on: $0) }
      .sorted { (load(ofEntry: $0), $0) < (load(ofEntry: $1), $1) }
    var chosen: [Int] = []
    var used: Set<String> = []
    for entry in candidates where used.isDisjoint(with: devices[entry]) {
      chosen.append(entry)
      used.formUnion(devices[entry])
      if chosen.count == need.gpus { break }
    }
    guard chosen.count == need.gpus else { return nil }
    for device in used { caps[device, default: []].append(cap(of: device, for: need)) }
    return chosen
  }

  /// Frees the entries a job of `need` took.
  public mutating func release(_ chosen: [Int], need: GPUNeed = GPUNeed()) {
    for device in Set(chosen.flatMap { devices[$0] }) {
      let cap = cap(of: device, for: need)
      guard let at = caps[device]?.firstIndex(of: cap) else {
        preconditionFailure("device \(device) released twice")
      }
      caps[device]!.remove(at: at)
    }
  }

  /// How many jobs of `need` the entries hold at once when nothing else runs.
  public func capacity(for need: GPUNeed) -> Int {
    var pool = SlotPool(entries: entries)
    var count = 0
    while pool.acquire(need) != nil { count += 1 }
    return count
  }

  /// The most entries with distinct devices one job can get: a larger `gpus_per_job` can
  /// never start.
  public var mostGPUsPerJob: Int {
    var used: Set<String> = []
    var count = 0
    for list in devices where used.isDisjoint(with: list) {
      used.formUnion(list)
      count += 1
    }
    return count
  }

  private func load(ofEntry entry: Int) -> Int { devices[entry].map(load(of:)).max() ?? 0 }

  private func fits(_ need: GPUNeed, on entry: Int) -> Bool {
    devices[entry].allSatisfy { device in
      let load = load(of: device)
      return load < cap(of: device, for: need) && (caps[device] ?? []).allSatisfy { load < $0 }
    }
  }
}
