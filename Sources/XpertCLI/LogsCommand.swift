import ArgumentParser
import XpertCore
import XpertReport
import XpertStore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `xpert logs`: a job's log, by its record (the latest attempt by number, not by file name),
/// followed while the job runs with `-f`.
struct LogsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "logs",
    abstract: "Show the latest attempt's stdout (or stderr) of the selected jobs; -f follows them.")

  @OptionGroup var arguments: ConfigArgument
  @OptionGroup var selection: SelectionOptions

  @Flag(help: "The stderr log instead of stdout.")
  var stderr = false

  @Option(help: "This attempt (1 is the first) instead of the latest.")
  var attempt: Int?

  @Flag(
    name: [.customShort("f"), .customLong("follow")],
    help: "Follow the log while the job runs (waiting for a job that has not started yet).")
  var follow = false

  @Option(
    name: [.customShort("n"), .customLong("lines")],
    help: "Only the last N lines (of each log; then following).")
  var lines: Int?

  func validate() throws {
    if let attempt, attempt < 1 { throw ValidationError("--attempt counts from 1.") }
    if let lines, lines < 0 { throw ValidationError("-n takes a number of lines ≥ 0.") }
    if follow && attempt != nil {
      throw ValidationError("-f follows the latest attempt; leave out --attempt.")
    }
  }

  func run() async throws {
    var jobs: [Job] = []
    try SelectedJobs.forEach(config: arguments, selection: selection, states: false) { job, _, _ in
      jobs.append(job)
    }
    if selection.only.isEmpty && selection.uidPatterns.isEmpty && jobs.count > 1 {
      throw CommandProblem(
        message: "the sweep has \(jobs.count) jobs: which one's log?",
        help: "choose with --uid GLOB or --only KEY=VALUE (`xpert list` shows them)")
    }
    var observer = JobObserver(lock: JobLock.observerOnly())
    observer.onProblem = { ConsoleWriter.standardError.line("warning: " + ConsoleText.escaped($0)) }
    var followers = jobs.map { LogFollower(job: $0, stderr: stderr) }
    var missing = 0
    for index in followers.indices {
      let found = followers[index].locate(
        observer.record(in: JobDirectory(path: jobs[index].directory)), attempt: attempt)
      if case .missing(let reason) = found, !follow {
        ConsoleWriter.standardError.line(ConsoleText.escaped(jobs[index].uid) + ": " + reason)
        missing += 1
        continue
      }
      followers[index].baseline = followers[index].attemptNumber ?? 0
      if followers[index].path != nil {
        if followers.count > 1 { followers[index].header() }
        followers[index].printFromStart(lastLines: lines)
      }
    }
    guard follow else {
      if missing == jobs.count { throw ExitCode(1) }
      return
    }
    // Follow: new bytes of each log, a new attempt's log when one starts, until every job
    // has ended and its log is read to the end.
    var shown = followers.count == 1 ? 0 : -1
    var endedAt: [Int: Double] = [:]
    while true {
      var open = 0
      for index in followers.indices {
        let job = jobs[index]
        let record = observer.record(in: JobDirectory(path: job.directory))
        // A retry's log gets a header, so that the attempts are told apart.
        let hadAttempt = followers[index].attemptNumber != nil
        if followers[index].adopt(record) && (followers.count > 1 || hadAttempt) {
          followers[index].header()
          shown = index
        }
        let state = observer.state(of: job)
        let notStarted = record?.attempts.isEmpty ?? true
        let ended = !(state == .running || state == .pending || notStarted)
        // A job that ended is read to its end; a running one a chunk per turn.
        var bytes = followers[index].newBytes()
        while !bytes.isEmpty {
          if shown != index && followers.count > 1 {
            followers[index].header()
            shown = index
          }
          LogFollower.write(bytes)
          bytes = ended ? followers[index].newBytes() : []
        }
        // A failed attempt may be retried at once: follow a moment longer for the next one.
        if ended && (state == .failed || state == .timedOut) {
          if endedAt[index] == nil { endedAt[index] = FileSystem.now() }
          if FileSystem.now() - endedAt[index]! < 1.5 { open += 1 }
        } else {
          endedAt[index] = nil
          if !ended { open += 1 }
        }
        if followers[index].isBehind(record) { open += 1 }
      }
      if open == 0 { return }
      try await Task.sleep(for: .milliseconds(200))
    }
  }
}
