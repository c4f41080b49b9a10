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
    let context = SweepLoading.currentContext()
    let config = try SweepLoading.config(arguments.config, context: context)
    let filter = try selection.selection(for: config)
    let observer = JobObserver(lock: JobLock.observerOnly())
    var missing = MissingDirectories()
    var report = StatusReport(keepsRows: jobs)
    var total = 0
    try SweepPlanner.forEachJob(config, context: context) { job in
      total += 1
      guard filter?.matches(job) ?? true else { return }
      report.add(
        StatusReport.Row(
          job: job, state: observer.state(of: job, missing: &missing),
          record: jobs ? observer.record(in: JobDirectory(path: job.directory)) : nil))
    }
    if filter != nil && report.jobCount == 0 { throw SelectionOptions.noneSelected(of: total) }
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
