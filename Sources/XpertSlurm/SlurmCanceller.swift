import XpertCore
import XpertReport
import XpertRuntime
import XpertStore

/// `xpert cancel`: cancels the sweep's jobs that Slurm has queued (only tasks of this sweep's
/// own submissions). Each task is first marked in the ledger, so that a running task records
/// its stop as `cancelled`; the records of tasks that never started are written here.
public struct SlurmCanceller: Sendable {
  /// Slurm's commands.
  public var commands: SlurmCommands
  /// Where console lines go.
  public var output: ConsoleWriter
  /// How they look.
  public var lines: ConsoleLines
  /// The longest wait for cancelled tasks to leave Slurm's queue.
  public var patience: Double = 120

  /// Creates a canceller.
  public init(commands: SlurmCommands, output: ConsoleWriter, lines: ConsoleLines) {
    self.commands = commands
    self.output = output
    self.lines = lines
  }

  /// What a cancel did in Slurm.
  public struct Outcome: Sendable {
    /// Jobs cancelled.
    public var cancelled = 0
    /// The directories of the selected jobs that Slurm had queued (cancelled or not).
    public var queued: Set<String> = []
  }

  /// Cancels the queued tasks of `selected`; says nothing when Slurm has none of them queued.
  public func cancel(_ selected: [Job], ledgers: [SlurmLedger], lock: JobLock)
    async throws(SlurmError) -> Outcome
  {
    let tracker = try SlurmTracker(ledgers: ledgers, commands: commands)
    for problem in tracker.problems { output.line(lines.warning(problem)) }
    let targets = selected.compactMap { job -> (Job, [SlurmTracker.Task])? in
      let tasks = tracker.queuedTasks(of: job)
      return tasks.isEmpty ? nil : (job, tasks)
    }
    guard !targets.isEmpty else { return Outcome() }
    for (_, tasks) in targets {
      for task in tasks {
        task.ledger.requestCancel(
          task.submission.id, array: task.array.number, task: task.task)
      }
    }
    let ids = targets.flatMap { $0.1.map(\.taskID) }
    var start = 0
    while start < ids.count {
      try commands.cancel(Array(ids[start..<min(start + 500, ids.count)]))
      start += 500
    }
    // Wait until Slurm has let go of every task, so that no job process is left when this
    // returns and the running tasks have recorded their ending.
    let arrays = Array(Set(targets.flatMap { $0.1.map(\.array.jobID) }))
    let wanted = Set(ids)
    let deadline = WallClock.now() + patience
    while WallClock.now() < deadline {
      let queue = try commands.queue(jobIDs: arrays)
      if !queue.keys.contains(where: wanted.contains) { break }
      try? await Task.sleep(for: .milliseconds(200))
    }
    let observer = JobObserver(lock: JobLock.observerOnly())
    var cancelled = 0
    for (job, tasks) in targets {
      let task = tasks.last!
      let wasPending = tasks.allSatisfy { $0.status?.queuedState == .pending }
      if wasPending { recordCancelled(job, task: task, lock: lock, observer: observer) }
      // Say what happened: a task that was just finishing may have completed after all.
      let state = observer.state(of: job)
      if state == .completed {
        output.line(
          lines.slurmTask(
            task.taskID, state: .completed, command: job.command,
            detail: "it completed before the cancel reached it"))
        continue
      }
      cancelled += 1
      output.line(
        lines.slurmTask(
          task.taskID, state: .cancelled, command: job.command,
          detail: wasPending ? "was pending" : "was running"))
    }
    return Outcome(cancelled: cancelled, queued: Set(targets.map(\.0.directory)))
  }

  /// Writes `cancelled` into the record of a job whose task never started (if no runner holds
  /// the job: a task that started after all records its own ending).
  private func recordCancelled(
    _ job: Job, task: SlurmTracker.Task, lock: JobLock, observer: JobObserver
  ) {
    let directory = JobDirectory(path: job.directory)
    guard (try? directory.create()) != nil, let claim = try? lock.claim(directory),
      claim != .heldByOther
    else { return }
    defer { lock.release(directory) }
    var record: JobRecord
    switch observer.readRecord(in: directory) {
    case .valid(let valid): record = valid
    case .absent:
      record = JobRecord(
        uid: job.uid, group: job.group, config: task.submission.config, command: job.command,
        fields: job.fields, status: .new)
    case .damaged, .newer, .unreadable:
      return  // never written over: a run keeps a damaged one aside, a newer one is left alone
    }
    if let start = record.attempts.last?.start, start >= task.submission.submitted { return }
    record.status = .cancelled
    try? observer.write(record, in: directory)
  }
}
