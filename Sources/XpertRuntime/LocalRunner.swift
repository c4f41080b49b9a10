import XpertCore
import XpertReport
import XpertStore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs a plan's jobs on this machine: within the process limit and GPU slots, each job's
/// output straight into its log files, completion recorded, and a clean stop on SIGINT or
/// SIGTERM. All run state is owned by one loop, which reacts to one event at a time.
public struct LocalRunner: Sendable {
  /// Starts and signals processes.
  public var launcher: any ProcessLauncher
  /// Where console lines go.
  public var output: ConsoleWriter
  /// How console lines look.
  public var lines: ConsoleLines

  /// Creates a runner.
  public init(launcher: any ProcessLauncher, output: ConsoleWriter, lines: ConsoleLines) {
    self.launcher = launcher
    self.output = output
    self.lines = lines
  }

  /// Runs every job that has not completed (all of them with `restart`), then prints the
  /// summary.
  public func run(_ jobs: [Job], options: RunOptions) async -> RunResult {
    var counts = RunCounts(total: jobs.count)
    var pending: [Int] = []
    for (index, job) in jobs.enumerated() {
      if !options.restart && JobDirectory(path: job.directory).isCompleted {
        output.line(lines.skipped(command: job.command))
        counts.skipped += 1
      } else {
        pending.append(index)
      }
    }
    if let entries = options.gpuEntries, options.numProc > entries.count {
      output.line(
        lines.warning(
          "num_proc is \(options.numProc) but there are \(entries.count) GPU entries: "
            + "running at most \(entries.count) jobs at once"))
    }
    let stream = EventStream()
    defer { stream.finish() }
    var loop = RunLoop(
      runner: self, jobs: jobs, options: options, counts: counts,
      queue: RunQueue(pending: pending, limit: options.numProc, gpuEntries: options.gpuEntries))
    await withTaskGroup(of: Void.self) { timers in
      loop.startJobs()
      var events = stream.events.makeAsyncIterator()
      while !loop.queue.isFinished, let event = await events.next() {
        if loop.handle(event) {
          let grace = options.grace
          timers.addTask {
            try? await Task.sleep(for: grace)
            stream.send(.graceExpired)
          }
        }
      }
      timers.cancelAll()
    }
    for line in lines.summary(loop.counts, signalled: loop.signal != nil) { output.line(line) }
    return RunResult(counts: loop.counts, signal: loop.signal)
  }
}
