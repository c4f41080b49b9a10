/// How the jobs of a run ended, for the summary.
public struct RunCounts: Sendable, Hashable {
  /// Jobs in the plan (after `--only` / `--uid`).
  public var total: Int
  /// Jobs that exited 0.
  public var succeeded = 0
  /// Jobs that failed (non-zero exit, a signal, a time limit, or could not be started).
  public var failed = 0
  /// Of the failed jobs, those that ran past their time limit.
  public var timedOut = 0
  /// Jobs not run: completed before, stale, held by another runner, or not selected by
  /// `--rerun`.
  public var skipped = 0
  /// Of the skipped jobs, those that completed with an older command.
  public var stale = 0
  /// Of the skipped jobs, those another runner holds.
  public var elsewhere = 0
  /// Jobs stopped by Xpert after a signal or `--fail-fast=now`.
  public var interrupted = 0
  /// Jobs cancelled with `xpert cancel` (Slurm).
  public var cancelled = 0

  /// Counts for a plan of `total` jobs, none finished yet.
  public init(total: Int) {
    self.total = total
  }

  /// Jobs that never started (a signal or `--fail-fast` came first).
  public var notStarted: Int { total - succeeded - failed - skipped - interrupted - cancelled }
}
