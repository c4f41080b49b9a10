import XpertCore
import XpertReport
import XpertStore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension RunLoop {
  /// Records how a job's process ended, marks it completed on exit 0, releases its lock, and
  /// retries it or stops the run as the options say.
  mutating func finish(_ job: RunningJob, _ ending: JobEnding) {
    let spec = jobs[job.index]
    let directory = JobDirectory(path: spec.directory)
    // The keeper's own ending stands in only when it was killed before it could report.
    let termination = ending.shell ?? .signalled(SIGKILL)
    let ownership = options.provenance.lock.ownership(directory)
    if ending.keeperKilled {
      // Someone killed the keeper: what is left of the job came to this runner (a subreaper)
      // or still carries its XPERT_UID; it goes now, before the slot is used again (but not
      // the processes of a runner that took the job over, which carry the same XPERT_UID).
      kill(-job.pid, SIGKILL)
      if !job.lostLock && ownership != .other { OrphanProcess.killAll(in: [spec.directory]) }
    }
    if job.lostLock || ownership == .other {
      // Another runner owns the job now: its record, flag and lock are not ours to touch.
      startedDirectories.remove(spec.directory)
      counts.interrupted += 1
      say(
        runner.lines.interrupted(
          pid: job.pid, command: spec.command, termination: termination,
          tag: "[TAKEN OVER]"))
      return
    }
    // Once the run is stopping, every job got SIGTERM from xpert: whatever it exits with (a
    // script may catch SIGTERM and exit 0), it did not finish its work.
    var outcome: JobState =
      job.cancelled
      ? .cancelled
      : stopping || ending.stoppedFromOutside
        ? options.stopOutcome()
        : termination.isSuccess ? .completed : job.timedOut ? .timedOut : .failed
    var message: String?
    var startFailed = false
    if let code = ending.startError {
      outcome = .failed
      message = "cannot start /bin/sh: " + String(cString: strerror(code))
      startFailed = true
    }
    if outcome == .completed {
      do {
        try CompletionMarker.write(directory, commandHash: job.record.commandHash)
      } catch {
        outcome = .failed
        message =
          "it exited 0, but its completed.flag could not be written (\(error.reason)), so it is "
          + "not marked complete"
      }
    }
    var record = job.record
    let last = record.attempts.count - 1
    record.attempts[last].end = WallClock.now()
    record.attempts[last].termination = ending.shell
    record.attempts[last].outcome = outcome
    record.attempts[last].message = message ?? Self.leftoverNote(ending)
    record.status = outcome
    if let duration = record.attempts[last].duration { finishedDurations.append(duration) }
    do {
      try observer.write(record, in: directory)
    } catch {
      // The record on disk still says `running`: once the lock is gone, `status` shows the job
      // `interrupted`. Say so here, where the real ending is known.
      say(
        runner.lines.warning(
          "the record of \(ConsoleText.escaped(spec.uid)) could not be written (\(error.reason)): "
            + (outcome == .completed
              ? "it completed, and its completed.flag says so, but its record lacks this ending"
              : "it ended \(outcome.rawValue) (\(termination)), but `xpert status` will show it "
                + "interrupted")))
    }
    options.provenance.lock.release(directory, checked: ownership == .ours)
    report(
      job, spec: spec, outcome: outcome, termination: termination, message: message,
      startFailed: startFailed)
    if ending.leftovers > 0 {
      say(
        runner.lines.warning(
          "job " + ConsoleText.escaped(spec.uid) + " " + Self.leftoverNote(ending)!))
    }
  }

  /// `left 2 processes running after its shell exited; stopped them (1 with SIGKILL)`.
  static func leftoverNote(_ ending: JobEnding) -> String? {
    guard ending.leftovers > 0 else { return nil }
    let count = ending.leftovers == 1 ? "1 process" : "\(ending.leftovers) processes"
    let them = ending.leftovers == 1 ? "it" : "them"
    return "left \(count) running after its shell exited; stopped \(them) with SIGTERM"
      + (ending.killed > 0 ? " (\(ending.killed) needed SIGKILL after the grace)" : "")
  }

  private mutating func report(
    _ job: RunningJob, spec: Job, outcome: JobState, termination: Termination, message: String?,
    startFailed: Bool
  ) {
    let lines = runner.lines
    switch outcome {
    case .completed:
      counts.succeeded += 1
      say(lines.succeeded(pid: job.pid, command: spec.command))
    case .interrupted, .cancelled:
      if outcome == .cancelled { counts.cancelled += 1 } else { counts.interrupted += 1 }
      say(
        lines.interrupted(
          pid: job.pid, command: spec.command, termination: termination,
          tag: outcome == .cancelled ? "[CANCELLED]" : "[INTERRUPTED]"))
    default:
      if let message, startFailed {
        say(lines.failedToStart(command: spec.command, reason: message))
      } else if let message {
        say(lines.failed(pid: job.pid, command: spec.command, reason: message))
      } else {
        say(
          lines.failed(pid: job.pid, command: spec.command, termination: termination))
      }
      let log = job.record.attempts.last?.stderrLog.map { spec.uid + "/" + $0 }
      if !startFailed, let log, let name = job.record.attempts.last?.stderrLog {
        let tail = FileSystem.readTail(spec.directory + "/" + name, count: 16384) ?? []
        say(lines.failureLog(log, lastLine: ConsoleText.lastLine(of: tail)))
      }
      if outcome == .failed, job.shared, !stopping, !queue.isStopping,
        !aloneAfterOutOfMemory.contains(job.index), let sign = outOfMemorySign(job, spec: spec)
      {
        // It shared its GPU and ran out of memory: once more, alone, whatever `retries` says.
        aloneAfterOutOfMemory.insert(job.index)
        say(
          lines.retryingAlone(
            pid: job.pid, command: spec.command,
            reason: "its stderr says \"\(sign)\" and it shared "
              + "GPU \(job.record.attempts.last?.gpu ?? "?") with other jobs"))
        queue.requeue(job.index, alone: true)
        return
      }
      let attempts = attemptsThisRun[job.index, default: 1]
      let allowed =
        options.retries(of: spec) + 1 + (aloneAfterOutOfMemory.contains(job.index) ? 1 : 0)
      if !stopping && !queue.isStopping && attempts < allowed {
        say(
          lines.retrying(pid: job.pid, command: spec.command, next: attempts + 1, of: allowed))
        queue.requeue(job.index)
        return
      }
      counts.failed += 1
      if outcome == .timedOut { counts.timedOut += 1 }
      failures.append(
        (
          spec.uid,
          startFailed ? "could not start" : outcome == .timedOut ? "timed out" : "\(termination)",
          startFailed ? nil : log
        ))
      if failures.count == 1, let hooks = options.hooks, let command = hooks.onFailure {
        // Off the loop: a webhook may take a while; the run goes on.
        let environment = hooks.environment(
          event: "failure", counts: counts, exitStatus: nil, failedUID: spec.uid)
        let output = runner.output
        let lines = runner.lines
        hookTasks.append(
          Task.detached {
            if let warning = hooks.run(command, name: "on_failure", environment: environment) {
              output.line(lines.warning(warning))
            }
          })
      }
      noteFailure()
    }
  }

  /// What the tail of the job's stderr (its last 64 KiB) says about running out of GPU memory.
  private func outOfMemorySign(_ job: RunningJob, spec: Job) -> String? {
    guard let log = job.record.attempts.last?.stderrLog,
      let tail = FileSystem.readTail(spec.directory + "/" + log, count: 65536)
    else { return nil }
    return GPUOutOfMemory.sign(in: String(decoding: tail, as: UTF8.self))
  }

  /// A job failed for good: with `--fail-fast`, start nothing more (and with `now`, stop the
  /// running jobs too).
  mutating func noteFailure() {
    guard let failFast = options.failFast, !queue.isStopping else { return }
    switch failFast {
    case .drain:
      say(
        runner.lines.warning(
          "a job failed and --fail-fast is set: starting no new job; "
            + "\(running.count) running will finish"))
      queue.stop()
    case .now:
      say(
        runner.lines.warning(
          "a job failed and --fail-fast=now is set: stopping \(running.count) running jobs"))
      stopAll()
    }
  }
}
