import XpertCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `xpert.lock` in a job directory: a runner's claim on the job, created atomically by
/// `link(2)` of a fully written file (which NFS honours, unlike `flock`). It names the runner
/// (`LockOwner`: host, pid, start time, boot, PID namespace); its modification time is the
/// heartbeat, refreshed while the job runs. docs/records.md has the protocol.
public struct JobLock: Sendable {
  /// The lock file's name.
  public static let fileName = "xpert.lock"

  /// This runner: its host and pid.
  public var host: String
  /// This runner's pid.
  public var pid: Int32
  /// How old a heartbeat may be before the lock counts as abandoned.
  public var timeout: Double
  /// This runner as its locks name it.
  public let owner: LockOwner

  /// A lock owner.
  public init(host: String, pid: Int32, timeout: Double) {
    self.host = host
    self.pid = pid
    self.timeout = timeout
    self.owner = LockOwner(
      host: host, pid: pid, start: ProcessIdentity.startTime(of: pid),
      boot: LockOwner.currentBoot, pidNamespace: LockOwner.currentPIDNamespace)
  }

  /// The outcome of a claim.
  public enum Claim: Sendable, Equatable {
    /// The job is ours.
    case acquired
    /// The job is ours, taken over from a runner that is gone.
    case tookOver
    /// Another live runner holds it.
    case heldByOther
  }

  /// Claims the job in `directory`.
  public func claim(_ directory: JobDirectory) throws(SystemError) -> Claim {
    let path = directory.path + "/" + Self.fileName
    var tookOver = false
    // The lock is written in full under a private name, then linked into place: `link` fails
    // if the lock exists, so it is an atomic create-exclusive whose content is never partial
    // (and the classic lock that works on NFS).
    let draft = path + ".new-\(host)-\(pid)"
    let descriptor = open(draft, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw SystemError("create the lock", path: draft) }
    let text = owner.text
    let written = text.withCString { write(descriptor, $0, strlen($0)) }
    close(descriptor)
    defer { unlink(draft) }
    guard written == text.utf8.count else { throw SystemError("write the lock", path: draft) }
    for _ in 0..<5 {
      if link(draft, path) == 0 { return tookOver ? .tookOver : .acquired }
      guard errno == EEXIST else { throw SystemError("create the lock", path: path) }
      var before = stat()
      guard stat(path, &before) == 0 else { continue }  // released meanwhile: try again
      guard state(ofLockAt: path, info: before) == .abandoned else { return .heldByOther }
      // Move the abandoned lock aside; only one runner's rename can succeed.
      let aside = path + ".abandoned-\(host)-\(pid)"
      guard rename(path, aside) == 0 else { continue }
      var moved = stat()
      if stat(aside, &moved) == 0 && moved.st_ino != before.st_ino {
        // Another runner replaced the lock between our look and our rename: give it back.
        _ = link(aside, path)
        unlink(aside)
        return .heldByOther
      }
      unlink(aside)
      tookOver = true
    }
    return .heldByOther
  }

  /// Whether the lock in `directory` is absent, held or abandoned.
  public func state(_ directory: JobDirectory) -> ObservedJob.Lock {
    let path = directory.path + "/" + Self.fileName
    var info = stat()
    guard stat(path, &info) == 0 else { return .none }
    return state(ofLockAt: path, info: info)
  }

  private func state(ofLockAt path: String, info: stat) -> ObservedJob.Lock {
    let age = Double(time(nil)) - Double(info.st_mtim.tv_sec)
    guard let text = AtomicFile.read(path), let holder = LockOwner(text: text) else {
      return age > timeout ? .abandoned : .held
    }
    if holder.isSameRunner(as: owner) { return .held }
    // Where the holder's pid means the same process as here (same host, boot and PID
    // namespace), the pid decides: a live runner keeps its job however old its heartbeat (it
    // may be stopped with Ctrl-Z), a dead one loses it at once. Elsewhere only the heartbeat
    // can tell. (Format-1 locks: a dead pid on this host, or the heartbeat.)
    if holder.sharesPIDs(with: owner) {
      if !holder.isAlive { return .abandoned }
      if holder.boot != nil { return .held }
    }
    return age > timeout ? .abandoned : .held
  }

  /// Whether the lock in `directory` is still this runner's (another may have taken it over
  /// while this one was stopped): every write after a claim asks first.
  public func isOurs(_ directory: JobDirectory) -> Bool {
    guard let text = AtomicFile.read(directory.path + "/" + Self.fileName),
      let holder = LockOwner(text: text)
    else { return false }
    return holder.isSameRunner(as: owner)
  }

  /// The runner that holds the lock in `directory`, when a live one holds it.
  public func holder(_ directory: JobDirectory) -> LockOwner? {
    let path = directory.path + "/" + Self.fileName
    var info = stat()
    guard stat(path, &info) == 0, state(ofLockAt: path, info: info) == .held,
      let text = AtomicFile.read(path)
    else { return nil }
    return LockOwner(text: text)
  }

  /// Refreshes the heartbeat of our lock in `directory`; false when it is no longer ours.
  @discardableResult
  public func beat(_ directory: JobDirectory) -> Bool {
    guard isOurs(directory) else { return false }
    utimensat(AT_FDCWD, directory.path + "/" + Self.fileName, nil, 0)
    return true
  }

  /// Gives up our claim; a lock that another runner took over meanwhile is left alone.
  public func release(_ directory: JobDirectory) {
    guard isOurs(directory) else { return }
    unlink(directory.path + "/" + Self.fileName)
  }

  /// An owner that only judges other runners' locks (for `list` and `status`), with the
  /// default heartbeat timeout.
  public static func observerOnly() -> JobLock {
    JobLock(host: hostName(), pid: getpid(), timeout: 60)
  }

  /// This machine's name.
  public static func hostName() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
