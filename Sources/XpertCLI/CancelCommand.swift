import ArgumentParser
import XpertCore
import XpertReport
import XpertRuntime
import XpertSlurm
import XpertStore

/// `xpert cancel`: cancels the sweep's jobs, queued in Slurm or running in local runs.
struct CancelCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cancel",
    abstract: "Cancel the sweep's running jobs (local runs on this host, and Slurm).",
    discussion: """
      Local runs: the runners of this host that hold the selected jobs stop them (SIGTERM, \
      SIGKILL after their grace) and record them cancelled, start no selected job that is \
      still waiting, and go on with the rest. Without --only/--uid, every local run of the \
      sweep stops. Slurm: the selected jobs' queued tasks are cancelled with scancel.
      """)

  @OptionGroup var arguments: ConfigArgument
  @OptionGroup var selection: SelectionOptions

  func run() async throws {
    let context = SweepLoading.currentContext()
    let (config, planned) = try SweepLoading.load(arguments, context: context)
    let jobs = try selection.apply(to: planned, config: config)
    let everything = try selection.selection(for: config) == nil
    let output = ConsoleWriter.standardOutput
    let style = ConsoleStyle(
      mode: .auto, isTerminal: output.isTerminal, noColor: Environment.value("NO_COLOR"))
    let lines = ConsoleLines(style: style)
    let host = JobLock.hostName()
    let lock = JobLock(host: host, pid: Environment.pid, timeout: 60)
    let slurm = try await SlurmCanceller(
      commands: SlurmCommands(), output: output, lines: lines
    ).cancel(
      jobs, ledgers: SlurmLedger.ledgers(jobDirectories: planned.lazy.map(\.directory)),
      lock: lock)
    let local = await LocalCanceller(output: output, lines: lines, host: host).cancel(
      jobs.filter { !slurm.queued.contains($0.directory) },
      plan: planned.filter { !slurm.queued.contains($0.directory) }, all: everything,
      config: arguments.config)
    let cancelled = slurm.cancelled + local.cancelled
    if slurm.queued.isEmpty && local.runners == 0 && local.elsewhere == 0 && local.orphans == 0 {
      output.line(
        "Nothing to cancel: no selected job of this sweep is running on this host or queued "
          + "in Slurm.")
      return
    }
    output.line("Cancelled \(cancelled) job" + (cancelled == 1 ? "." : "s."))
  }
}
