import XpertCore

extension ConsoleLines {
  /// `[SUBMITTED] Slurm job 123: 8 jobs (--array=0-7%2, afterany:122)`.
  public func submitted(jobID: String, jobs: Int, detail: String) -> String {
    style.paint("[SUBMITTED]", .blue) + " Slurm job \(jobID): \(jobs) job"
      + (jobs == 1 ? "" : "s") + " (\(detail))"
  }

  /// `[SLURM:123_4] [RUN] <cmd> (on node1)`: what `--wait` sees of a task.
  public func slurmTask(
    _ taskID: String, state: JobState, command: String, detail: String? = nil
  ) -> String {
    let (tag, colour): (String, ConsoleStyle.Colour) =
      switch state {
      case .running: ("[RUN]", .blue)
      case .completed: ("[SUCCESS]", .green)
      case .timedOut: ("[TIMEOUT]", .red)
      case .failed: ("[FAILED]", .red)
      case .cancelled: ("[CANCELLED]", .yellow)
      case .interrupted: ("[INTERRUPTED]", .yellow)
      default: ("[" + state.rawValue.uppercased() + "]", .yellow)
      }
    return "[SLURM:\(taskID)] " + style.paint(tag, colour) + " " + ConsoleText.escaped(command)
      + (detail.map { " (\($0))" } ?? "")
  }

  /// `[SKIP] [PENDING] <cmd> (Slurm job 123_4: Priority)`: a job already in Slurm's queue.
  public func skippedQueued(command: String, state: JobState, taskID: String, detail: String?)
    -> String
  {
    skipped(command: command, state: state) + " (Slurm job \(taskID)"
      + (detail.map { ": \($0)" } ?? "") + ")"
  }
}
