import ArgumentParser
import XpertCore
import XpertReport
import XpertRuntime

/// `xpert run`: runs the jobs of a sweep that have not completed.
struct RunCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run the jobs of a sweep that have not completed yet.")

  @OptionGroup var arguments: ConfigArgument

  @Option(
    name: [.customShort("j"), .customLong("num-proc")], help: "Jobs at once (overrides num_proc).")
  var numProc: Int?

  @Option(
    help: ArgumentHelp(
      "GPU entries separated by ';', each one CUDA_VISIBLE_DEVICES value (overrides gpu_indices).",
      valueName: "entries"))
  var gpus: String?

  @Option(
    name: .customLong("gpu"),
    help: ArgumentHelp("One GPU entry; repeat for more (instead of --gpus).", valueName: "entry"))
  var gpu: [String] = []

  @Flag(help: "Run completed jobs again (overrides restart).")
  var restart = false

  @Option(help: "Colour the output: auto (on a terminal, unless NO_COLOR is set), always, never.")
  var color: ConsoleStyle.Mode = .auto

  @Option(help: "Seconds between SIGTERM and SIGKILL when stopping jobs after a signal.")
  var grace: Double = 10

  func validate() throws {
    if let numProc, numProc < 1 {
      throw ValidationError("-j/--num-proc must be at least 1, but it is \(numProc).")
    }
    if gpus != nil && !gpu.isEmpty {
      throw ValidationError("Give GPU entries either with --gpus or with --gpu, not both.")
    }
    if let gpus, gpuEntries(gpus).isEmpty {
      throw ValidationError("--gpus names no GPU entry; write e.g. --gpus \"0;1,2\".")
    }
    if gpu.contains(where: \.isEmpty) {
      throw ValidationError("--gpu needs a non-empty entry such as 0 or 1,2.")
    }
    guard grace >= 0, grace.isFinite else {
      throw ValidationError("--grace must be a number of seconds ≥ 0.")
    }
  }

  func run() async throws {
    let (config, jobs) = try SweepLoading.load(
      arguments.config, context: SweepLoading.currentContext())
    let entries = gpus.map(gpuEntries) ?? (gpu.isEmpty ? config.flags.gpuIndices : gpu)
    let options = RunOptions(
      numProc: numProc ?? config.flags.numProc ?? entries?.count ?? Environment.cpuCount,
      gpuEntries: entries,
      restart: restart || (config.flags.restart ?? false),
      grace: .milliseconds(Int(grace * 1000)))
    let output = ConsoleWriter.standardOutput
    let style = ConsoleStyle(
      mode: color, isTerminal: output.isTerminal, noColor: Environment.value("NO_COLOR"))
    let runner = LocalRunner(
      launcher: POSIXLauncher(environment: POSIXLauncher.currentEnvironment()),
      output: output, lines: ConsoleLines(style: style))
    let result = await runner.run(jobs, options: options)
    if result.exitStatus != 0 { throw ExitCode(result.exitStatus) }
  }

  private func gpuEntries(_ text: String) -> [String] {
    text.split(separator: ";").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
  }
}

extension ConsoleStyle.Mode: ExpressibleByArgument {}

extension Substring {
  fileprivate func trimmingSpaces() -> String {
    String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }
}
