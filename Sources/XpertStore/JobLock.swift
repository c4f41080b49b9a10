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
    var owner = LockOwner(
      host: host, pid: pid, start: ProcessIdentity.startTime(of: pid),
      boot: LockOwner.currentBoot, pidNamespace: LockOwner.currentPIDNamespace)
    owner.timeout = timeout
    self.owner = owner
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
    let draft = path + ".new-\(host)-\(pid)-\(owner.start ?? 0)"
    try FileSystem.writeDraft(owner.text, to: draft)
    defer { unlink(draft) }
    for _ in 0..<5 {
      if link(draft, path) == 0 { return tookOver ? .tookOver : .acquired }
      guard errno == EEXIST else { throw SystemError("create the lock", path: path) }
      // On NFS a retransmitted link whose first reply was lost says EEXIST for our own lock.
      if ownership(directory) == .ours { return tookOver ? .tookOver : .acquired }
      var before = stat()
      guard stat(path, &before) == 0 else { continue }  // released meanwhile: try again
      guard state(ofLockAt: path, info: before) == .abandoned else { return .heldByOther }
      // Move the abandoned lock aside; only one runner's rename can succeed.
      let aside = path + ".abandoned-\(host)-\(pid)-\(owner.start ?? 0)"
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
    // The holder's own timeout counts too: a runner started with a longer one beats less often.
    return age > max(timeout, holder.timeout ?? 0) ? .abandoned : .held
  }

  /// Whose the lock in `directory` is, as far as can be told.
  public enum Ownership: Sendable, Equatable {
    /// This runner's.
    case ours
    /// Another runner's, or gone: this runner lost the job.
    case other
    /// It could not be read (too many open files, an NFS error): nothing is concluded.
    case unknown
  }

  /// Whether the lock in `directory` is still this runner's (another may have taken it over
  /// while this one was stopped): every write after a claim asks first, and acts only on
  /// `other`.
  public func ownership(_ directory: JobDirectory) -> Ownership {
    let path = directory.path + "/" + Self.fileName
    for attempt in 0..<2 {
      do {
        let bytes = try FileSystem.readFile(path, limit: 4096)
        guard let holder = LockOwner(text: String(decoding: bytes, as: UTF8.self)) else {
          return .unknown
        }
        return holder.isSameRunner(as: owner) ? .ours : .other
      } catch  where error.code == ENOENT {
        // Another runner's claim may have moved it aside for a moment (and given it back).
        if attempt == 0 { usleep(20_000) }
      } catch {
        return .unknown
      }
    }
    return .other
  }

  /// Whether the lock in `directory` is certainly this runner's.
  public func isOurs(_ directory: JobDirectory) -> Bool { ownership(directory) == .ours }

  /// The runner that holds the lock in `directory`, when a live one holds it.
  public func holder(_ directory: JobDirectory) -> LockOwner? {
    let path = directory.path + "/" + Self.fileName
    var info = stat()
    guard stat(path, &info) == 0, state(ofLockAt: path, info: info) == .held,
      let text = AtomicFile.read(path)
    else { return nil }
    return LockOwner(text: text)
  }

  /// Refreshes the heartbeat of our lock in `directory`; false when it is certainly no longer
  /// ours.
  @discardableResult
  public func beat(_ directory: JobDirectory) -> Bool {
    guard ownership(directory) != .other else { return false }
    utimensat(AT_FDCWD, directory.path + "/" + Self.fileName, nil, 0)
    return true
  }

  /// Gives up our claim; a lock that another runner took over meanwhile is left alone. With
  /// `checked`, the caller has just seen that the lock is ours.
  public func release(_ directory: JobDirectory, checked: Bool = false) {
    guard checked || ownership(directory) != .other else { return }
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
