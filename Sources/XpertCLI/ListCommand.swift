import ArgumentParser
import XpertCore
import XpertReport
import XpertStore

/// `xpert list`: the plan, without running anything.
struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "Print the jobs of a sweep and whether each is done, without running anything.")

  @OptionGroup var arguments: ConfigArgument

  @Flag(help: "Print one JSON object per job.")
  var json = false

  func run() throws {
    let (_, jobs) = try SweepLoading.load(arguments.config, context: SweepLoading.currentContext())
    let rows = jobs.map { job in
      (job, JobDirectory(path: job.directory).isCompleted ? PlanListing.State.done : .new)
    }
    let output = ConsoleWriter.standardOutput
    if json {
      for (job, state) in rows { output.line(PlanListing.json(job, state: state)) }
    } else {
      for line in PlanListing.lines(rows) { output.line(line) }
    }
  }
}
