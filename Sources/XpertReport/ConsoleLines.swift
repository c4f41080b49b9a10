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
    "[PID:\(pid)] " + style.paint("[RUN]", .blue) + " " + command
  }

  /// `[PID:<pid>] [SUCCESS] <cmd>`.
  public func succeeded(pid: Int32, command: String) -> String {
    "[PID:\(pid)] " + style.paint("[SUCCESS]", .green) + " " + command
  }

  /// `[PID:<pid>] [FAILED] <cmd> (exit status 1)`.
  public func failed(pid: Int32, command: String, termination: Termination) -> String {
    "[PID:\(pid)] " + style.paint("[FAILED]", .red) + " " + command + " (\(termination))"
  }

  /// `[FAILED] <cmd> (could not start: ...)` for a job whose process never started.
  public func failedToStart(command: String, reason: String) -> String {
    style.paint("[FAILED]", .red) + " " + command + " (could not start: \(reason))"
  }

  /// `[PID:<pid>] [INTERRUPTED] <cmd> (signal 15 (SIGTERM))`.
  public func interrupted(pid: Int32, command: String, termination: Termination) -> String {
    "[PID:\(pid)] " + style.paint("[INTERRUPTED]", .yellow) + " " + command + " (\(termination))"
  }

  /// `[SKIP] [COMPLETED] <cmd>`.
  public func skipped(command: String) -> String {
    style.paint("[SKIP]", .yellow) + " " + style.paint("[COMPLETED]", .green) + " " + command
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
    if signalled || counts.interrupted > 0 {
      lines.append(style.paint("Interrupted [\(counts.interrupted)/\(total)]", .yellow))
    }
    if counts.notStarted > 0 {
      lines.append(style.paint("Not started [\(counts.notStarted)/\(total)]", .yellow))
    }
    return lines
  }
}
