/// The scheduling decisions of a run, as a pure value: which job starts next and on which GPU
/// entries. Jobs start in plan order (a job that needs more GPUs than are free waits, and the
/// jobs behind it with it, so that it is never starved); each takes entries as `SlotPool` says.
public struct RunQueue: Sendable, Hashable {
  /// Jobs waiting to start, as indices into the plan, in order.
  public private(set) var pending: [Int]
  private var nextPending = 0
  /// Jobs running now.
  public private(set) var runningCount = 0
  /// The most jobs at once.
  public let limit: Int
  /// The GPU slots, when the run has GPU entries.
  public private(set) var slots: SlotPool?
  /// What each job asks of the GPUs, by plan index, where it is not `defaultNeed`.
  private let needs: [Int: GPUNeed]
  /// What a job asks of the GPUs unless `needs` says otherwise.
  public let defaultNeed: GPUNeed
  /// Jobs that run on devices of their own from now on (they ran out of memory sharing).
  private var alone: Set<Int> = []
  /// Once set, no job starts any more.
  public private(set) var isStopping = false

  /// A queue over `pending` with at most `limit` jobs at once and the given GPU entries.
  public init(
    pending: [Int], limit: Int, gpuEntries: [String]?, needs: [Int: GPUNeed] = [:],
    defaultNeed: GPUNeed = GPUNeed()
  ) {
    self.pending = pending
    self.slots = gpuEntries.map { SlotPool(entries: $0) }
    self.limit = max(1, limit)
    self.needs = needs
    self.defaultNeed = defaultNeed
  }

  /// What job `job` asks of the GPUs now.
  public func need(of job: Int) -> GPUNeed {
    let need = needs[job] ?? defaultNeed
    return alone.contains(job) ? need.aloneOnItsDevices : need
  }

  /// Jobs that have not started.
  public var waitingCount: Int { isStopping ? 0 : pending.count - nextPending }

  /// Whether the run is over: nothing runs and nothing more will start.
  public var isFinished: Bool { runningCount == 0 && waitingCount == 0 }

  /// The next job to start and its GPU entries (empty without GPU entries), or `nil` when none
  /// may start now. The caller must later call `finished(_:slots:)` for it, on every path.
  public mutating func startNext(skipping: Set<Int> = []) -> (job: Int, slots: [Int])? {
    guard !isStopping, nextPending < pending.count, runningCount < limit else { return nil }
    let job = pending[nextPending]
    var chosen: [Int] = []
    if slots != nil {
      let need = need(of: job)
      guard let free = slots!.acquire(need, skipping: skipping) else { return nil }
      chosen = free
    }
    nextPending += 1
    runningCount += 1
    return (job, chosen)
  }

  /// A started job ended (or failed to start): its capacity and slots are free again.
  public mutating func finished(_ job: Int, slots chosen: [Int]) {
    runningCount -= 1
    let need = need(of: job)
    if !chosen.isEmpty { slots?.release(chosen, need: need) }
  }

  /// Gives back a job that `startNext` handed out but that could not start yet (its devices
  /// are busy outside this run): the slots are free again, and the job is next.
  public mutating func putBack(_ job: Int, slots chosen: [Int]) {
    finished(job, slots: chosen)
    nextPending -= 1
    pending[nextPending] = job
  }

  /// Puts a job that ended back at the head of the queue, to run again (a retry); `alone`: on
  /// devices of its own from now on. Call after `finished`.
  public mutating func requeue(_ job: Int, alone: Bool = false) {
    guard !isStopping else { return }
    if alone { self.alone.insert(job) }
    pending.insert(job, at: nextPending)
  }

  /// Takes the waiting jobs for which `isCancelled` holds out of the queue; returns them.
  public mutating func cancel(where isCancelled: (Int) -> Bool) -> [Int] {
    guard !isStopping else { return [] }
    var kept = Array(pending[..<nextPending])
    var removed: [Int] = []
    for job in pending[nextPending...] {
      if isCancelled(job) { removed.append(job) } else { kept.append(job) }
    }
    pending = kept
    return removed
  }

  /// Starts no further job.
  public mutating func stop() {
    isStopping = true
  }
}
