import ArgumentParser
import XpertCore
import XpertReport
import XpertStore

/// `xpert status`: what the job directories say, while a sweep runs or after.
struct StatusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "Count the jobs of a sweep in each state, reading only the job directories.")

  @OptionGroup var arguments: ConfigArgument
  @OptionGroup var selection: SelectionOptions

  @Flag(help: "One row per job: uid, state, attempts, last exit status, duration, GPU.")
  var jobs = false

  @Flag(help: "Print one JSON document.")
  var json = false

  func run() throws {
    var report = StatusReport(keepsRows: jobs)
    try SelectedJobs.forEach(config: arguments.config, selection: selection) {
      job, state, observer in
      report.add(
        StatusReport.Row(
          job: job, state: state,
          record: jobs ? observer.record(in: JobDirectory(path: job.directory)) : nil))
    }
    let output = ConsoleWriter.standardOutput
    if json {
      output.line(report.json(includeJobs: jobs))
      return
    }
    for line in report.countTable() { output.line(line) }
    if jobs {
      output.line("")
      for line in report.jobTable() { output.line(line) }
    }
  }
}
