/// The scheduling decisions of a run, as a pure value: which job starts next and on which GPU
/// slot. Jobs start in plan order; each takes the free slot with the lowest index.
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
  /// Once set, no job starts any more.
  public private(set) var isStopping = false

  /// A queue over `pending` with at most `limit` jobs at once and the given GPU entries.
  /// With GPU entries, at most one job per entry runs, whatever `limit` says.
  public init(pending: [Int], limit: Int, gpuEntries: [String]?) {
    self.pending = pending
    self.slots = gpuEntries.map { SlotPool(entries: $0) }
    self.limit = max(1, min(limit, gpuEntries?.count ?? limit))
  }

  /// Jobs that have not started.
  public var waitingCount: Int { isStopping ? 0 : pending.count - nextPending }

  /// Whether the run is over: nothing runs and nothing more will start.
  public var isFinished: Bool { runningCount == 0 && waitingCount == 0 }

  /// The next job to start and its slot (`nil` without GPU entries), or `nil` when none may
  /// start now. The caller must later call `finished(slot:)` for it, on every path.
  public mutating func startNext(skipping: Set<Int> = []) -> (job: Int, slot: Int?)? {
    guard !isStopping, nextPending < pending.count, runningCount < limit else { return nil }
    var slot: Int?
    if slots != nil {
      guard let free = slots!.acquire(skipping: skipping) else { return nil }
      slot = free
    }
    let job = pending[nextPending]
    nextPending += 1
    runningCount += 1
    return (job, slot)
  }

  /// A started job ended (or failed to start): its capacity and slot are free again.
  public mutating func finished(slot: Int?) {
    runningCount -= 1
    if let slot { slots?.release(slot) }
  }

  /// Gives back a job that `startNext` handed out but that could not start yet (its slot's
  /// devices are held by another runner): the slot is free again, and the job is next.
  public mutating func putBack(_ job: Int, slot: Int?) {
    finished(slot: slot)
    nextPending -= 1
    pending[nextPending] = job
  }

  /// Puts a job that ended back at the head of the queue, to run again (a retry).
  public mutating func requeue(_ job: Int) {
    guard !isStopping else { return }
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
