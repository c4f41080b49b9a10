import XpertCore
import XpertReport
import XpertRuntime
import XpertStore

/// Submits what needs running as Slurm job arrays: decides which jobs go (not completed, not
/// already queued in Slurm), groups them into arrays, writes each array's plan and batch
/// script, and submits every array held until all are in, so that a refused array leaves
/// nothing behind and nothing recorded as submitted.
public struct SlurmSubmitter: Sendable {
  /// How a submission behaves.
  public struct Options: Sendable {
    /// Which jobs run besides those a plain run starts.
    public var rerun: Set<RerunPolicy> = []
    /// At most this many jobs of the sweep at once (`num_proc`, when set).
    public var throttle: Int?
    /// Seconds between SIGTERM and SIGKILL when a task stops its job.
    public var grace: Double = 10
    /// Seconds without a heartbeat after which a lock counts as abandoned.
    public var lockTimeout: Double = 60
    /// A time limit for every job that overrides the config's (`--timeout`).
    public var timeoutOverride: Double?
    /// The time limit for jobs whose group sets none (`[flags]`).
    public var defaultTimeout: Double?
    /// Retries for every job, overriding the config's.
    public var retriesOverride: Int?
    /// Retries for jobs whose group sets none.
    public var defaultRetries = 0
    /// The config's absolute path.
    public var config: String
    /// The git commit and dirty flag of the working directory.
    public var gitCommit: String?
    /// Whether the tree had uncommitted changes.
    public var gitDirty: Bool?
    /// The directory jobs run in.
    public var workingDirectory: String
    /// The `xpert` executable the tasks run (on a shared file system).
    public var executable: String
    /// `--job-name` when `[slurm]` sets none: the config's file name.
    public var jobName: String
    /// Print the scripts and `sbatch` arguments instead of submitting.
    public var dryRun = false

    /// Creates options.
    public init(config: String, workingDirectory: String, executable: String, jobName: String) {
      self.config = config
      self.workingDirectory = workingDirectory
      self.executable = executable
      self.jobName = jobName
    }
  }

  /// What a submission did.
  public struct Outcome: Sendable {
    /// The submission, `nil` when nothing was submitted (or on a dry run).
    public var submission: SlurmSubmission?
    /// Jobs not submitted (completed, stale, queued in Slurm already, running elsewhere).
    public var skipped = 0
    /// The directories of the jobs submitted (or, on a dry run, that would be).
    public var submitted: Set<String> = []
  }

  /// Slurm's commands.
  public var commands: SlurmCommands
  /// Where console lines go.
  public var output: ConsoleWriter
  /// How they look.
  public var lines: ConsoleLines

  /// Creates a submitter.
  public init(commands: SlurmCommands, output: ConsoleWriter, lines: ConsoleLines) {
    self.commands = commands
    self.output = output
    self.lines = lines
  }

  /// Submits the jobs of `selected` that need running. `ledger` belongs to the whole sweep.
  public func submit(
    _ selected: [Job], config: SweepConfig, ledger: SlurmLedger, options: Options
  ) throws(SlurmError) -> Outcome {
    let tracker = options.dryRun ? nil : try SlurmTracker(ledger: ledger, commands: commands)
    let observer = JobObserver(lock: JobLock.observerOnly())
    var outcome = Outcome()
    var chosen: [(Job, SlurmRequest)] = []
    var missing = MissingDirectories()
    for var job in selected {
      if let task = tracker?.isQueued(job) {
        let state = task.status?.queuedState ?? .pending
        output.line(
          lines.skippedQueued(
            command: job.command, state: state, taskID: task.taskID,
            detail: state == .pending ? task.status?.reason : task.status?.node))
        outcome.skipped += 1
        continue
      }
      let state = observer.state(of: job, missing: &missing)
      guard RerunPolicy.runs(state, policies: options.rerun) else {
        output.line(lines.skipped(command: job.command, state: state))
        outcome.skipped += 1
        continue
      }
      job.timeout = options.timeoutOverride ?? job.timeout ?? options.defaultTimeout
      job.retries = options.retriesOverride ?? job.retries ?? options.defaultRetries
      chosen.append((job, config.slurmRequest(ofGroup: job.group)))
    }
    outcome.submitted = Set(chosen.map(\.0.directory))
    guard !chosen.isEmpty else { return outcome }
    let settings: SlurmCommands.ClusterSettings
    do {
      try commands.requireSbatch()
      settings = try commands.clusterSettings()
    } catch {
      guard options.dryRun else { throw error }
      output.line(lines.warning("\(error.message); assuming MaxArraySize = 1001"))
      settings = SlurmCommands.ClusterSettings(maxArraySize: 1001, killWait: 30)
    }
    let arrays = SlurmArrayPlanner.arrays(chosen, maxArraySize: settings.maxArraySize)
    let id = SlurmLedger.newSubmissionID()
    // A task stops its job within Slurm's KillWait, so that it can still record the ending.
    let grace = max(0.5, min(options.grace, Double(settings.killWait) - 1.5))
    let invocations = arrays.enumerated().map { offset, array in
      invocation(array, number: offset + 1, id: id, ledger: ledger, options: options, grace: grace)
    }
    if options.dryRun {
      printDryRun(arrays, invocations, ledger: ledger, id: id)
      return outcome
    }
    do {
      try ledger.prepare(id)
      for (offset, array) in arrays.enumerated() {
        var plan = SlurmPlan(
          config: options.config, workingDirectory: options.workingDirectory, submission: id,
          array: offset + 1, jobs: array.jobs)
        plan.gitCommit = options.gitCommit
        plan.gitDirty = options.gitDirty
        plan.rerun = options.rerun
        plan.grace = grace
        plan.lockTimeout = options.lockTimeout
        try AtomicFile.write(
          SlurmPlanCoding.encode(plan), to: ledger.planPath(id, array: offset + 1))
        try AtomicFile.write(
          invocations[offset].script, to: ledger.scriptPath(id, array: offset + 1))
      }
    } catch {
      ledger.discard(id)
      throw SlurmError(
        "cannot write the submission's plan: \(error)",
        help: "the job directories' common parent must be writable (it holds .xpert/)")
    }
    let submission = try submitHeld(arrays, invocations, id: id, ledger: ledger, options: options)
    for (offset, array) in submission.arrays.enumerated() {
      output.line(
        lines.submitted(
          jobID: array.jobID, jobs: array.tasks,
          detail: describe(invocations[offset].arguments)))
    }
    outcome.submission = submission
    return outcome
  }

