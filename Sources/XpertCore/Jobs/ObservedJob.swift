/// What a job's directory says, read by the store: the marker, the record and the lock.
public struct ObservedJob: Sendable, Hashable {
  /// The completion marker.
  public enum Marker: Sendable, Hashable {
    /// No `completed.flag`.
    case absent
    /// An empty flag, as the original tool wrote it: completed, command unknown.
    case legacy
    /// A flag naming the command hash it completed with.
    case hash(String)
    /// Something named `completed.flag` that is not a readable regular file (a directory, a
    /// FIFO, a file we may not read), or a job directory that cannot be searched (a path too
    /// long, a symlink loop, no permission): why. Never taken as completed.
    case unreadable(String)
  }

  /// The lock file.
  public enum Lock: Sendable, Hashable {
    /// No lock.
    case none
    /// Held by a live runner.
    case held
    /// Left by a runner that is gone (dead pid, or no heartbeat for too long).
    case abandoned
  }

  /// The completion marker.
  public var marker: Marker
  /// The record's status, if there is a record.
  public var recordStatus: JobState?
  /// The lock.
  public var lock: Lock

  /// Creates an observation.
  public init(marker: Marker, recordStatus: JobState?, lock: Lock) {
    self.marker = marker
    self.recordStatus = recordStatus
    self.lock = lock
  }

  /// The job's state for a job whose resolved command hashes to `commandHash`.
  public func state(commandHash: String) -> JobState {
    switch marker {
    case .legacy: return .completed
    case .hash(let hash): return hash == commandHash ? .completed : .stale
    case .unreadable: return .failed
    case .absent: break
    }
    switch lock {
    case .held: return .running
    case .abandoned: return .interrupted
    case .none: break
    }
    switch recordStatus {
    case nil, .new?, .completed?, .stale?, .pending?: return .new
    case .running?: return .interrupted
    case let status?: return status
    }
  }
}
