import XpertCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads what a job directory says, reading as little as the question needs.
public struct JobObserver: Sendable {
  /// How locks are judged (this host, pid and the heartbeat timeout).
  public var lock: JobLock
  /// Whether a job whose runner is gone but whose processes live on this host is `running`
  /// (for `status` and `list`); a run sees it as `interrupted`, to stop those processes and
  /// start the job again.
  public var orphansAreRunning = true
  /// Told about records that cannot be used (damaged, or of a newer version), with what to do.
  public var onProblem: (@Sendable (String) -> Void)?

  /// An observer.
  public init(lock: JobLock) {
    self.lock = lock
  }

  /// The record file's name.
  public static let recordName = "xpert-record.json"

  /// The state of `job`: the marker alone when it exists (one small file), else the lock and
  /// the record.
  public func state(of job: Job) -> JobState {
    var missing = MissingDirectories()
    return state(of: job, missing: &missing)
  }

  /// The state of `job`, remembering in `missing` the parent directories found missing, so
  /// that the jobs beside it in a sweep not yet run cost no system call at all.
  public func state(of job: Job, missing: inout MissingDirectories) -> JobState {
    let parent = String(
      job.directory[..<(job.directory.lastIndex(of: "/") ?? job.directory.startIndex)])
    if missing.parents.contains(parent) { return .new }
    let directory = JobDirectory(path: job.directory)
    let leaf = job.directory[job.directory.index(after: parent.endIndex)...]
    let marker =
      missing.parent(parent).map { CompletionMarker.read(job: leaf, in: $0) }
      ?? CompletionMarker.read(directory)
    if marker != .absent {
      return ObservedJob(marker: marker, recordStatus: nil, lock: .none)
        .state(commandHash: CommandHash.of(job.command))
    }
    // No directory at all: a new job, known from one more system call.
    if !FileSystem.exists(directory.path) {
      if !parent.isEmpty && !FileSystem.exists(parent) { missing.parents.insert(parent) }
      return .new
    }
    let lockState = lock.state(directory)
    var record: JobRecord?
    let path = directory.path + "/" + Self.recordName
    var problem: String?
    switch readRecord(in: directory) {
    case .valid(let valid): record = valid
    case .absent: break
    case .damaged(let reason):
      problem =
        "\(path) is damaged (\(reason)): the job counts as interrupted; a run keeps the file "
        + "aside and runs the job again"
    case .unreadable(let reason):
      problem = "\(reason): the job counts as interrupted"
    case .newer(let version):
      problem =
        "\(path) is of record version \(version), newer than this xpert reads "
        + "(\(JobRecord.currentVersion)): upgrade xpert; a run skips the job"
    }
    if let problem {
      // The record cannot tell: the job counts as interrupted (or running, while held).
      onProblem?(problem)
      return lockState == .held ? .running : .interrupted
    }
    // A runner killed with SIGKILL leaves its jobs running: while they are, the job runs.
    if orphansAreRunning, lockState != .held, let record, isOrphaned(record) { return .running }
    return ObservedJob(marker: .absent, recordStatus: record?.status, lock: lockState)
      .state(commandHash: CommandHash.of(job.command))
  }

  /// Whether the attempt that `record` says is running still has its processes alive on this
  /// host (its keeper, with the same start time) although no live runner holds the job.
  public func isOrphaned(_ record: JobRecord) -> Bool {
    Self.keeperIsAlive(in: record, host: lock.host)
  }

  /// Whether `record` says an attempt runs on `host` whose keeper (pid and start time) is
  /// still alive there.
  public static func keeperIsAlive(in record: JobRecord, host: String) -> Bool {
    guard record.status == .running, let last = record.attempts.last, last.outcome == .running,
      last.host == host, let start = last.processStart
    else { return false }
    return ProcessIdentity.isAlive(last.pid, start: start)
  }

  /// The record in `directory`, if there is one this version can read.
  public func record(in directory: JobDirectory) -> JobRecord? {
    if case .valid(let record) = readRecord(in: directory) { return record }
    return nil
  }

  /// What reading a record found.
  public enum RecordReading: Sendable {
    /// No record file.
    case absent
    /// A record.
    case valid(JobRecord)
    /// A record file this or any version cannot read: why.
    case damaged(String)
    /// A record of a newer format version: never overwritten.
    case newer(Int)
    /// The file could not be read (too many open files, an I/O or NFS error): why. Nothing is
    /// concluded about the record.
    case unreadable(String)
  }

  /// The record in `directory`, or why there is none to use.
  public func readRecord(in directory: JobDirectory) -> RecordReading {
    Self.readRecord(in: directory)
  }

  /// The record in `directory`, or why there is none to use.
  public static func readRecord(in directory: JobDirectory) -> RecordReading {
    let path = directory.path + "/" + Self.recordName
    let bytes: [UInt8]
    do {
      bytes = try FileSystem.readFile(path)
    } catch {
      switch error.code {
      case ENOENT, ENOTDIR: return .absent
      case EISDIR: return .damaged("it is a directory")
      default: return .unreadable(error.description)
      }
    }
    do {
      return .valid(try JobRecordCoding.decode(bytes: bytes))
    } catch .unsupportedVersion(let version) {
      return .newer(version)
    } catch .outOfRange(let what) {
      return .damaged("\(what) is out of range")
    } catch {
      return .damaged(bytes.isEmpty ? "it is empty" : "it is not a job record (truncated?)")
    }
  }

  /// Writes `record` into `directory` atomically.
  public func write(_ record: JobRecord, in directory: JobDirectory) throws(SystemError) {
    try AtomicFile.write(
      JobRecordCoding.encode(record), to: directory.path + "/" + Self.recordName)
  }
}

/// Parent directories known not to exist while a plan is read.
public struct MissingDirectories: Sendable {
  var parents: Set<String> = []
  /// The parent directory of the last job looked at, held open: the jobs beside it are read
  /// relative to it (`openat`), so the kernel walks their path from there, not from `/`.
  var open: OpenDirectory?

  /// None known yet.
  public init() {}

  /// The open parent directory `path`, opening it (and closing the last one) if needed.
  mutating func parent(_ path: String) -> OpenDirectory? {
    if let open, open.path == path { return open }
    open = OpenDirectory(path)
    return open
  }
}

/// A directory held open for `openat`, closed when the last reference goes.
final class OpenDirectory: @unchecked Sendable {
  let path: String
  let descriptor: Int32

  init?(_ path: String) {
    let descriptor = Glibc.open(path.isEmpty ? "/" : path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    self.path = path
    self.descriptor = descriptor
  }

  deinit { close(descriptor) }
}
