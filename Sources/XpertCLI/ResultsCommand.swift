import ArgumentParser
import XpertCore
import XpertReport
import XpertStore

/// `xpert results`: every job's metrics in one table, keyed by the sweep's axes, replicates
/// averaged, from the files the jobs already write (docs/results.md).
struct ResultsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "results",
    abstract: "Show the metrics of a sweep's jobs in one table, seeds averaged.")

  @OptionGroup var arguments: ConfigArgument
  @OptionGroup var selection: SelectionOptions

  @Flag(name: .customLong("no-group"), help: "One row per job instead of one per configuration.")
  var noGroup = false

  @Option(
    help: ArgumentHelp(
      "Sort by a metric (with a reducer if you like: loss:min), best first: smallest for losses and errors, else largest; :asc or :desc to choose.",
      valueName: "metric[:asc|desc]"))
  var sort: String?

  @Option(help: "Only the first N rows (after sorting).")
  var top: Int?

  @Option(
    help: ArgumentHelp(
      "Draw a metric against the first varying key in the terminal (braille), instead of the table.",
      valueName: "metric"))
  var plot: String?

  @Option(help: "table (default), csv, tsv, json or md.")
  var format: ResultsRendering.Format = .table

  @Option(
    help: ArgumentHelp(
      "Count these jobs in the averages too: failed (and timed-out), stale, interrupted (and cancelled); comma-separated.",
      valueName: "states"))
  var include: [String] = []

  @Option(help: "Colour the output: auto (on a terminal, unless NO_COLOR is set), always, never.")
  var color: ConsoleStyle.Mode = .auto

  func validate() throws {
    if let top, top < 1 { throw ValidationError("--top must be at least 1.") }
    for state in include.flatMap({ $0.split(separator: ",") })
    where !["failed", "stale", "interrupted"].contains(state) {
      throw ValidationError(
        "--include takes failed, stale and interrupted (comma-separated), not \"\(state)\".")
    }
    if let plot { _ = try MetricArguments.column(plot, option: "--plot") }
    if let sort { _ = try Self.sortOrder(sort) }
  }

  func run() async throws {
    let context = SweepLoading.currentContext()
    let config = try SweepLoading.config(arguments, context: context)
    let entries = try await Self.entries(
      config: config, argument: arguments, selection: selection)
    var options = ResultsTable.Options()
    options.grouped = !noGroup
    let included = Set(include.flatMap { $0.split(separator: ",").map(String.init) })
    options.includeFailed = included.contains("failed")
    options.includeStale = included.contains("stale")
    options.includeInterrupted = included.contains("interrupted")
    options.top = top
    let plotted = try plot.map { try MetricArguments.column($0, option: "--plot") }
    options.wanted = plotted.map { [$0] } ?? []
    if let sort { options.sort = try Self.sortOrder(sort) }
    let table = ResultsTable(entries, spec: config.results, options: options)
    if let order = options.sort, table.column(matching: order.column) == nil {
      throw MetricArguments.missing(order.column, option: "--sort", table: table)
    }
    let output = ConsoleWriter.standardOutput
    let style = ConsoleStyle(
      mode: color, isTerminal: output.isTerminal, noColor: Environment.value("NO_COLOR"))
    if let wanted = plotted {
      guard let column = table.column(matching: wanted) else {
        throw MetricArguments.missing(wanted, option: "--plot", table: table)
      }
      let plotting = ResultsRendering(style: style, width: Environment.terminalWidth ?? 80)
      for line in plotting.plot(table, column: column) { output.line(line) }
      return
    }
    if table.columns.isEmpty && !entries.isEmpty {
      ConsoleWriter.standardError.line(
        "note: no metrics found: the jobs logged no `key: value` or `key=value` numbers and "
          + "wrote no metrics file (docs/results.md lists the sources; [results] patterns read "
          + "other formats)")
    }
    let rendering = ResultsRendering(
      style: style, width: format == .table ? Environment.terminalWidth : nil)
    for line in rendering.lines(table, format: format) { output.line(line) }
  }

  /// The selected jobs of the config with their states and metrics, warnings said on stderr:
  /// what `results` and `report` show.
  static func entries(
    config: SweepConfig, argument: ConfigArgument, selection: SelectionOptions
  ) async throws -> [ResultsTable.Entry] {
    var selected: [Job] = []
    try SelectedJobs.forEach(config: argument, selection: selection, states: false) { job, _, _ in
      selected.append(job)
    }
    let found = await read(selected, spec: config.results)
    var entries: [ResultsTable.Entry] = []
    for (job, (state, metrics, warnings)) in zip(selected, found) {
      for warning in warnings {
        ConsoleWriter.standardError.line("warning: " + ConsoleText.escaped(warning))
      }
      entries.append(ResultsTable.Entry(job: job, state: state, metrics: metrics))
    }
    return entries
  }

  /// Each job's state and metrics, in order.
  static func read(_ jobs: [Job], spec: ResultsSpec) async -> [(JobState, JobMetrics, [String])] {
    await ParallelJobs.map(jobs.count) {
      var observer = JobObserver(lock: JobLock.observerOnly())
      observer.onProblem = {
        ConsoleWriter.standardError.line("warning: " + ConsoleText.escaped($0))
      }
      return (MetricsCache(reader: MetricsReader(spec: spec)), observer)
    } _: { worker, index in
      let state = worker.1.state(of: jobs[index])
      let (metrics, warnings) = worker.0.metrics(in: jobs[index].directory)
      return (state, metrics, warnings)
    }
  }

  /// The learning curves of the metrics `wanted` names for each job there (from the curves
  /// that `results` keeps beside its cache, or read again), in order.
  static func curves(
    _ wanted: [(job: Job, names: Set<String>)], spec: ResultsSpec
  ) async -> [[String: MetricCurve]] {
    await ParallelJobs.map(wanted.count) {
      MetricsCache(reader: MetricsReader(spec: spec))
    } _: { cache, index in
      let names = wanted[index].names
      return cache.metrics(in: wanted[index].job.directory, curves: { names.contains($0) }).0.curves
    }
  }

  /// `val_acc`, `val_acc:desc`, `loss:min:asc`; without a direction, best first (smallest for
  /// losses and errors).
  static func sortOrder(_ text: String) throws -> ResultsTable.SortOrder {
    var column = text
    var ascending: Bool?
    if text.hasSuffix(":asc") || text.hasSuffix(":desc") {
      ascending = text.hasSuffix(":asc")
      column = String(text[..<text.lastIndex(of: ":")!])
    }
    let metric = try MetricArguments.column(column, option: "--sort")
    return ResultsTable.SortOrder(column: metric, ascending: ascending ?? metric.lowerIsBetter)
  }
}

extension ResultsRendering.Format: ExpressibleByArgument {}
