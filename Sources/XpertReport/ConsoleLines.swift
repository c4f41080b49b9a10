import XpertCore

/// The console lines of a run, in the original tool's format.
public struct ConsoleLines: Sendable {
  /// The colouring.
  public var style: ConsoleStyle

  /// Lines with this style.
  public init(style: ConsoleStyle) {
    self.style = style
  }

  /// `[PID:<pid>] [RUN] <cmd>`.
  public func started(pid: Int32, command: String) -> String {
    "[PID:\(pid)] " + style.paint("[RUN]", .blue) + " " + ConsoleText.escaped(command)
  }

  /// The line below `[RUN]` that names the job's devices: `  on GPU 0,3 (0: NVIDIA A100
  /// (GPU-…); 3: …)`.
  public func device(_ entry: String, names: String?) -> String {
    "  on GPU " + ConsoleText.escaped(entry)
      + (names.map { " (" + ConsoleText.escaped($0) + ")" } ?? "")
  }

  /// `[PID:<pid>] [SUCCESS] <cmd>`.
  public func succeeded(pid: Int32, command: String) -> String {
    "[PID:\(pid)] " + style.paint("[SUCCESS]", .green) + " " + ConsoleText.escaped(command)
  }

  /// `[PID:<pid>] [FAILED] <cmd> (exit status 1)`.
  public func failed(pid: Int32, command: String, termination: Termination) -> String {
    "[PID:\(pid)] " + style.paint("[FAILED]", .red) + " " + ConsoleText.escaped(command)
      + " (\(termination))"
  }

  /// `[PID:<pid>] [FAILED] <cmd> (<reason>)`: it ran, and something after its exit failed.
  public func failed(pid: Int32, command: String, reason: String) -> String {
    "[PID:\(pid)] " + style.paint("[FAILED]", .red) + " " + ConsoleText.escaped(command)
      + " (\(reason))"
  }

  /// The line below a `[FAILED]` or `[TIMEOUT]` line: where the job's stderr is, and its last
  /// non-empty line: `  stderr: runs/a/stderr.1733.log: "RuntimeError: CUDA out of memory"`.
  public func failureLog(_ path: String, lastLine: String?) -> String {
    "  stderr: " + ConsoleText.escaped(path)
      + (lastLine.map { ": \"" + ConsoleText.escaped(ConsoleText.cut($0, to: 200)) + "\"" }
        ?? " (empty)")
  }

  /// The failed jobs at the end of a run, at most `limit`: `  runs/a: exit status 1,
  /// runs/a/stderr.1733.log`, then how many more.
  public func failedJobs(
    _ failures: [(uid: String, why: String, log: String?)], limit: Int = 20, config: String
  ) -> [String] {
    guard !failures.isEmpty else { return [] }
    var lines = [style.paint("Failed jobs:", .red)]
    for failure in failures.prefix(limit) {
      lines.append(
        "  " + ConsoleText.escaped(failure.uid) + ": " + failure.why
          + (failure.log.map { ", " + ConsoleText.escaped($0) } ?? ""))
    }
    if failures.count > limit {
      lines.append(
        "  and \(failures.count - limit) more (xpert status "
          + ConsoleText.escaped(config) + " --jobs lists every job)")
    }
    return lines
  }

  /// `[FAILED] <cmd> (could not start: ...)` for a job whose process never started.
  public func failedToStart(command: String, reason: String) -> String {
    style.paint("[FAILED]", .red) + " " + ConsoleText.escaped(command)
      + " (could not start: \(reason))"
  }

  /// `[PID:<pid>] [INTERRUPTED] <cmd> (signal 15 (SIGTERM))`.
  public func interrupted(
    pid: Int32, command: String, termination: Termination, tag: String = "[INTERRUPTED]"
  ) -> String {
    "[PID:\(pid)] " + style.paint(tag, .yellow) + " " + ConsoleText.escaped(command)
      + " (\(termination))"
  }

