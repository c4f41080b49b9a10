#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Per-host GPU leases: a job holds one lease file per device it uses, in a folder that every
/// xpert of this user on this host sees (`/tmp/xpert-<uid>/gpu-leases`), whatever the sweep.
/// A device has `capacity` lease files (`<device>.0`, `<device>.1`, ...), created atomically
/// with `link(2)`; no device ever runs more jobs than its capacity, counting every runner. A
/// lease names its runner and the job's directory: it is free again when the runner is gone and
/// the job's record shows no attempt whose keeper still lives (a killed runner's job still
/// holds its GPU). docs/gpus.md.
public struct GPULeases: Sendable {
  /// The folder of lease files.
  public let folder: String
  /// The runner that takes leases (its locks' owner).
  public let owner: LockOwner
  /// How many jobs each device may run at once: the number of GPU entries that name it (an
  /// entry listed twice holds two jobs, as it always has).
  public let capacities: [String: Int]

  /// Leases for the GPU `entries` of a run, in `folder` (by default this user's folder under
  /// /tmp), taken by `owner`.
  public init(
    entries: [String], owner: LockOwner,
    folder: String = FileSystem.userTemporaryFolder + "/gpu-leases"
  ) {
    var capacities: [String: Int] = [:]
    for entry in entries {
      for device in Self.devices(of: entry) { capacities[device, default: 0] += 1 }
    }
    self.capacities = capacities
    self.owner = owner
    self.folder = folder
  }

  /// Leases held for one job.
  public struct Held: Sendable, Hashable {
    /// The lease files' paths.
    public var paths: [String]
  }

  /// The devices of a `CUDA_VISIBLE_DEVICES` entry: `"1,2"` is devices 1 and 2.
  public static func devices(of entry: String) -> [String] {
    entry.split(separator: ",").map { String($0.filter { !$0.isWhitespace }) }.filter {
      !$0.isEmpty
    }
  }

  /// Takes a lease on every device of GPU entry `entry`, for `job`; `nil` when one of them is
  /// full (then none is held). Leases of runners and jobs that are gone are reclaimed on the
  /// way.
  public func acquire(_ entry: String, for job: String) throws(SystemError) -> Held? {
    var held = Held(paths: [])
    for device in Self.devices(of: entry) {
      guard let path = try acquire(device, capacity: capacity(of: device), job: job) else {
        release(held)
        return nil
      }
      held.paths.append(path)
    }
    return held
  }

  /// Gives the leases back. (A live runner's leases are never taken from it: only leases whose
  /// runner and job are gone are reclaimed.)
  public func release(_ held: Held) {
    for path in held.paths { unlink(path) }
  }

  /// Makes the folder (mode 0700, and its parent when that is this user's
  /// `/tmp/xpert-<uid>`), once per run, before the first lease.
  public func prepare() throws(SystemError) {
    let parent = String(folder[..<(folder.lastIndex(of: "/") ?? folder.endIndex)])
    try FileSystem.makePrivateFolders(
      parent == FileSystem.userTemporaryFolder ? [parent, folder] : [folder])
  }

  /// Who holds the leases of the devices of `entry` now: one line per live lease
  /// (`runner 123 for <job>`).
  public func holders(of entry: String) -> [String] {
    Self.devices(of: entry).flatMap { device in
      (0..<capacity(of: device)).compactMap { slot in
        let path = folder + "/" + Self.fileName(device) + ".\(slot)"
        guard let text = AtomicFile.read(path), let holder = LockOwner(text: text) else {
          return nil
        }
        let job = LockOwner.field("job", in: text)
        guard isAlive(holder, job: job) else { return nil }
        return "runner \(holder.pid)" + (job.map { " for " + $0 } ?? "")
      }
    }
  }

  private func capacity(of device: String) -> Int { max(1, capacities[device] ?? 1) }

  private func acquire(_ device: String, capacity: Int, job: String) throws(SystemError)
    -> String?
  {
    let base = folder + "/" + Self.fileName(device)
    // A private draft, linked into place: the lease is never seen half-written.
    let draft = base + ".new-\(owner.pid)-\(owner.start ?? 0)"
    try FileSystem.writeDraft(owner.text + "job=" + job + "\n", to: draft, mode: 0o600)
    defer { unlink(draft) }
    for slot in 0..<capacity {
      let path = base + ".\(slot)"
      for _ in 0..<3 {
        if link(draft, path) == 0 { return path }
        guard errno == EEXIST else { throw SystemError("take the GPU lease", path: path) }
        guard let text = AtomicFile.read(path) else { continue }  // released meanwhile
        if let holder = LockOwner(text: text),
          isAlive(holder, job: LockOwner.field("job", in: text))
        {
          break
        }
        // Its runner and its job are gone: move it aside (only one rename wins), then retry.
        let aside = path + ".stale-\(owner.pid)"
        if rename(path, aside) == 0 { unlink(aside) }
      }
    }
    return nil
  }

  /// Whether a lease's runner, or the keeper of its job's running attempt (a killed runner
  /// leaves its job running), is alive. A lease of another machine or PID namespace (a shared
  /// /tmp) cannot be judged and counts as alive.
  private func isAlive(_ holder: LockOwner, job: String?) -> Bool {
    guard holder.sharesPIDs(with: owner) else { return true }
    if holder.isAlive { return true }
    guard let job, case .valid(let record) = JobObserver.readRecord(in: JobDirectory(path: job))
    else { return false }
    return JobObserver.keeperIsAlive(in: record, host: holder.host)
  }

  /// A device id as a file name: anything but letters, digits, `-` and `_` becomes `_`.
  static func fileName(_ device: String) -> String {
    "gpu-"
      + String(
        device.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
  }
}
