import ArgumentParser
import XpertCore
import XpertReport
import XpertSlurm
import XpertStore

/// `xpert status`: what the job directories say, while a sweep runs or after.
struct StatusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "Count the jobs of a sweep in each state, from the job directories and Slurm.")

  @OptionGroup var arguments: ConfigArgument
  @OptionGroup var selection: SelectionOptions

  @Flag(help: "One row per job: uid, state, attempts, last exit status, duration, GPU.")
  var jobs = false

  @Flag(help: "Print one JSON document.")
  var json = false

  @Option(help: "Colour the states: auto (on a terminal, unless NO_COLOR is set), always, never.")
  var color: ConsoleStyle.Mode = .auto

  func run() throws {
    var report = StatusReport(keepsRows: jobs)
    var observed: [(Job, JobState)] = []
    let observer = JobObserver(lock: JobLock.observerOnly())
    let ledgers = try SelectedJobs.forEach(config: arguments, selection: selection) {
      job, state, _ in observed.append((job, state))
    }
    let output = ConsoleWriter.standardOutput
    var tracker: SlurmTracker?
    do {
      tracker = try SlurmTracker(ledgers: ledgers, commands: SlurmCommands())
      for problem in tracker?.problems ?? [] {
        ConsoleWriter.standardError.line("warning: " + problem)
      }
    } catch {
      ConsoleWriter.standardError.line(
        "warning: \(error.message); showing what the job directories say")
    }
    for (job, fileState) in observed {
      let task = tracker?.task(of: job)
      // One read of the record, and only when it is shown or Slurm's word needs it.
      let record =
        jobs || task != nil ? observer.record(in: JobDirectory(path: job.directory)) : nil
      let (state, detail) =
        tracker?.state(of: job, fileState: fileState, record: record) ?? (fileState, nil)
      var row = StatusReport.Row(job: job, state: state, record: jobs ? record : nil)
      if jobs, state == .running, let record, observer.isOrphaned(record),
        observer.lock.state(JobDirectory(path: job.directory)) != .held
      {
        row.note = "runner gone, job alive"
      }
      if let task {
        row.slurm = StatusReport.SlurmTask(id: task.taskID, detail: detail)
      }
      // A running job's last log line: what it is doing now.
      if jobs, state == .running, let log = record?.attempts.last?.stdoutLog,
        let tail = FileSystem.readTail(job.directory + "/" + log, count: 16384)
      {
        row.lastLine = ConsoleText.lastLine(of: tail)
      }
      report.add(row)
    }
    if json {
      output.line(report.json(includeJobs: jobs))
      return
    }
    for line in report.countTable() { output.line(line) }
    if jobs {
      output.line("")
      let width = Environment.terminalWidth ?? 120
      let style = ConsoleStyle(
        mode: color, isTerminal: output.isTerminal, noColor: Environment.value("NO_COLOR"))
      for line in report.jobTable(now: FileSystem.now(), width: width, style: style) {
        output.line(line)
      }
    }
  }
}
