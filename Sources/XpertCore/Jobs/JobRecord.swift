/// Everything Xpert knows about one job, as stored in its directory (`xpert-record.json`).
public struct JobRecord: Sendable, Hashable {
  /// The version of the record format this code writes.
  public static let currentVersion = 1

  /// The format version of this record.
  public var version = JobRecord.currentVersion
  /// The job's uid as the config makes it.
  public var uid: String
  /// The 1-based group number.
  public var group: Int
  /// The absolute path of the config the job came from.
  public var config: String
  /// The resolved command.
  public var command: String
  /// `CommandHash.of(command)`.
  public var commandHash: String
  /// The job's field values.
  public var fields: [JobField]
  /// The state after the last attempt (`running` while one runs).
  public var status: JobState
  /// The version of Xpert that wrote the record.
  public var xpertVersion: String
  /// The git commit of the working directory, if it is in a repository.
  public var gitCommit: String?
  /// Whether that working tree had uncommitted changes.
  public var gitDirty: Bool?
  /// Every attempt, oldest first.
  public var attempts: [JobAttempt]

  /// Creates a record.
  public init(
    uid: String, group: Int, config: String, command: String, fields: [JobField],
    status: JobState, xpertVersion: String = XpertVersion.current, gitCommit: String? = nil,
    gitDirty: Bool? = nil, attempts: [JobAttempt] = []
  ) {
    self.uid = uid
    self.group = group
    self.config = config
    self.command = command
    self.commandHash = CommandHash.of(command)
    self.fields = fields
    self.status = status
    self.xpertVersion = xpertVersion
    self.gitCommit = gitCommit
    self.gitDirty = gitDirty
    self.attempts = attempts
  }
}

/// One run of a job's process.
public struct JobAttempt: Sendable, Hashable {
  /// 1-based, counted over all runs of the job (`XPERT_ATTEMPT`).
  public var number: Int
  /// Start, in seconds since 1970.
  public var start: Double
  /// End, in seconds since 1970; `nil` while it runs.
  public var end: Double?
  /// How it ended; `nil` while it runs or when it could not start.
  public var termination: Termination?
  /// The outcome: `running`, `completed`, `failed`, `timed-out` or `interrupted`.
  public var outcome: JobState
  /// The machine it ran on.
  public var host: String
  /// The process id (0 when it could not start): the job's keeper, which leads its process
  /// group.
  public var pid: Int32
  /// The start time of that process in clock ticks since boot (tells it from a reused pid);
  /// `nil` in records of Xpert 0.x before keepers.
  public var processStart: UInt64?
  /// Its `CUDA_VISIBLE_DEVICES` entry, if the run had GPU entries.
  public var gpu: String?
  /// What those devices are, when `nvidia-smi` said (`0: NVIDIA A100 (GPU-5d5b…)`, one per
  /// device, separated by `; `).
  public var gpuNames: String?
  /// The name of its stdout log in the job directory.
  public var stdoutLog: String?
  /// The name of its stderr log.
  public var stderrLog: String?
  /// Why it could not start or could not be recorded, if so.
  public var message: String?

  /// Creates an attempt.
  public init(
    number: Int, start: Double, end: Double? = nil, termination: Termination? = nil,
    outcome: JobState, host: String, pid: Int32, processStart: UInt64? = nil, gpu: String? = nil,
    stdoutLog: String? = nil, stderrLog: String? = nil, message: String? = nil
  ) {
    self.number = number
    self.start = start
    self.end = end
    self.termination = termination
    self.outcome = outcome
    self.host = host
    self.pid = pid
    self.processStart = processStart
    self.gpu = gpu
    self.stdoutLog = stdoutLog
    self.stderrLog = stderrLog
    self.message = message
  }

  /// Seconds from start to end, when it has ended.
  public var duration: Double? { end.map { $0 - start } }
}
