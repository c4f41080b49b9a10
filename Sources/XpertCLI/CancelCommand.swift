import ArgumentParser
import XpertCore
import XpertReport
import XpertSlurm
import XpertStore

/// `xpert cancel`: cancels the sweep's pending and running Slurm jobs.
struct CancelCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cancel",
    abstract: "Cancel the sweep's pending and running Slurm jobs (only those Xpert submitted).")

  @OptionGroup var arguments: ConfigArgument
  @OptionGroup var selection: SelectionOptions

  func run() async throws {
    let context = SweepLoading.currentContext()
    let (config, planned) = try SweepLoading.load(arguments.config, context: context)
    let jobs = try selection.apply(to: planned, config: config)
    let output = ConsoleWriter.standardOutput
    let style = ConsoleStyle(
      mode: .auto, isTerminal: output.isTerminal, noColor: Environment.value("NO_COLOR"))
    let lock = JobLock(host: JobLock.hostName(), pid: Environment.pid, timeout: 60)
    _ = try await SlurmCanceller(
      commands: SlurmCommands(), output: output, lines: ConsoleLines(style: style)
    ).cancel(
      jobs, ledgers: SlurmLedger.ledgers(jobDirectories: planned.lazy.map(\.directory)),
      lock: lock)
  }
}
