import XpertCore
import XpertRuntime
import XpertStore

/// Which jobs of a sweep were submitted to Slurm and what Slurm says about them now: the open
/// submissions of the sweep's ledgers, read with one `squeue` of their job ids (whoever runs
/// it) and, for tasks no longer queued, one `sacct` or one `scontrol` per array. A sweep never
/// submitted costs no Slurm command at all.
public struct SlurmTracker: Sendable {
  /// One submitted task of a job.
  public struct Task: Sendable {
    /// The ledger that holds the submission.
    public var ledger: SlurmLedger
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
    /// Whether Slurm has it queued (pending or running).
    public var isQueued: Bool { status?.isQueued == true }
  }

  /// Every task of each submitted job, oldest submission first, by job directory.
  public var tasks: [String: [Task]] = [:]
  /// Submission and plan files that could not be read, as messages.
  public var problems: [String] = []
  /// Arrays with queued tasks whose plan could not be read: their jobs are unknown.
  public var untrackedQueuedArrays: [String] = []
  /// The job ids of arrays that still have queued tasks (a throttled submission waits for
  /// them, so that `num_proc` holds across submissions).
  public var queuedArrays: [String] = []

  /// Reads the ledgers and asks Slurm about their open submissions; settles the submissions
  /// that Slurm has forgotten.
  public init(ledgers: [SlurmLedger], commands: SlurmCommands) throws(SlurmError) {
    var open: [(SlurmLedger, SlurmSubmission)] = []
    for ledger in ledgers {
      let (submissions, problems) = ledger.openSubmissions()
      open += submissions.map { (ledger, $0) }
      self.problems += problems
    }
    guard !open.isEmpty else { return }
    open.sort { $0.1.id < $1.1.id }
    let arrays = open.flatMap(\.1.arrays)
    let queue = try commands.queue(jobIDs: arrays.map(\.jobID))
    var queuedCount: [String: Int] = [:]
    for id in queue.keys { queuedCount[String(id.prefix { $0 != "_" }), default: 0] += 1 }
    // Endings for every array with a task that left the queue.
    let partly = arrays.filter { queuedCount[$0.jobID, default: 0] < $0.tasks }
    let endings = commands.endings(
      of: partly.map(\.jobID), since: open.map(\.1.submitted).min() ?? WallClock.now())
    var ended = Set<String>()
    for id in endings.keys { ended.insert(String(id.prefix { $0 != "_" })) }
    for (ledger, submission) in open {
      let queued = submission.arrays.filter { queuedCount[$0.jobID] != nil }.map(\.jobID)
      queuedArrays += queued
      let known = !queued.isEmpty || submission.arrays.contains { ended.contains($0.jobID) }
      // Settled: Slurm has forgotten it, or (with accounting, which never forgets) nothing of
      // it has been queued for a week. Its jobs' directories then say how they ended.
      if !known || (queued.isEmpty && WallClock.now() - submission.submitted > 7 * 86400) {
        ledger.settle(submission.id)
        continue
      }
      for array in submission.arrays {
        let plan: SlurmPlan
        do {
          plan = try ledger.plan(submission.id, array: array.number)
        } catch {
          problems.append(
            "cannot read \(ledger.planPath(submission.id, array: array.number)): \(error); "
              + "the jobs of Slurm job \(array.jobID) are not tracked")
          if queuedCount[array.jobID] != nil { untrackedQueuedArrays.append(array.jobID) }
          continue
        }
        for (task, job) in plan.jobs.enumerated() {
          let id = array.taskID(task)
          tasks[job.directory, default: []].append(
            Task(
              ledger: ledger, submission: submission, array: array, task: task,
              status: queue[id] ?? endings[id])
          )
        }
      }
    }
  }

  /// The task that decides `job`'s state: a queued one if there is one (it will run), else
  /// the latest.
  public func task(of job: Job) -> Task? {
    guard let all = tasks[job.directory] else { return nil }
    return all.last(where: \.isQueued) ?? all.last
  }

  /// The state of `job`, whose directory says `fileState` and holds `record`, with Slurm's
  /// word merged in, and Slurm's detail (why it pends, where it runs, how it ended) when Slurm
  /// decided it. The record matters only for a job this tracker knows (`task(of:)`).
  public func state(of job: Job, fileState: JobState, record: JobRecord?) -> (
    state: JobState, detail: String?
  ) {
    guard let task = task(of: job) else { return (fileState, nil) }
    let start = record?.attempts.last?.start
    // An attempt of this submission started after it was submitted; earlier ones ended before
    // (or the job would not have been submitted). Compute nodes' clocks are assumed in sync.
    let recorded = (start ?? 0) >= task.submission.submitted
    return SlurmStateMerge.state(
      fileState: fileState, recordedSinceSubmission: recorded, slurm: task.status)
  }

  /// A task of `job` that Slurm has queued (pending or running), if any: submitting the job
  /// again would run it twice.
  public func isQueued(_ job: Job) -> Task? {
    tasks[job.directory]?.last(where: \.isQueued)
  }

  /// Every queued task of `job` (more than one only after concurrent submissions).
  public func queuedTasks(of job: Job) -> [Task] {
    tasks[job.directory]?.filter(\.isQueued) ?? []
  }
}
