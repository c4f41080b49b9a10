import XpertCore
import XpertStore

/// A job whose process is running: what the run loop needs when it ends.
struct RunningJob: Sendable {
  /// The job's index in the plan.
  var index: Int
  /// Its GPU slot, if the run has GPU entries.
  var slot: Int?
  /// The process id, which is also its process group id.
  var pid: Int32
  /// The log files of this attempt.
  var logs: LogFiles
}
