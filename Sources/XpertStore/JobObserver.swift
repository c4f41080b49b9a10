import XpertCore

/// Reads what a job directory says, reading as little as the question needs.
public struct JobObserver: Sendable {
  /// How locks are judged (this host, pid and the heartbeat timeout).
  public var lock: JobLock

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
    let marker = CompletionMarker.read(directory)
    if marker != .absent {
      return ObservedJob(marker: marker, recordStatus: nil, lock: .none)
        .state(commandHash: CommandHash.of(job.command))
    }
    // No directory at all: a new job, known from one more system call.
    if !FileSystem.exists(directory.path) {
      if !parent.isEmpty && !FileSystem.exists(parent) { missing.parents.insert(parent) }
      return .new
    }
    return ObservedJob(
      marker: .absent, recordStatus: record(in: directory)?.status, lock: lock.state(directory)
    ).state(commandHash: CommandHash.of(job.command))
  }

  /// The record in `directory`, if there is one this version can read.
  public func record(in directory: JobDirectory) -> JobRecord? {
    guard let bytes = try? FileSystem.readFile(directory.path + "/" + Self.recordName) else {
      return nil
    }
    return try? JobRecordCoding.decode(bytes: bytes)
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

  /// None known yet.
  public init() {}
}
