/// How the jobs of a run ended, for the summary.
public struct RunCounts: Sendable, Hashable {
  /// Jobs in the plan.
  public var total: Int
  /// Jobs that exited 0.
  public var succeeded = 0
  /// Jobs that failed (non-zero exit, a signal, or could not be started).
  public var failed = 0
  /// Jobs skipped because they had completed before.
  public var skipped = 0
  /// Jobs stopped by Xpert after a signal.
  public var interrupted = 0

  /// Counts for a plan of `total` jobs, none finished yet.
  public init(total: Int) {
    self.total = total
  }

  /// Jobs that never started (a signal came first).
  public var notStarted: Int { total - succeeded - failed - skipped - interrupted }
}
