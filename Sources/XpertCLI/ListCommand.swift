import ArgumentParser
import XpertCore
import XpertReport
import XpertStore

/// `xpert list`: the plan and what a run would do, without running anything.
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

  func run() throws {
    let (_, planned) = try SweepLoading.load(
      arguments.config, context: SweepLoading.currentContext())
    let jobs = try selection.apply(to: planned)
    let observer = JobObserver(lock: JobLock.observerOnly())
    let policies = Set(rerun)
    let rows = jobs.map { job in
      let state = observer.state(of: job)
      return (job: job, state: state, runs: RerunPolicy.runs(state, policies: policies))
    }
    let output = ConsoleWriter.standardOutput
    if json {
      for row in rows { output.line(PlanListing.json(row.job, state: row.state, runs: row.runs)) }
    } else {
      for line in PlanListing.lines(rows) { output.line(line) }
    }
  }
}