  /// `[CANCELLED] <cmd> (not started)`: `xpert cancel` took a waiting job out of the run.
  public func cancelledBeforeStart(command: String) -> String {
    style.paint("[CANCELLED]", .yellow) + " " + ConsoleText.escaped(command) + " (not started)"
  }

  /// `[CANCELLED] <cmd> (was running, runner 123)`: what `xpert cancel` did to a local job.
  public func localCancel(_ command: String, state: JobState, detail: String) -> String {
    style.paint("[" + state.rawValue.uppercased() + "]", state == .completed ? .green : .yellow)
      + " " + ConsoleText.escaped(command) + " (" + detail + ")"
  }

  /// `[SKIP] [COMPLETED] <cmd>`, or another state in place of `COMPLETED`.
  public func skipped(command: String, state: JobState = .completed) -> String {
    let tag = "[" + state.rawValue.uppercased() + "]"
    return style.paint("[SKIP]", .yellow) + " "
      + style.paint(tag, state == .completed ? .green : .yellow) + " "
      + ConsoleText.escaped(command)
  }

  /// `[PID:<pid>] [TIMEOUT] <cmd> (after 30 s)`: a job ran past its time limit.
  public func timedOut(pid: Int32, command: String, seconds: Double) -> String {
    "[PID:\(pid)] " + style.paint("[TIMEOUT]", .red) + " " + ConsoleText.escaped(command)
      + " (time limit of \(DurationFormatting.text(seconds)) reached: SIGTERM, then SIGKILL)"
  }

  /// `[PID:<pid>] [RETRY] <cmd> (attempt 2 of 3)`.
  public func retrying(pid: Int32, command: String, next: Int, of total: Int) -> String {
    "[PID:\(pid)] " + style.paint("[RETRY]", .yellow) + " " + ConsoleText.escaped(command)
      + " (attempt \(next) of \(total) next)"
  }

  /// `[PID:<pid>] [RETRY] <cmd> (out of GPU memory: ...; once more on a GPU of its own)`.
  public func retryingAlone(pid: Int32, command: String, reason: String) -> String {
    "[PID:\(pid)] " + style.paint("[RETRY]", .yellow) + " " + ConsoleText.escaped(command)
      + " (out of GPU memory: " + ConsoleText.escaped(reason)
      + "; running it once more on a GPU of its own, not counted against retries)"
  }

  /// A warning line.
  public func warning(_ text: String) -> String {
    style.paint("warning:", .yellow) + " " + text
  }

  /// The closing summary: `Job is done!`, then the counts over all jobs of the plan.
  public func summary(_ counts: RunCounts, signalled: Bool) -> [String] {
    let total = counts.total
    var lines = [
      style.paint("Job is done!", .bold),
      style.paint("Successfully completed [\(counts.succeeded)/\(total)]", .green),
      style.paint("Failed [\(counts.failed)/\(total)]", counts.failed > 0 ? .red : .green),
      "Skipped [\(counts.skipped)/\(total)]",
    ]
    if counts.timedOut > 0 {
      lines.append(style.paint("Timed out [\(counts.timedOut)/\(total)] (counted as failed)", .red))
    }
    if counts.stale > 0 {
      lines.append(
        style.paint(
          "Stale [\(counts.stale)/\(total)] (completed with an older command; "
            + "--rerun stale runs them)", .yellow))
    }
    if counts.elsewhere > 0 {
      lines.append("Running elsewhere [\(counts.elsewhere)/\(total)] (another runner holds them)")
    }
    if (signalled && counts.cancelled == 0) || counts.interrupted > 0 {
      lines.append(style.paint("Interrupted [\(counts.interrupted)/\(total)]", .yellow))
    }
    if counts.cancelled > 0 {
      lines.append(style.paint("Cancelled [\(counts.cancelled)/\(total)]", .yellow))
    }
    if counts.notStarted > 0 {
      lines.append(style.paint("Not started [\(counts.notStarted)/\(total)]", .yellow))
    }
    return lines
  }
}
