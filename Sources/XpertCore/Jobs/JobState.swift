/// What is known about a job from its directory.
public enum JobState: String, Sendable, Hashable, CaseIterable {
  /// It has never run (or its record was removed).
  case new
  /// A runner holds its lock now.
  case running
  /// It exited 0 with the command the config has now.
  case completed
  /// Its last attempt exited non-zero, was killed by a signal, or could not start.
  case failed
  /// Its last attempt ran past its time limit.
  case timedOut = "timed-out"
  /// Its last attempt was stopped by Xpert after a signal, or its runner died.
  case interrupted
  /// It completed, but with a command that is no longer the one in the config.
  case stale
  /// It is submitted to Slurm and waits there to start.
  case pending
  /// `xpert cancel` cancelled it in Slurm.
  case cancelled

  /// Whether the job has ended, one way or another (nothing runs or waits for it).
  public var hasEnded: Bool {
    switch self {
    case .completed, .failed, .timedOut, .interrupted, .cancelled, .stale: true
    case .new, .running, .pending: false
    }
  }

  /// Whether a plain run (no `--rerun`) starts the job.
  public var runsByDefault: Bool {
    switch self {
    case .new, .failed, .timedOut, .interrupted, .cancelled: true
    case .running, .pending, .completed, .stale: false
    }
  }
}

/// Which jobs a run starts besides those a plain run starts.
public enum RerunPolicy: String, Sendable, Hashable, CaseIterable {
  /// Only failed, timed-out, interrupted and cancelled jobs.
  case failed
  /// Also the stale ones (completed with an old command).
  case stale
  /// Every job, completed ones included: the same as `restart`.
  case all

  /// Whether a job in `state` runs under the given policies (none: a plain run).
  public static func runs(_ state: JobState, policies: Set<RerunPolicy>) -> Bool {
    if state == .running || state == .pending { return false }
    if policies.isEmpty { return state.runsByDefault }
    if policies.contains(.all) { return true }
    if policies.contains(.failed) && [.failed, .timedOut, .interrupted, .cancelled].contains(state)
    {
      return true
    }
    if policies.contains(.stale) && (state == .stale || state.runsByDefault) { return true }
    return false
  }
}
