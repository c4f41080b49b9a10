import Testing

@testable import XpertCore

@Suite struct SchedulingTests {
  @Test func slotsGoToTheLowestFreeIndex() {
    var pool = SlotPool(entries: ["1", "2,4", "1"])
    #expect(pool.acquire() == 0)
    #expect(pool.acquire() == 1)
    #expect(pool.acquire() == 2)
    #expect(pool.acquire() == nil)
    pool.release(1)
    pool.release(0)
    #expect(pool.acquire() == 0)
    #expect(pool.acquire() == 1)
    #expect(pool.takenCount == 3)
  }

  @Test func queueStartsJobsInOrderWithinTheLimit() {
    var queue = RunQueue(pending: [0, 1, 2, 3], limit: 2, gpuEntries: nil)
    #expect(queue.startNext()?.job == 0)
    #expect(queue.startNext()?.job == 1)
    #expect(queue.startNext() == nil)
    queue.finished(slot: nil)
    #expect(queue.startNext()?.job == 2)
    #expect(queue.waitingCount == 1)
  }

  @Test func gpuEntriesCapTheConcurrency() {
    var queue = RunQueue(pending: [0, 1, 2], limit: 8, gpuEntries: ["0", "1"])
    #expect(queue.limit == 2)
    let first = queue.startNext()
    let second = queue.startNext()
    #expect(first?.slot == 0 && second?.slot == 1)
    #expect(queue.startNext() == nil)
    queue.finished(slot: 0)
    let third = queue.startNext()
    #expect(third?.job == 2 && third?.slot == 0)
  }

  @Test func aSlotReturnedAfterAFailedStartIsReused() {
    var queue = RunQueue(pending: [0, 1], limit: 1, gpuEntries: ["7"])
    let failed = queue.startNext()
    queue.finished(slot: failed?.slot)
    #expect(queue.startNext()?.slot == 0)
  }

  @Test func stoppingStartsNothingMoreAndFinishesWhenIdle() {
    var queue = RunQueue(pending: [0, 1, 2], limit: 1, gpuEntries: nil)
    _ = queue.startNext()
    queue.stop()
    #expect(queue.startNext() == nil)
    #expect(!queue.isFinished)
    queue.finished(slot: nil)
    #expect(queue.isFinished)
  }

  @Test func cancellingTakesOnlyWaitingJobsOutOfTheQueue() {
    var queue = RunQueue(pending: [0, 1, 2, 3, 4], limit: 2, gpuEntries: nil)
    #expect(queue.startNext()?.job == 0)
    #expect(queue.cancel { $0 == 0 || $0 == 3 } == [3])
    #expect(queue.waitingCount == 3)
    #expect(queue.startNext()?.job == 1)
    queue.finished(slot: nil)
    #expect(queue.startNext()?.job == 2)
    queue.finished(slot: nil)
    #expect(queue.startNext()?.job == 4)
    queue.stop()
    #expect(queue.cancel { _ in true } == [])
  }

  @Test func editDistanceSuggestsCloseNames() {
    #expect(EditDistance.suggestion(for: "numproc", among: SweepFlags.knownKeys) == "num_proc")
    #expect(EditDistance.suggestion(for: "gpus", among: SweepFlags.knownKeys) == nil)
    #expect(EditDistance.between("kitten", "sitting") == 3)
  }
}
