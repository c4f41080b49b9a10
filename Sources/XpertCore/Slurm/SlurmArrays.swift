/// One job array to submit: jobs with the same resource request, at most `MaxArraySize` of
/// them; task *i* runs `jobs[i]`.
public struct SlurmArray: Sendable, Hashable {
  /// What each task asks for.
  public var request: SlurmRequest
  /// The jobs by array task id.
  public var jobs: [Job]

  /// Creates an array.
  public init(request: SlurmRequest, jobs: [Job]) {
    self.request = request
    self.jobs = jobs
  }

  /// `0-N` (with `%throttle`): the `--array` value.
  public func indexRange(throttle: Int?) -> String {
    "0-\(jobs.count - 1)" + (throttle.map { "%\($0)" } ?? "")
  }
}

/// Decides how the jobs to submit become job arrays: one array per distinct resource request
/// (in the order requests first appear), split so that no array is larger than the cluster's
/// `MaxArraySize`. Never one `sbatch` per job.
public enum SlurmArrayPlanner {
  /// The arrays for `jobs`, each paired with its request, in plan order.
  public static func arrays(_ jobs: [(Job, SlurmRequest)], maxArraySize: Int) -> [SlurmArray] {
    precondition(maxArraySize >= 1, "MaxArraySize must be at least 1")
    var order: [SlurmRequest] = []
    var byRequest: [SlurmRequest: [Job]] = [:]
    for (job, request) in jobs {
      if byRequest[request] == nil { order.append(request) }
      byRequest[request, default: []].append(job)
    }
    var arrays: [SlurmArray] = []
    for request in order {
      let members = byRequest[request]!
      var start = 0
      while start < members.count {
        let end = min(start + maxArraySize, members.count)
        arrays.append(SlurmArray(request: request, jobs: Array(members[start..<end])))
        start = end
      }
    }
    return arrays
  }
}

/// The `sbatch` command line and batch script of one array.
public struct SbatchInvocation: Sendable, Hashable {
  /// The arguments after `sbatch`, the script's path last.
  public var arguments: [String]
  /// The batch script.
  public var script: String

  /// What the invocation needs to know besides the array.
  public struct Settings: Sendable, Hashable {
    /// The absolute path of the `xpert` executable the tasks run.
    public var executable: String
    /// The config's absolute path (for the script's comment).
    public var config: String
    /// The working directory of the tasks.
    public var workingDirectory: String
    /// The plan file, the script file and the directory for Slurm's own output files.
    public var planPath: String
    /// The batch script's path.
    public var scriptPath: String
    /// Where Slurm writes each task's output (Xpert's messages).
    public var logDirectory: String
    /// At most this many tasks of the array at once (`num_proc`), if set.
    public var throttle: Int?
    /// The Slurm job id this array waits for (`afterany`), if any.
    public var after: String?
    /// `--time` when the request sets none.
    public var defaultTime: String?
    /// `--job-name` when the request sets none.
    public var defaultJobName: String
    /// Seconds before the time limit at which Slurm sends the task SIGUSR1.
    public var warningSeconds: Int

    /// Creates settings.
    public init(
      executable: String, config: String, workingDirectory: String, planPath: String,
      scriptPath: String, logDirectory: String, defaultJobName: String
    ) {
      self.executable = executable
      self.config = config
      self.workingDirectory = workingDirectory
      self.planPath = planPath
      self.scriptPath = scriptPath
      self.logDirectory = logDirectory
      self.defaultJobName = defaultJobName
      self.throttle = nil
      self.after = nil
      self.defaultTime = nil
      self.warningSeconds = 60
    }
  }

  /// The invocation for `array`, held until every array of the submission is in.
  public init(array: SlurmArray, number: Int, settings: Settings) {
    var arguments = [
      "--parsable", "--hold", "--array=" + array.indexRange(throttle: settings.throttle),
      "--output=" + settings.logDirectory + "/%A_%a.out",
      "--chdir=" + settings.workingDirectory,
      "--signal=B:USR1@\(settings.warningSeconds)",
    ]
    if let after = settings.after { arguments.append("--dependency=afterany:" + after) }
    arguments += array.request.sbatchOptions(
      defaultTime: settings.defaultTime, defaultJobName: settings.defaultJobName)
    arguments.append(settings.scriptPath)
    self.arguments = arguments
    script = """
      #!/bin/sh
      # Written by xpert \(XpertVersion.current): array \(number) of a submission of
      # \(settings.config.replacing("\n", with: " "))
      # Task i runs the i-th job of the plan file below. Its logs, record and completed.flag go
      # to the job's own directory; this task's Slurm output holds Xpert's messages only.
      exec \(ShellQuoting.quote(settings.executable)) slurm-task \(ShellQuoting.quote(settings.planPath))

      """
  }
}
