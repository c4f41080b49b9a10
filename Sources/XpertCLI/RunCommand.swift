import ArgumentParser
import XpertCore
import XpertReport
import XpertRuntime
import XpertSlurm
import XpertStore

/// `xpert run`: runs the jobs of a sweep that have not completed.
struct RunCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run the jobs of a sweep that have not completed yet.")

  @OptionGroup var arguments: ConfigArgument
  @OptionGroup var selection: SelectionOptions
  @OptionGroup var slots: SlotOptions

  @Option(
    name: [.customShort("j"), .customLong("num-proc")], help: "Jobs at once (overrides num_proc).")
  var numProc: Int?

  @Flag(help: "Run completed jobs again (the same as --rerun all; overrides restart).")
  var restart = false

  @Option(
    help: ArgumentHelp(
      "Also run: failed (only failed, timed-out and interrupted jobs), stale (jobs whose command changed), all.",
      valueName: "which"))
  var rerun: [RerunPolicy] = []

  @Option(
    help: ArgumentHelp(
      "A time limit for each job, e.g. 90m, 2h, 30s (overrides timeout).", valueName: "duration"))
  var timeout: String?

  @Option(help: "How many jobs may share one GPU at once (overrides jobs_per_gpu).")
  var jobsPerGpu: Int?

  @Option(help: "How many GPUs each job gets (overrides gpus_per_job).")
  var gpusPerJob: Int?

  @Option(
    help: ArgumentHelp(
      "Memory in use by others that makes a GPU busy, e.g. 2GiB or 10% (overrides gpu_busy_memory).",
      valueName: "size"))
  var gpuBusyMemory: String?

  @Flag(
    inversion: .prefixedNo,
    help: "Skip GPUs that nvidia-smi shows busy with work that is not Xpert's (default: on).")
  var gpuBusyCheck: Bool?

  @Option(help: "Run a failed or timed-out job again up to N times (overrides retries).")
  var retries: Int?

  @Flag(help: "After the first failure start no new job (--fail-fast=now also stops running ones).")
  var failFast = false

  @Flag(name: .customLong("fail-fast-now"), help: .hidden)
  var failFastNow = false

  @Option(help: "Colour the output: auto (on a terminal, unless NO_COLOR is set), always, never.")
  var color: ConsoleStyle.Mode = .auto

  @Option(help: "Seconds between SIGTERM and SIGKILL when stopping a job.")
  var grace: Double = 10

  @Option(
    help: ArgumentHelp(
      "A shell command to run when the run ends, with XPERT_SUCCEEDED, XPERT_FAILED, ... set (overrides on_finish).",
      valueName: "command"))
  var onFinish: String?

  @Option(
    help: ArgumentHelp(
      "A shell command to run when the first job fails (overrides on_failure).",
      valueName: "command"))
  var onFailure: String?

  @Flag(
    help:
      "Run here even though the sweep's directories exist only beside the config (uids are relative to the working directory)."
  )
  var here = false

  @Option(help: "Where jobs run: local (this machine) or slurm (job arrays; overrides backend).")
  var backend: SweepFlags.Backend?

  @Flag(help: "With --backend slurm: wait until every submitted job has ended.")
  var wait = false

  @Flag(help: "With --backend slurm: print the batch scripts and sbatch arguments, submit nothing.")
  var dryRun = false

  @Option(help: .hidden)
  var pollInterval: Double = 1

  @Option(
    help: ArgumentHelp(
      "Seconds without a heartbeat after which another runner's lock counts as abandoned.",
      visibility: .hidden))
  var lockTimeout: Double = 60

  func validate() throws {
    if let numProc, numProc < 1 {
      throw ValidationError("-j/--num-proc must be at least 1, but it is \(numProc).")
    }
    guard grace >= 0, grace <= 86400 else {
      throw ValidationError("--grace must be a number of seconds from 0 to 86400.")
    }
    if let timeout, DurationText.seconds(timeout) == nil {
      throw ValidationError(
        "--timeout takes a duration such as 90m, 2h or 30s, not \"\(timeout)\".")
    }
    if let jobsPerGpu, jobsPerGpu < 1 || jobsPerGpu > 64 {
      throw ValidationError("--jobs-per-gpu must be from 1 to 64.")
    }
    if let gpusPerJob, gpusPerJob < 1 || gpusPerJob > 64 {
      throw ValidationError("--gpus-per-job must be from 1 to 64.")
    }
    if let gpuBusyMemory, GPUBusyMemory(gpuBusyMemory) == nil {
      throw ValidationError(
        "--gpu-busy-memory takes a size such as 2GiB or a share such as 10%, not \"\(gpuBusyMemory)\"."
      )
    }
    if let retries, retries < 0 || retries > 1000 {
      throw ValidationError("--retries must be from 0 to 1000, as in the config.")
    }
    if wait && dryRun {
      throw ValidationError("--dry-run submits nothing, so there is nothing to --wait for.")
    }
    guard pollInterval > 0, pollInterval <= 3600 else {
      throw ValidationError("--poll-interval must be a number of seconds from 0 to 3600.")
    }
    // Below a second, the heartbeat (a quarter of it) would become a busy loop.
    guard lockTimeout >= 1, lockTimeout <= 86400 else {
      throw ValidationError("--lock-timeout must be a number of seconds from 1 to 86400.")
    }
  }

  func run() async throws {
    let context = SweepLoading.currentContext()
    let (config, planned) = try SweepLoading.load(arguments, context: context)
    var wrongDirectory = WrongDirectory(configPath: arguments.config, context: context)
    for job in planned.prefix(WrongDirectory.sample) { wrongDirectory.look(at: job) }
    if let warning = wrongDirectory.warning, !here {
      ConsoleWriter.standardError.line("error: " + warning)
      ConsoleWriter.standardError.line(
        "  help: to start the whole sweep anew here, run again with --here")
      throw ExitCode(2)
    }
    let selected = try selection.apply(to: planned, config: config)
    let flags = config.flags
    if (backend ?? flags.backend) == .slurm {
      let status = try await SlurmRunning.run(
        self, config: config, planned: planned, selected: selected, context: context)
      if status != 0 { throw ExitCode(status) }
      return
    }
    // `[flags] order`: the named keys vary slowest as jobs start.
    let jobs = RunOrder.arrange(selected, by: flags.order?.map(\.key) ?? [])
    if wait || dryRun {
      throw ValidationError(
        "\(wait ? "--wait" : "--dry-run") needs the Slurm backend: add --backend slurm "
          + "(or backend = \"slurm\" in [flags])"
          + (dryRun ? "; to see what a local run would do, run `xpert list CONFIG`" : ""))
    }
    var entries = slots.entries ?? flags.gpuIndices
    var gpuNames: [String: String] = [:]
    if slots.auto || (slots.entries == nil && flags.gpuAuto) {
      (entries, gpuNames) = try Self.detectedGPUs(config: arguments.config)
    }
    let git = GitInfo.current(in: context.workingDirectory)
    let lock = JobLock(
      host: JobLock.hostName(), pid: Environment.pid, timeout: lockTimeout)
    var options = RunOptions(
      numProc: numProc ?? flags.numProc ?? Environment.cpuCount, gpuEntries: entries,
      provenance: Provenance(
        config: PathNormalization.absolute(arguments.config, base: context.workingDirectory),
        gitCommit: git?.commit, gitDirty: git?.dirty, lock: lock))
    if let entries {
      try configureGPUs(&options, entries: entries, jobs: jobs, flags: flags, names: gpuNames)
    } else if gpusPerJob != nil || jobsPerGpu != nil || flags.gpusPerJob != nil
      || flags.jobsPerGPU != nil
      || jobs.contains(where: { $0.gpusPerJob != nil || $0.jobsPerGPU != nil })
    {
      ConsoleWriter.standardOutput.line(
        ConsoleLines(style: ConsoleStyle(colour: false)).warning(
          "gpus_per_job and jobs_per_gpu need GPU entries to hand out: set gpu_indices (or "
            + "--gpus auto); without them they are ignored"))
    }
    options.rerun = Set(rerun)
    if restart || flags.restart == true { options.rerun.insert(.all) }
    options.grace = .milliseconds(Int(grace * 1000))
    options.timeoutOverride = timeout.flatMap(DurationText.seconds)
    options.defaultTimeout = flags.timeout
    options.retriesOverride = retries
    options.defaultRetries = flags.retries ?? 0
    if failFastNow {
      options.failFast = .now
    } else if failFast || flags.failFast == true {
      options.failFast = .drain
    }
    options.heartbeat = .milliseconds(Int(min(10, lockTimeout / 4) * 1000))
    let finish = onFinish ?? flags.onFinish
    let failure = onFailure ?? flags.onFailure
    if finish != nil || failure != nil {
      options.hooks = RunHooks(
        onFinish: finish, onFailure: failure, config: options.provenance.config)
    }
    let output = ConsoleWriter.standardOutput
    let style = ConsoleStyle(
      mode: color, isTerminal: output.isTerminal, noColor: Environment.value("NO_COLOR"))
    options.progress = output.isTerminal
    let runner = LocalRunner(
      launcher: POSIXLauncher(environment: POSIXLauncher.currentEnvironment()),
      output: output, lines: ConsoleLines(style: style))
    let result = await runner.run(jobs, options: options)
    if result.exitStatus != 0 { throw ExitCode(result.exitStatus) }
  }
}

extension ConsoleStyle.Mode: ExpressibleByArgument {}
extension SweepFlags.Backend: ExpressibleByArgument {}
