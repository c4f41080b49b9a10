import XpertCore
import XpertReport
import XpertStore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The mutable state of one local run and the reactions to its events.
struct RunLoop {
  let runner: LocalRunner
  let jobs: [Job]
  let options: RunOptions
  var counts: RunCounts
  var queue: RunQueue
  var running: [Int32: RunningJob] = [:]
  var signal: Int32?

  /// Starts jobs while the queue allows.
  mutating func startJobs() {
    while let (index, slot) = queue.startNext() {
      if let started = start(index, slot: slot) {
        running[started.pid] = started
      } else {
        queue.finished(slot: slot)
      }
    }
  }

  /// Reacts to `event`; returns true when a grace timer must start.
  mutating func handle(_ event: RunEvent) -> Bool {
    switch event {
    case .exited(let pid, let termination):
      guard let job = running.removeValue(forKey: pid) else { return false }
      queue.finished(slot: job.slot)
      finish(job, termination)
      startJobs()
      return false
    case .signal(let received):
      if signal == nil {
        signal = received
        queue.stop()
        let name = received == SIGINT ? "SIGINT" : "SIGTERM"
        runner.output.line(
          runner.lines.warning(
            "\(name) received: starting no new job; stopping \(running.count) running "
              + "(SIGTERM now, SIGKILL after \(options.grace.components.seconds) s; "
              + "Ctrl-C again kills at once)"))
        signalAll(SIGTERM)
        return true
      }
      if received == SIGINT { signalAll(SIGKILL) }
      return false
    case .graceExpired:
      signalAll(SIGKILL)
      return false
    }
  }

  private func signalAll(_ signal: Int32) {
    for pid in running.keys { runner.launcher.signal(group: pid, signal) }
  }

  private mutating func finish(_ job: RunningJob, _ termination: Termination) {
    let command = jobs[job.index].command
    if signal != nil {
      // The job is being torn down: whatever its shell left behind goes with it.
      runner.launcher.signal(group: job.pid, SIGKILL)
    }
    guard termination.isSuccess else {
      if signal != nil {
        counts.interrupted += 1
        runner.output.line(
          runner.lines.interrupted(pid: job.pid, command: command, termination: termination))
      } else {
        counts.failed += 1
        runner.output.line(
          runner.lines.failed(pid: job.pid, command: command, termination: termination))
      }
      return
    }
    do {
      try JobDirectory(path: jobs[job.index].directory).markCompleted()
      counts.succeeded += 1
      runner.output.line(runner.lines.succeeded(pid: job.pid, command: command))
    } catch {
      counts.failed += 1
      runner.output.line(
        runner.lines.failedToStart(
          command: command, reason: "it exited 0, but \(error) (the job is not marked complete)"))
    }
  }

  private mutating func start(_ index: Int, slot: Int?) -> RunningJob? {
    let job = jobs[index]
    let directory = JobDirectory(path: job.directory)
    do {
      try directory.create()
      if options.restart { try directory.clearCompletion() }
      let logs = try directory.openLogs(seconds: time(nil))
      defer { logs.close() }
      var environment = ["XPERT_UID=" + job.directory]
      if let slot, let entries = options.gpuEntries {
        environment += ["CUDA_VISIBLE_DEVICES=" + entries[slot], "CUDA_DEVICE_ORDER=PCI_BUS_ID"]
      }
      let pid = try runner.launcher.launch(
        LaunchRequest(
          command: job.command, environment: environment, stdout: logs.stdout,
          stderr: logs.stderr))
      runner.output.line(runner.lines.started(pid: pid, command: job.command))
      return RunningJob(index: index, slot: slot, pid: pid, logs: logs)
    } catch {
      counts.failed += 1
      runner.output.line(runner.lines.failedToStart(command: job.command, reason: "\(error)"))
      return nil
    }
  }
}
