import XpertCore
import XpertReport
import XpertRuntime
import XpertStore

/// `--wait`: follows the jobs queued in Slurm until each has ended, with the same console
/// lines, summary and exit status as a local run. It only watches: Ctrl-C stops the waiting,
/// never the jobs.
public struct SlurmWaiter: Sendable {
  /// Slurm's commands.
  public var commands: SlurmCommands
  /// Where console lines go.
  public var output: ConsoleWriter
  /// How they look.
  public var lines: ConsoleLines
  /// Seconds between two looks at Slurm and the job directories.
  public var interval: Double = 1
  /// Whether to draw the progress line (on a terminal).
  public var progress = false

  /// Creates a waiter.
  public init(commands: SlurmCommands, output: ConsoleWriter, lines: ConsoleLines) {
    self.commands = commands
    self.output = output
    self.lines = lines
  }

  /// Waits for the jobs of `selected` that were just submitted (`submitted`, by directory) or
  /// that Slurm has queued from before; the others count as skipped. Returns the summary
  /// counts and the signal that stopped the waiting, if any.
  public func wait(
    for selected: [Job], submitted: Set<String>, ledgers: [SlurmLedger], config: String
  ) async throws(SlurmError) -> RunResult {
    InterruptFlag.install()
    let observer = JobObserver(lock: JobLock.observerOnly())
    var tracker = try SlurmTracker(ledgers: ledgers, commands: commands)
    var watched = selected.filter {
      submitted.contains($0.directory) || tracker.isQueued($0) != nil
    }
    var counts = RunCounts(total: selected.count)
    counts.skipped = selected.count - watched.count
    var shown: [String: JobState] = [:]
    var lostSince: [String: Double] = [:]
    let started = WallClock.now()
    var durations: [Double] = []
    while true {
      var remaining: [Job] = []
      var running = 0
      for job in watched {
        let fileState = observer.state(of: job)
        let record = observer.record(in: JobDirectory(path: job.directory))
        let (state, detail) = tracker.state(of: job, fileState: fileState, record: record)
        let taskID = tracker.task(of: job)?.taskID ?? "?"
        // Not queued, no ending known and nothing recorded: Slurm may not have reported yet,
        // or `xpert cancel` is writing the record. Only a while later is it lost. Interrupted
        // likewise: a task whose node failed leaves the queue for a moment before Slurm
        // requeues it, and only when it stays out has Slurm finished with it.
        if state == .pending || state == .running { lostSince[job.directory] = nil }
        if state == .new || state == .interrupted {
          let since = lostSince[job.directory] ?? WallClock.now()
          lostSince[job.directory] = since
          if WallClock.now() - since < 30 {
            remaining.append(job)
            continue
          }
        }
        if state.hasEnded || state == .new {
          if let duration = record?.attempts.last?.duration { durations.append(duration) }
          finish(job, state: state, detail: detail, record: record, taskID: taskID, &counts)
          continue
        }
        if state == .running {
          running += 1
          if shown[job.directory] != .running {
            say(lines.slurmTask(taskID, state: .running, command: job.command, detail: detail))
          }
        }
        shown[job.directory] = state
        remaining.append(job)
      }
      watched = remaining
      if watched.isEmpty { break }
      if progress {
        output.write(
          ProgressLine.clear
            + ProgressLine.text(
              done: counts.succeeded + counts.skipped, running: running, failed: counts.failed,
              left: watched.count - running, elapsed: WallClock.now() - started,
              meanDuration: durations.isEmpty
                ? nil : durations.reduce(0, +) / Double(durations.count), parallelism: running))
      }
      let deadline = WallClock.now() + interval
      while WallClock.now() < deadline {
        if let signal = InterruptFlag.received {
          return stopped(signal, watched: watched.count, counts: counts, config: config)
        }
        try? await Task.sleep(for: .milliseconds(100))
      }
      tracker = try SlurmTracker(ledgers: ledgers, commands: commands)
    }
    if progress { output.write(ProgressLine.clear) }
    for line in lines.summary(counts, signalled: false) { output.line(line) }
    return RunResult(counts: counts, signal: nil)
  }

  private func finish(
    _ job: Job, state: JobState, detail: String?, record: JobRecord?, taskID: String,
    _ counts: inout RunCounts
  ) {
    var detail = detail
    switch state {
    case .completed, .stale:
      counts.succeeded += 1
    case .interrupted:
      counts.interrupted += 1
    case .cancelled:
      counts.cancelled += 1
    case .new:
      counts.failed += 1
      detail = "its Slurm task ended without running it; see xpert status --jobs"
    default:
      counts.failed += 1
      if state == .timedOut { counts.timedOut += 1 }
      if detail == nil { detail = record?.attempts.last?.termination?.description }
    }
    say(
      lines.slurmTask(
        taskID, state: state == .new ? .failed : state, command: job.command, detail: detail))
  }

  private func stopped(_ signal: Int32, watched: Int, counts: RunCounts, config: String)
    -> RunResult
  {
    if progress { output.write(ProgressLine.clear) }
    output.line(
      lines.warning(
        "stopped waiting; \(watched) " + (watched == 1 ? "job goes" : "jobs go")
          + " on in Slurm. Follow them with "
          + "`xpert status \(ShellQuoting.quote(config))`; cancel them with "
          + "`xpert cancel \(ShellQuoting.quote(config))`"))
    return RunResult(counts: counts, signal: signal)
  }

  private func say(_ line: String) {
    output.line(progress ? ProgressLine.clear + line : line)
  }
}
