import ArgumentParser
import XpertCore
import XpertReport
import XpertStore

/// `xpert report`: one self-contained HTML page with the sweep's state, results and plots.
struct ReportCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Write one self-contained HTML page with the sweep's state, results table and plots.")

  @OptionGroup var arguments: ConfigArgument
  @OptionGroup var selection: SelectionOptions

  @Option(
    name: [.customShort("o"), .customLong("output")],
    help: ArgumentHelp(
      "The page to write (default: <config name>.report.html in the current directory).",
      valueName: "file.html"))
  var output: String?

  @Option(
    help: ArgumentHelp(
      "A metric to plot (repeat for more; default: the first four columns).", valueName: "metric"))
  var metric: [String] = []

  @Option(
    help: ArgumentHelp(
      "Rewrite the page every N seconds while jobs run; the page reloads itself until then.",
      valueName: "seconds"))
  var watch: Int?

  func validate() throws {
    if let watch, watch < 1 || watch > 86400 {
      throw ValidationError("--watch takes a number of seconds from 1 to 86400.")
    }
    for name in metric { _ = try MetricArguments.column(name, option: "--metric") }
  }

  /// `runs/sweep.toml` → `sweep.report.html`.
  var outputPath: String {
    if let output { return output }
    let name = arguments.config.split(separator: "/").last.map(String.init) ?? "sweep"
    return (name.hasSuffix(".toml") ? String(name.dropLast(5)) : name) + ".report.html"
  }

  func run() async throws {
    let context = SweepLoading.currentContext()
    let config = try SweepLoading.config(arguments, context: context)
    let wanted = try metric.map { try MetricArguments.column($0, option: "--metric") }
    while true {
      let entries = try await ResultsCommand.entries(
        config: config, argument: arguments, selection: selection)
      var options = ResultsTable.Options()
      options.wanted = wanted
      let table = ResultsTable(entries, spec: config.results, options: options)
      // Each metric asked for must be one a job has.
      let plotted = try wanted.map { column in
        guard let found = table.column(matching: column) else {
          throw MetricArguments.missing(column, option: "--metric", table: table)
        }
        return found
      }
      let running = entries.contains { $0.state == .running || $0.state == .pending }
      var report = HTMLReport(
        title: arguments.config.split(separator: "/").last.map(String.init) ?? arguments.config,
        states: ResultsTable.stateCounts(entries), table: table, entries: entries,
        plotted: plotted,
        reload: watch != nil && running ? watch : nil)
      // Only the learning curves the page draws are read.
      let toRead = report.curvesToRead.sorted { $0.key < $1.key }
      let curves = await ResultsCommand.curves(
        toRead.map { (entries[$0.key].job, $0.value) }, spec: config.results)
      for (index, found) in zip(toRead.map(\.key), curves) {
        report.entries[index].metrics.curves = found
      }
      let path = outputPath
      let folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
      guard FileSystem.isDirectory(folder.isEmpty ? "/" : folder) else {
        ConsoleWriter.standardError.line(
          "error: cannot write \(path): the folder \(folder) does not exist; create it first")
        throw ExitCode(1)
      }
      do {
        try AtomicFile.write(report.html, to: path)
      } catch {
        ConsoleWriter.standardError.line("error: cannot write \(path): \(error.reason)")
        throw ExitCode(1)
      }
      ConsoleWriter.standardOutput.line(
        "wrote \(path): \(entries.count) job\(entries.count == 1 ? "" : "s"), "
          + "\(table.columns.count) metric\(table.columns.count == 1 ? "" : "s")")
      guard let watch, running else { return }
      try await Task.sleep(for: .seconds(watch))
    }
  }
}
