import CXpertKeeper
import XpertCore
import XpertReport
import XpertStore

/// Runs a plan's jobs on this machine: within the process limit and GPU slots, each job's
/// output straight into its log files, a record and a lock per job, and a clean stop on SIGINT
/// or SIGTERM. All run state is owned by one loop, which reacts to one event at a time.
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

  /// Runs the jobs that the options select (by default: every job not completed), then prints
  /// the summary.
  public func run(_ jobs: [Job], options: RunOptions) async -> RunResult {
    let runStarted = WallClock.now()
    var options = options
    var observer = JobObserver(lock: options.provenance.lock)
    observer.orphansAreRunning = false
    var counts = RunCounts(total: jobs.count)
    var pending: [Int] = []
    var interrupted: [Int] = []
    var missing = MissingDirectories()
    for (index, job) in jobs.enumerated() {
      let state = observer.state(of: job, missing: &missing)
      if RerunPolicy.runs(state, policies: options.rerun) {
        pending.append(index)
        if state == .interrupted { interrupted.append(index) }
        continue
      }
      output.line(lines.skipped(command: job.command, state: state))
      counts.skipped += 1
      if state == .stale { counts.stale += 1 }
      if state == .running { counts.elsewhere += 1 }
    }
    // Jobs that a killed runner left running hold their GPUs: they go before anything starts.
    let orphans = JobProcesses.killOrphans(
      of: interrupted.lazy.map { jobs[$0] }, observer: observer, lock: options.provenance.lock)
    if orphans > 0 {
      output.line(
        lines.warning(
          "stopped the processes of \(orphans) job" + (orphans == 1 ? "" : "s")
            + " that a runner killed earlier left running; they run again"))
    }
    var needs: [Int: GPUNeed] = [:]
    for index in pending where options.need(of: jobs[index]) != options.defaultNeed {
      needs[index] = options.need(of: jobs[index])
    }
    if let entries = options.gpuEntries, needs.isEmpty {
      let capacity = SlotPool(entries: entries).capacity(for: options.defaultNeed)
      if options.numProc > capacity {
        output.line(
          lines.warning(
            "num_proc is \(options.numProc) but the \(entries.count) GPU entries hold "
              + "\(capacity) job\(capacity == 1 ? "" : "s") at once: running at most \(capacity)"))
      }
    }
    var watch = options.gpuEntries == nil ? nil : options.gpuBusyMemory.map(GPUWatch.init)
    if let limit = options.gpuBusyMemory, watch != nil,
      let failure = watch!.take(GPUWatch.look(limit: limit))
    {
      if failure.isMissing {
        watch = nil  // no nvidia-smi: the listed GPUs are used as they always were
      } else {
        output.line(RunLoop.cannotLook(failure, lines: lines))
      }
    }
    do {
      try options.gpuLeases?.prepare()
    } catch {
      options.gpuLeases = nil
      output.line(RunLoop.leasesUnusable(error, lines: lines))
    }
    // A keeper owns each job's processes; should one be killed from outside, what it leaves
    // comes to xpert, not to init, and is reaped here.
    _ = xpert_become_subreaper()
    let stream = EventStream(
      extraSignals: [CancelRequests.signal] + (options.timeLimitSignal.map { [$0] } ?? []))
    defer { stream.finish() }
    var loop = RunLoop(
      runner: self, jobs: jobs, options: options, observer: observer, counts: counts,
      queue: RunQueue(
        pending: pending, limit: options.numProc, gpuEntries: options.gpuEntries, needs: needs,
        defaultNeed: options.defaultNeed),
      runStarted: runStarted)
    loop.gpuWatch = watch
    await withTaskGroup(of: Void.self) { timers in
      let beat = options.heartbeat
      timers.addTask {
        while !Task.isCancelled {
          try? await Task.sleep(for: beat)
          stream.send(.heartbeat)
        }
      }
      if options.progress {
        timers.addTask {
          while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            stream.send(.tick)
          }
        }
      }
      loop.startJobs()
      var events = stream.events.makeAsyncIterator()
      while true {
        if loop.gpuLookWanted, let limit = options.gpuBusyMemory {
          loop.gpuLookWanted = false
          timers.addTask { stream.send(.gpuLook(GPUWatch.look(limit: limit))) }
        }
        for request in loop.takeTimers() {
          timers.addTask {
            try? await Task.sleep(for: request.after)
            if !Task.isCancelled { stream.send(request.event) }
          }
        }
        guard !loop.queue.isFinished, let event = await events.next() else { break }
        loop.handle(event)
      }
      timers.cancelAll()
    }
    loop.options.gpuLeases?.withdraw()
    if loop.stopping {
      // Processes that jobs left behind (a background `&` of a job that already ended, or one
      // that moved to another process group) go too: nothing of a stopped run stays.
      OrphanProcess.killAll(in: loop.startedDirectories)
    }
    loop.clearProgress()
    for line in lines.summary(loop.counts, signalled: loop.signal != nil) { output.line(line) }
    for line in lines.failedJobs(loop.failures, config: options.provenance.config) {
      output.line(line)
    }
    for task in loop.hookTasks { await task.value }
    let result = RunResult(counts: loop.counts, signal: loop.signal)
    if let hooks = options.hooks, let command = hooks.onFinish {
      let environment = hooks.environment(
        event: "finish", counts: loop.counts, exitStatus: result.exitStatus,
        failedUID: loop.failures.first?.uid)
      if let warning = hooks.run(command, name: "on_finish", environment: environment) {
        output.line(lines.warning(warning))
      }
    }
    return result
  }
}
