import XpertCore
import XpertReport
import XpertRuntime
import XpertStore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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
    /// GPUs for every job (`--gpus-per-job`), overriding the config's.
    public var gpusPerJobOverride: Int?
    /// GPUs for jobs whose `[slurm]`, `[exp.slurm]` and group set none (`[flags]`).
    public var defaultGPUsPerJob: Int?
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
    /// Of the skipped jobs, those queued in Slurm from earlier submissions.
    public var queued = 0
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

  /// Submits the jobs of `selected` that need running. `ledgers` are the sweep's (the
  /// primary one first: new submissions go there).
  public func submit(
    _ selected: [Job], config: SweepConfig, ledgers: [SlurmLedger], options: Options
  ) throws(SlurmError) -> Outcome {
    let ledger = ledgers[0]
    var decision = try decide(selected, config: config, ledgers: ledgers, options: options)
    guard !decision.chosen.isEmpty else {
      for line in decision.lines { output.line(line) }
      if options.dryRun { output.line("Nothing to submit.") }
      return decision.outcome
    }
    let settings: SlurmCommands.ClusterSettings
    do {
      try commands.requireSbatch()
      settings = try commands.clusterSettings()
    } catch {
      guard options.dryRun else { throw error }
      output.line(lines.warning("\(error.message); assuming MaxArraySize = 1001"))
      settings = SlurmCommands.ClusterSettings(maxArraySize: 1001, killWait: 30)
    }
    var lock: (descriptor: Int32, created: String?) = (-1, nil)
    if !options.dryRun {
      // A signal now ends the submission cleanly instead of leaving held arrays behind.
      InterruptFlag.install()
      do {
        // One submitter at a time (two at once would both see nothing queued), and a second
        // look at what is queued, now that no other submitter can change it.
        lock = try ledger.lockSubmissions()
      } catch {
        throw SlurmError(
          "cannot lock the sweep's submissions: \(error)",
          help: "the job directories' common parent must be writable (it holds .xpert/)")
      }
      do {
        decision = try decide(selected, config: config, ledgers: ledgers, options: options)
      } catch {
        ledger.unlockSubmissions(lock)
        throw error
      }
    }
    defer { ledger.unlockSubmissions(lock, keep: decision.outcome.submission != nil) }
    for line in decision.lines { output.line(line) }
    let chosen = decision.chosen
    guard !chosen.isEmpty else { return decision.outcome }
    let arrays = SlurmArrayPlanner.arrays(chosen, maxArraySize: settings.maxArraySize)
    let id = SlurmLedger.newSubmissionID()
    // A task stops its job within Slurm's KillWait, so that it can still record the ending.
    let grace = max(0.5, min(options.grace, Double(settings.killWait) - 1.5))
    let earlier = decision.queuedArrays
    let invocations = arrays.enumerated().map { offset, array in
      invocation(
        array, number: offset + 1, id: id, ledger: ledger, options: options, grace: grace,
        earlier: earlier)
    }
    if options.dryRun {
      printDryRun(arrays, invocations, ledger: ledger, id: id)
      return decision.outcome
    }
    let topmost: String
    do {
      topmost = try ledger.prepare(id)
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
    let (submission, arguments) = try submitHeld(
      arrays, invocations, id: id, ledger: ledger, topmost: topmost, options: options)
    for (offset, array) in submission.arrays.enumerated() {
      output.line(
        lines.submitted(jobID: array.jobID, jobs: array.tasks, detail: describe(arguments[offset])))
    }
    decision.outcome.submission = submission
    return decision.outcome
  }

  /// What a submission would do now: its console lines for the skipped jobs, the jobs to
  /// submit with their requests, and the arrays already queued.
  struct Decision {
    var lines: [String] = []
    var outcome = Outcome()
    var chosen: [(Job, SlurmRequest)] = []
    var queuedArrays: [String] = []
  }

  private func decide(
    _ selected: [Job], config: SweepConfig, ledgers: [SlurmLedger], options: Options
  ) throws(SlurmError) -> Decision {
    var decision = Decision()
    let tracker = options.dryRun ? nil : try SlurmTracker(ledgers: ledgers, commands: commands)
    decision.lines = (tracker?.problems ?? []).map(lines.warning)
    if let untracked = tracker?.untrackedQueuedArrays, !untracked.isEmpty {
      throw SlurmError(
        "Slurm jobs \(untracked.joined(separator: ", ")) of this sweep are still queued, but "
          + "their plans cannot be read, so xpert cannot tell which jobs they run; submitting "
          + "now could run a job twice",
        help: "cancel them (scancel \(untracked.joined(separator: " "))) or restore their plan "
          + "files, then run again")
    }
    decision.queuedArrays = tracker?.queuedArrays ?? []
    let observer = JobObserver(lock: JobLock.observerOnly())
    var missing = MissingDirectories()
    for var job in selected {
      if let task = tracker?.isQueued(job) {
        let state = task.status?.queuedState ?? .pending
        decision.lines.append(
          lines.skippedQueued(
            command: job.command, state: state, taskID: task.taskID,
            detail: state == .pending ? task.status?.reason : task.status?.node))
        decision.outcome.skipped += 1
        decision.outcome.queued += 1
        continue
      }
      let state = observer.state(of: job, missing: &missing)
      guard RerunPolicy.runs(state, policies: options.rerun) else {
        decision.lines.append(lines.skipped(command: job.command, state: state))
        decision.outcome.skipped += 1
        continue
      }
      job.timeout = options.timeoutOverride ?? job.timeout ?? options.defaultTimeout
      job.retries = options.retriesOverride ?? job.retries ?? options.defaultRetries
      // One key, one meaning: `gpus_per_job` of a group or `[flags]` asks Slurm for GPUs too.
      // The more specific wins: the option, `[exp.slurm]`, the group, `[slurm]`, `[flags]`.
      var request = config.slurmRequest(ofGroup: job.group)
      let group = config.groups.indices.contains(job.group - 1) ? config.groups[job.group - 1] : nil
      request.gpusPerJob =
        options.gpusPerJobOverride ?? group?.slurm?.gpusPerJob ?? job.gpusPerJob
        ?? config.slurm.gpusPerJob ?? options.defaultGPUsPerJob
      decision.chosen.append((job, request))
    }
    decision.outcome.submitted = Set(decision.chosen.map(\.0.directory))
    return decision
  }

  private func invocation(
    _ array: SlurmArray, number: Int, id: String, ledger: SlurmLedger, options: Options,
    grace: Double, earlier: [String]
  ) -> SbatchInvocation {
    var settings = SbatchInvocation.Settings(
      executable: options.executable, config: options.config,
      workingDirectory: options.workingDirectory, planPath: ledger.planPath(id, array: number),
      scriptPath: ledger.scriptPath(id, array: number), logDirectory: ledger.logDirectory(id),
      defaultJobName: options.jobName)
    settings.throttle = options.throttle
    // With a throttle, arrays run one after another, after the arrays of earlier submissions
    // that are still queued, so that the sweep as a whole never has more than num_proc jobs
    // running.
    if options.throttle != nil {
      if number > 1 {
        settings.after = Self.placeholder(number - 1)
      } else if !earlier.isEmpty {
        settings.after = earlier.joined(separator: ":")
      }
    }
    let longest = array.jobs.compactMap(\.timeout).max()
    if let longest, array.request.time == nil {
      // Xpert's own limit ends the job (and records it timed out) before Slurm's does.
      settings.defaultTime = SlurmRequest.slurmTime(seconds: longest + grace + 60)
    }
    // Slurm checks time limits every 30 s and may warn up to a minute early; never more than
    // half of a known limit early.
    var warning = grace.rounded(.up) + 45
    if let limit = (array.request.time ?? settings.defaultTime).flatMap(
      SlurmRequest.seconds(ofSlurmTime:))
    {
      warning = min(warning, max(grace.rounded(.up) + 5, limit / 2))
    }
    settings.warningSeconds = Int(warning)
    return SbatchInvocation(array: array, number: number, settings: settings)
  }

  /// Where array `number`'s job id goes in a later array's `--dependency`, until it is known.
  static func placeholder(_ number: Int) -> String { "<array \(number)>" }
}
