/// What one Slurm job array runs, written to its plan file at submission: task *i* of the
/// array runs `jobs[i]` with these settings. A compute node needs nothing else (not even the
/// config), so a task always runs exactly the job that was submitted.
public struct SlurmPlan: Sendable, Hashable {
  /// The version of the plan file format this code writes and reads.
  public static let currentVersion = 1

  /// The version of Xpert that wrote the plan.
  public var xpertVersion = XpertVersion.current
  /// The absolute path of the config.
  public var config: String
  /// The directory the submission was made in (the jobs' working directory).
  public var workingDirectory: String
  /// The submission's id, the name of its directory under `.xpert/slurm/`.
  public var submission: String
  /// The 1-based number of this array within the submission.
  public var array: Int
  /// The git commit of the working directory at submission, if any.
  public var gitCommit: String?
  /// Whether that tree had uncommitted changes.
  public var gitDirty: Bool?
  /// Which jobs a task runs again besides those a plain run starts (it checks again).
  public var rerun: Set<RerunPolicy> = []
  /// Seconds between SIGTERM and SIGKILL when a task stops its job.
  public var grace: Double = 10
  /// Seconds without a heartbeat after which a lock counts as abandoned.
  public var lockTimeout: Double = 60
  /// The jobs, by array task id; each with its time limit and retries already resolved.
  public var jobs: [Job]

  /// Creates a plan.
  public init(
    config: String, workingDirectory: String, submission: String, array: Int, jobs: [Job]
  ) {
    self.config = config
    self.workingDirectory = workingDirectory
    self.submission = submission
    self.array = array
    self.jobs = jobs
  }
}
