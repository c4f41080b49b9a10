import XpertCore
import XpertRuntime
import XpertStore

/// Which jobs of a sweep were submitted to Slurm and what Slurm says about them now: the open
/// submissions of the ledger, read with one `squeue` (and, for tasks no longer queued, one
/// `sacct` or `scontrol`). A sweep never submitted costs no Slurm command at all.
public struct SlurmTracker: Sendable {
  /// A job's latest submission.
  public struct Task: Sendable, Hashable {
    /// The submission.
    public var submission: SlurmSubmission
    /// The array within it.
    public var array: SlurmSubmission.Array
    /// The task id within the array.
    public var task: Int
    /// What Slurm says, if it still knows the task.
    public var status: SlurmTaskStatus?

    /// `JOBID_TASK`.
    public var taskID: String { array.taskID(task) }
  }

  /// The ledger read.
  public var ledger: SlurmLedger
  /// The latest submission of each submitted job, by job directory.
  public var tasks: [String: Task] = [:]

  /// Reads the ledger and asks Slurm about its open submissions; settles the submissions
  /// that Slurm has forgotten.
  public init(ledger: SlurmLedger, commands: SlurmCommands) throws(SlurmError) {
    self.ledger = ledger
    let submissions = ledger.openSubmissions()
    guard !submissions.isEmpty else { return }
    let queue = try commands.queue()
    var queuedJobs = Set<String>()
    for id in queue.keys { queuedJobs.insert(String(id.prefix { $0 != "_" })) }
    let unqueued = submissions.flatMap(\.arrays).map(\.jobID).filter { !queuedJobs.contains($0) }
    let endings = commands.endings(
      of: unqueued, since: submissions.map(\.submitted).min() ?? WallClock.now())
    var endedJobs = Set<String>()
    for id in endings.keys { endedJobs.insert(String(id.prefix { $0 != "_" })) }
    for submission in submissions {
      let queued = submission.arrays.contains { queuedJobs.contains($0.jobID) }
      let known = queued || submission.arrays.contains { endedJobs.contains($0.jobID) }
      // Settled: Slurm has forgotten it, or (with accounting, which never forgets) nothing of
      // it has been queued for a week. Its jobs' directories then say how they ended.
      if !known || (!queued && WallClock.now() - submission.submitted > 7 * 86400) {
        ledger.settle(submission.id)
        continue
      }
      for array in submission.arrays {
        guard let plan = try? ledger.plan(submission.id, array: array.number) else { continue }
        for (task, job) in plan.jobs.enumerated() {
          let id = array.taskID(task)
          tasks[job.directory] = Task(
            submission: submission, array: array, task: task, status: queue[id] ?? endings[id])
        }
      }
    }
  }

  /// The state of `job`, whose directory says `fileState`, with Slurm's word merged in, and
  /// Slurm's detail (why it pends, where it runs, how it ended) when Slurm decided it.
  public func state(of job: Job, fileState: JobState, observer: JobObserver) -> (
    state: JobState, detail: String?
  ) {
    guard let task = tasks[job.directory] else { return (fileState, nil) }
    let start = observer.record(in: JobDirectory(path: job.directory))?.attempts.last?.start
    // A little slack for clocks of compute nodes that run behind the login node's.
    let recorded = (start ?? 0) >= task.submission.submitted - 5
    return SlurmStateMerge.state(
      fileState: fileState, recordedSinceSubmission: recorded, slurm: task.status)
  }

  /// Whether Slurm still has `job`'s task queued (pending or running): submitting it again
  /// would run it twice.
  public func isQueued(_ job: Job) -> Task? {
    guard let task = tasks[job.directory], task.status?.isQueued == true else { return nil }
    return task
  }
}