  private func invocation(
    _ array: SlurmArray, number: Int, id: String, ledger: SlurmLedger, options: Options,
    grace: Double
  ) -> SbatchInvocation {
    var settings = SbatchInvocation.Settings(
      executable: options.executable, config: options.config,
      workingDirectory: options.workingDirectory, planPath: ledger.planPath(id, array: number),
      scriptPath: ledger.scriptPath(id, array: number), logDirectory: ledger.logDirectory(id),
      defaultJobName: options.jobName)
    settings.throttle = options.throttle
    // With a throttle, arrays run one after another, so that the sweep as a whole never has
    // more than num_proc jobs running.
    settings.after = options.throttle != nil && number > 1 ? "{array \(number - 1)}" : nil
    let longest = array.jobs.compactMap(\.timeout).max()
    if let longest, array.request.time == nil {
      // Xpert's own limit ends the job (and records it timed out) before Slurm's does.
      settings.defaultTime = SlurmRequest.slurmTime(seconds: longest + grace + 60)
    }
    // Slurm checks time limits every 30 s, so the warning comes between N and N - 30 s before
    // the limit; never more than half of a known limit early.
    var warning = grace.rounded(.up) + 45
    if let limit = (array.request.time ?? settings.defaultTime).flatMap(
      SlurmRequest.seconds(ofSlurmTime:))
    {
      warning = min(warning, max(grace.rounded(.up) + 5, limit / 2))
    }
    settings.warningSeconds = Int(warning)
    return SbatchInvocation(array: array, number: number, settings: settings)
  }

  /// Submits every array held, records the submission, then releases them; on any refusal
  /// the arrays already in are cancelled (they never ran) and the submission is discarded.
  private func submitHeld(
    _ arrays: [SlurmArray], _ invocations: [SbatchInvocation], id: String, ledger: SlurmLedger,
    options: Options
  ) throws(SlurmError) -> SlurmSubmission {
    var submission = SlurmSubmission(
      id: id, submitted: WallClock.now(), config: options.config, arrays: [])
    do throws(SlurmError) {
      var checked = Set<SlurmRequest>()
      for (offset, array) in arrays.enumerated() where checked.insert(array.request).inserted {
        try commands.check(invocations[offset].arguments)
      }
      for (offset, invocation) in invocations.enumerated() {
        let arguments = invocation.arguments.map { argument in
          guard let previous = submission.arrays.last else { return argument }
          return argument.replacing("{array \(offset)}", with: previous.jobID)
        }
        let jobID = try commands.submit(arguments)
        submission.arrays.append(
          SlurmSubmission.Array(number: offset + 1, jobID: jobID, tasks: arrays[offset].jobs.count))
      }
      do {
        try ledger.record(submission)
      } catch {
        throw SlurmError("cannot record the submission: \(error)")
      }
      try commands.release(submission.arrays.map(\.jobID))
    } catch {
      try? commands.cancel(submission.arrays.map(\.jobID))
      ledger.discard(id)
      throw SlurmError(
        error.message
          + (submission.arrays.isEmpty ? "" : " (the arrays already submitted are cancelled)"),
        help: error.help
          ?? "nothing was submitted; fix the [slurm] table or the flags and run again")
    }
    return submission
  }

  private func describe(_ arguments: [String]) -> String {
    arguments.dropLast().filter {
      !$0.hasPrefix("--output=") && !$0.hasPrefix("--chdir=") && !$0.hasPrefix("--parsable")
        && !$0.hasPrefix("--hold") && !$0.hasPrefix("--signal=")
    }.joined(separator: " ")
  }

  private func printDryRun(
    _ arrays: [SlurmArray], _ invocations: [SbatchInvocation], ledger: SlurmLedger, id: String
  ) {
    output.line("# Dry run: nothing is written or submitted. Plans would go to")
    output.line("# \(ledger.submissionDirectory(id))/")
    for (offset, invocation) in invocations.enumerated() {
      output.line("")
      output.line(
        "# Array \(offset + 1): \(arrays[offset].jobs.count) jobs, then released with "
          + "scontrol release once every array is in")
      output.line("sbatch " + invocation.arguments.map(ShellQuoting.quote).joined(separator: " "))
      output.line("# \(ledger.scriptPath(id, array: offset + 1)):")
      output.write(invocation.script)
    }
  }
}
