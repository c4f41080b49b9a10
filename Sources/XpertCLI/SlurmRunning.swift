import ArgumentParser
import XpertCore
import XpertReport
import XpertSlurm
import XpertStore

/// `xpert run --backend slurm`: submits, then (with `--wait`) follows the jobs.
enum SlurmRunning {
  /// Submits the selected jobs of `planned` that need running; returns the exit status.
  static func run(
    _ command: RunCommand, config: SweepConfig, planned: [Job], selected: [Job],
    context: PlanContext
  ) async throws -> Int32 {
    let flags = config.flags
    let output = ConsoleWriter.standardOutput
    let style = ConsoleStyle(
      mode: command.color, isTerminal: output.isTerminal,
      noColor: Environment.value("NO_COLOR"))
    let lines = ConsoleLines(style: style)
    if command.slots.entries != nil || flags.gpuIndices != nil {
      output.line(
        lines.warning(
          "gpu_indices names no devices on Slurm and is ignored: ask for GPUs with "
            + "gpus_per_job, and Slurm sets CUDA_VISIBLE_DEVICES"))
    }
    if command.failFast || command.failFastNow || flags.failFast == true {
      output.line(lines.warning("fail_fast is not supported on Slurm and is ignored"))
    }
    if let warning = SwiftRuntimeCheck.warning() {
      ConsoleWriter.standardError.line(lines.warning(warning))
    }
    let configPath = PathNormalization.absolute(
      command.arguments.config, base: context.workingDirectory)
    let git = GitInfo.current(in: context.workingDirectory)
    var options = SlurmSubmitter.Options(
      config: configPath, workingDirectory: context.workingDirectory,
      executable: Environment.executablePath, jobName: Self.jobName(configPath))
    options.rerun = Set(command.rerun)
    if command.restart || flags.restart == true { options.rerun.insert(.all) }
    options.throttle = command.numProc ?? flags.numProc
    options.grace = command.grace
    options.lockTimeout = command.lockTimeout
    options.timeoutOverride = command.timeout.flatMap(DurationText.seconds)
    options.defaultTimeout = flags.timeout
    options.retriesOverride = command.retries
    options.defaultRetries = flags.retries ?? 0
    options.gpusPerJobOverride = command.gpusPerJob
    options.defaultGPUsPerJob = flags.gpusPerJob
    options.gitCommit = git?.commit
    options.gitDirty = git?.dirty
    options.dryRun = command.dryRun
    let ledgers = SlurmLedger.ledgers(jobDirectories: planned.lazy.map(\.directory))
    let commands = SlurmCommands()
    let outcome = try SlurmSubmitter(commands: commands, output: output, lines: lines)
      .submit(selected, config: config, ledgers: ledgers, options: options)
    if command.dryRun { return 0 }
    let quoted = ShellQuoting.quote(command.arguments.config)
    if !command.wait {
      if outcome.submission == nil {
        output.line("Nothing to submit: every selected job is completed or queued in Slurm.")
      }
      guard outcome.submission != nil || outcome.queued > 0 else { return 0 }
      output.line(
        "Follow the jobs with `xpert status \(quoted) --jobs` or `squeue --me`; wait for them "
          + "with `xpert run \(quoted) --backend slurm --wait`; cancel them with "
          + "`xpert cancel \(quoted)`.")
      return 0
    }
    var waiter = SlurmWaiter(commands: commands, output: output, lines: lines)
    waiter.interval = command.pollInterval
    waiter.progress = output.isTerminal
    let result = try await waiter.wait(
      for: selected, submitted: outcome.submitted, ledgers: ledgers,
      config: command.arguments.config)
    return result.exitStatus
  }

  /// The config's file name without `.toml`: the default Slurm job name.
  static func jobName(_ path: String) -> String {
    var name = String(path.split(separator: "/").last ?? "xpert")
    if name.hasSuffix(".toml") { name.removeLast(5) }
    let cleaned = String(name.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" })
    return cleaned.isEmpty ? "xpert" : cleaned
  }
}
