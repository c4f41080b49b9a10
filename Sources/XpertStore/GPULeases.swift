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

  /// Leases in `folder` (by default this user's folder under /tmp) for `owner`.
  public init(owner: LockOwner, folder: String = "/tmp/xpert-\(geteuid())/gpu-leases") {
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

  /// Takes a lease on every device of `devices` (each of capacity `capacity(device)`), for
  /// `job`; `nil` when one of them is full (then none is held). Leases of runners and jobs that
  /// are gone are reclaimed on the way.
  public func acquire(
    _ devices: [String], for job: String, capacity: (String) -> Int
  ) throws(SystemError) -> Held? {
    var held = Held(paths: [])
    for device in devices {
      guard let path = try acquire(device, capacity: max(1, capacity(device)), job: job) else {
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

  /// Makes the folder, once per run, before the first lease.
  public func prepare() throws(SystemError) {
    try makeFolder()
  }

  /// Who holds the leases of `device` now: one line per live lease (`runner 123 for <job>`).
  public func holders(of device: String, capacity: Int) -> [String] {
    (0..<max(1, capacity)).compactMap { slot in
      let path = folder + "/" + Self.fileName(device) + ".\(slot)"
      guard let text = AtomicFile.read(path), isAlive(text) else { return nil }
      let fields = Self.fields(text)
      return "runner \(fields["pid"] ?? "?")" + (fields["job"].map { " for " + $0 } ?? "")
    }
  }

  private func acquire(_ device: String, capacity: Int, job: String) throws(SystemError)
    -> String?
  {
    let base = folder + "/" + Self.fileName(device)
    // A private draft, linked into place: the lease is never seen half-written.
    let draft = base + ".new-\(owner.pid)-\(owner.start ?? 0)"
    let descriptor = open(draft, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw SystemError("create the GPU lease", path: draft) }
    let text = leaseText(job: job)
    let written = text.withCString { write(descriptor, $0, strlen($0)) }
    close(descriptor)
    defer { unlink(draft) }
    guard written == text.utf8.count else { throw SystemError("write the GPU lease", path: draft) }
    for slot in 0..<capacity {
      let path = base + ".\(slot)"
      for _ in 0..<3 {
        if link(draft, path) == 0 { return path }
        guard errno == EEXIST else { throw SystemError("take the GPU lease", path: path) }
        guard let text = AtomicFile.read(path) else { continue }  // released meanwhile
        if isAlive(text) { break }
        // Its runner and its job are gone: move it aside (only one rename wins), then retry.
        let aside = path + ".stale-\(owner.pid)"
        if rename(path, aside) == 0 { unlink(aside) }
      }
    }
    return nil
  }

  private func leaseText(job: String) -> String {
    owner.text + "job=" + job + "\n"
  }

  /// Whether a lease's runner, or the keeper of its job's running attempt (a killed runner
  /// leaves its job running), is alive. A lease of another machine or PID namespace (a shared
  /// /tmp) cannot be judged and counts as alive.
  private func isAlive(_ text: String) -> Bool {
    guard let holder = LockOwner(text: text) else { return false }
    guard holder.sharesPIDs(with: owner) else { return true }
    if holder.isAlive { return true }
    guard let job = Self.fields(text)["job"],
      let bytes = try? FileSystem.readFile(job + "/" + JobObserver.recordName, limit: 1 << 24),
      let record = try? JobRecordCoding.decode(bytes: bytes), record.status == .running,
      let last = record.attempts.last, last.outcome == .running, let start = last.processStart
    else { return false }
    return ProcessIdentity.isAlive(last.pid, start: start)
  }

  private static func fields(_ text: String) -> [String: String] {
    var fields: [String: String] = [:]
    for line in text.split(separator: "\n") {
      guard let equals = line.firstIndex(of: "=") else { continue }
      fields[String(line[..<equals])] = String(line[line.index(after: equals)...])
    }
    return fields
  }

  /// A device id as a file name: anything but letters, digits, `-` and `_` becomes `_`.
  static func fileName(_ device: String) -> String {
    "gpu-"
      + String(
        device.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
  }

  /// Creates the folder (mode 0700, and its parent when that is this user's `/tmp/xpert-<uid>`)
  /// and refuses one that another user owns or may write.
  private func makeFolder() throws(SystemError) {
    let parent = String(folder[..<(folder.lastIndex(of: "/") ?? folder.endIndex)])
    let paths = parent == "/tmp/xpert-\(geteuid())" ? [parent, folder] : [folder]
    for path in paths {
      if mkdir(path, 0o700) != 0 && errno != EEXIST {
        throw SystemError("create the folder", path: path)
      }
      var info = stat()
      guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR,
        info.st_uid == geteuid(), info.st_mode & 0o022 == 0
      else {
        throw SystemError(
          "use the folder (not a private folder of this user)", path: path, code: EPERM)
      }
    }
  }
}
