import XpertCore
import XpertStore

/// A job whose process is running: what the run loop needs when it ends.
struct RunningJob: Sendable {
  /// The job's index in the plan.
  var index: Int
  /// A number unique within this run, for timers.
  var serial: Int
  /// Its GPU slot, if the run has GPU entries.
  var slot: Int?
  /// The process id, which is also its process group id.
  var pid: Int32
  /// The job's record, with this attempt last.
  var record: JobRecord
  /// Whether it ran past its time limit.
  var timedOut = false
}
