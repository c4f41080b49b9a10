import ArgumentParser
import XpertCore
import XpertReport
import XpertStore

/// `xpert list`: the plan and what a run would do, without running anything. Jobs are printed
/// as they are planned, so a sweep of millions of jobs is never held in memory.
struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "Print the jobs of a sweep, their states and what a run would do, running nothing.")

  @OptionGroup var arguments: ConfigArgument
  @OptionGroup var selection: SelectionOptions

  @Option(
    help: ArgumentHelp(
      "Show what `run --rerun` would do: failed, stale or all.", valueName: "which"))
  var rerun: [RerunPolicy] = []

  @Flag(help: "Print one JSON object per job.")
  var json = false

  @Option(help: "Colour the states: auto (on a terminal, unless NO_COLOR is set), always, never.")
  var color: ConsoleStyle.Mode = .auto

  /// Rows buffered to size the columns before streaming the rest.
  static let sizingRows = 1000

  func run() throws {
    let policies = Set(rerun)
    let output = BufferedOutput(.standardOutput)
    var buffered: [(job: Job, state: JobState, runs: Bool)] = []
    var widths: (state: Int, uid: Int)?
    let style = ConsoleStyle(
      mode: color, isTerminal: ConsoleWriter.standardOutput.isTerminal,
      noColor: Environment.value("NO_COLOR"))
    func emit(_ rows: [(job: Job, state: JobState, runs: Bool)]) {
      for row in rows {
        if json {
          output.line(PlanListing.json(row.job, state: row.state, runs: row.runs))
        } else {
          output.line(PlanListing.line(row, widths: widths!, style: style))
        }
      }
    }
    // How the plan was formed, for groups with a sweep table (not in --json).
    if !json {
      let context = SweepLoading.currentContext()
      for line in try SweepPlanner.describe(SweepLoading.config(arguments, context: context)) {
        output.line(line)
      }
    }
    try SelectedJobs.forEach(config: arguments, selection: selection) { job, state, _ in
      let row = (job: job, state: state, runs: RerunPolicy.runs(state, policies: policies))
      if widths != nil {
        emit([row])
        return
      }
      buffered.append(row)
      if buffered.count == Self.sizingRows {
        widths = PlanListing.widths(buffered)
        emit(buffered)
        buffered = []
      }
    }
    if widths == nil { widths = PlanListing.widths(buffered) }
    emit(buffered)
    output.flush()
  }
}
