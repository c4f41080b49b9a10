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

  /// Whether a plain run (no `--rerun`) starts the job.
  public var runsByDefault: Bool {
    switch self {
    case .new, .failed, .timedOut, .interrupted: true
    case .running, .completed, .stale: false
    }
  }
}

/// Which jobs a run starts besides those a plain run starts.
public enum RerunPolicy: String, Sendable, Hashable, CaseIterable {
  /// Only failed, timed-out and interrupted jobs.
  case failed
  /// Also the stale ones (completed with an old command).
  case stale
  /// Every job, completed ones included: the same as `restart`.
  case all

  /// Whether a job in `state` runs under the given policies (none: a plain run).
  public static func runs(_ state: JobState, policies: Set<RerunPolicy>) -> Bool {
    if state == .running { return false }
    if policies.isEmpty { return state.runsByDefault }
    if policies.contains(.all) { return true }
    if policies.contains(.failed) && [.failed, .timedOut, .interrupted].contains(state) {
      return true
    }
    if policies.contains(.stale) && (state == .stale || state.runsByDefault) { return true }
    return false
  }
}
