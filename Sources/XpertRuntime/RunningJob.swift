import XpertCore
import XpertStore

/// A job whose process is running: what the run loop needs when it ends.
struct RunningJob: Sendable {
  /// The job's index in the plan.
  var index: Int
  /// A number unique within this run, for timers.
  var serial: Int
  /// Its GPU slots, if the run has GPU entries.
  var slots: [Int]
  /// Its keeper.
  var launched: LaunchedJob
  /// Its GPU leases, if the run takes them.
  var leases: GPULeases.Held?
  /// Whether another job ran on one of its devices while it ran.
  var shared = false
  /// The job's record, with this attempt last.
  var record: JobRecord
  /// Whether it ran past its time limit.
  var timedOut = false
  /// Whether `xpert cancel` stopped it.
  var cancelled = false
  /// Whether it was asked to stop (so it is stopped only once).
  var stopRequested = false
  /// Whether another runner took the job over (this runner was stopped past the lock timeout):
  /// nothing of this attempt is written any more.
  var lostLock = false

  /// The keeper's pid, which is also the job's process group id.
  var pid: Int32 { launched.pid }
}
