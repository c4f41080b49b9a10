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
    let directory = JobDirectory(path: job.directory)
    let marker = CompletionMarker.read(directory)
    if marker != .absent {
      return ObservedJob(marker: marker, recordStatus: nil, lock: .none)
        .state(commandHash: CommandHash.of(job.command))
    }
    // No directory at all: a new job, known from one more system call.
    if !FileSystem.exists(directory.path) { return .new }
    return ObservedJob(
      marker: .absent, recordStatus: record(in: directory)?.status, lock: lock.state(directory)
    ).state(commandHash: CommandHash.of(job.command))
  }

  /// The record in `directory`, if there is one this version can read.
  public func record(in directory: JobDirectory) -> JobRecord? {
    guard let text = AtomicFile.read(directory.path + "/" + Self.recordName) else { return nil }
    return try? JobRecordCoding.decode(text)
  }

  /// Writes `record` into `directory` atomically.
  public func write(_ record: JobRecord, in directory: JobDirectory) throws(SystemError) {
    try AtomicFile.write(
      JobRecordCoding.encode(record), to: directory.path + "/" + Self.recordName)
  }
}
