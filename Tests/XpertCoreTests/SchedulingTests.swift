import Testing

@testable import XpertCore

@Suite struct SchedulingTests {
  @Test func slotsGoToTheLeastLoadedDeviceThenTheLowestIndex() {
    var pool = SlotPool(entries: ["1", "2,4", "1"])
    #expect(pool.acquire() == [0])
    #expect(pool.acquire() == [1])
    #expect(pool.acquire() == [0], "device 1 is named twice: it holds two jobs")
    #expect(pool.acquire() == nil)
    pool.release([1])
    pool.release([0])
    #expect(pool.acquire() == [1])
    #expect(pool.acquire() == [0])
    #expect(pool.load(of: "1") == 2 && pool.load(of: "4") == 1)
  }

  @Test func jobsPerGPUSpreadsBeforeItPacks() {
    var pool = SlotPool(entries: ["0", "1"])
    let two = GPUNeed(share: 2)
    #expect([pool.acquire(two), pool.acquire(two), pool.acquire(two)] == [[0], [1], [0]])
    #expect(pool.acquire(two) == [1])
    #expect(pool.acquire(two) == nil)
    #expect(SlotPool(entries: ["0", "1"]).capacity(for: two) == 4)
  }

  @Test func gpusPerJobTakesDistinctDevices() {
    var pool = SlotPool(entries: ["0", "1", "2"])
    let pair = GPUNeed(gpus: 2)
    #expect(pool.acquire(pair) == [0, 1])
    #expect(pool.acquire(pair) == nil, "only device 2 is left")
    #expect(pool.acquire() == [2])
    pool.release([0, 1], need: pair)
    #expect(pool.acquire(GPUNeed(gpus: 3)) == nil, "2 is taken")
    #expect(pool.acquire(pair, skipping: [0]) == nil, "device 0 is busy elsewhere")
    #expect(pool.acquire(pair) == [0, 1])
    #expect(SlotPool(entries: ["0", "1", "2", "0"]).mostGPUsPerJob == 3)
    #expect(SlotPool(entries: ["0,1", "1,2"]).mostGPUsPerJob == 1)
  }

  @Test func theStrictestJobOnADeviceDecides() {
    var pool = SlotPool(entries: ["0"])
    #expect(pool.acquire(GPUNeed(share: 1)) == [0])
    #expect(pool.acquire(GPUNeed(share: 4)) == nil, "the first job wants it to itself")
    pool.release([0], need: GPUNeed(share: 1))
    #expect(pool.acquire(GPUNeed(share: 4)) == [0])
    #expect(pool.acquire(GPUNeed(share: 2)) == [0])
    #expect(pool.acquire(GPUNeed(share: 4)) == nil, "the second job allows two")
    #expect(pool.acquire(GPUNeed(share: 4).aloneOnItsDevices) == nil)
  }

  @Test func aJobAloneKeepsItsDeviceToItself() {
    var queue = RunQueue(
      pending: [0, 1], limit: 4, gpuEntries: ["0"], defaultNeed: GPUNeed(share: 2))
    let first = queue.startNext()!
    queue.finished(first.job, slots: first.slots)
    queue.requeue(first.job, alone: true)
    #expect(queue.startNext()! == (0, [0]))
    #expect(queue.startNext() == nil, "job 0 now runs alone")
    #expect(queue.need(of: 0).alone && !queue.need(of: 1).alone)
  }

  @Test func queueStartsJobsInOrderWithinTheLimit() {
    var queue = RunQueue(pending: [0, 1, 2, 3], limit: 2, gpuEntries: nil)
    #expect(queue.startNext()?.job == 0)
    #expect(queue.startNext()?.job == 1)
    #expect(queue.startNext() == nil)
    queue.finished(0, slots: [])
    #expect(queue.startNext()?.job == 2)
    #expect(queue.waitingCount == 1)
  }

  @Test func gpuEntriesCapTheConcurrency() {
    var queue = RunQueue(pending: [0, 1, 2], limit: 8, gpuEntries: ["0", "1"])
    let first = queue.startNext()
    let second = queue.startNext()
    #expect(first?.slots == [0] && second?.slots == [1])
    #expect(queue.startNext() == nil)
    queue.finished(0, slots: [0])
    let third = queue.startNext()
    #expect(third?.job == 2 && third?.slots == [0])
  }

  @Test func aSlotReturnedAfterAFailedStartIsReused() {
    var queue = RunQueue(pending: [0, 1], limit: 1, gpuEntries: ["7"])
    let failed = queue.startNext()!
    queue.finished(failed.job, slots: failed.slots)
    #expect(queue.startNext()?.slots == [0])
  }

  @Test func stoppingStartsNothingMoreAndFinishesWhenIdle() {
    var queue = RunQueue(pending: [0, 1, 2], limit: 1, gpuEntries: nil)
    _ = queue.startNext()
    queue.stop()
    #expect(queue.startNext() == nil)
    #expect(!queue.isFinished)
    queue.finished(0, slots: [])
    #expect(queue.isFinished)
  }

  @Test func cancellingTakesOnlyWaitingJobsOutOfTheQueue() {
    var queue = RunQueue(pending: [0, 1, 2, 3, 4], limit: 2, gpuEntries: nil)
    #expect(queue.startNext()?.job == 0)
    #expect(queue.cancel { $0 == 0 || $0 == 3 } == [3])
    #expect(queue.waitingCount == 3)
    #expect(queue.startNext()?.job == 1)
    queue.finished(0, slots: [])
    #expect(queue.startNext()?.job == 2)
    queue.finished(0, slots: [])
    #expect(queue.startNext()?.job == 4)
    queue.stop()
    #expect(queue.cancel { _ in true } == [])
  }

  @Test func editDistanceSuggestsCloseNames() {
    #expect(EditDistance.suggestion(for: "numproc", among: SweepFlags.knownKeys) == "num_proc")
    #expect(EditDistance.suggestion(for: "gpus", among: SweepFlags.knownKeys) == nil)
    #expect(EditDistance.between("kitten", "sitting") == 3)
    #expect(EditDistance.between("modle", "model") == 1, "a swap of neighbours is one edit")
    #expect(EditDistance.suggestion(for: "modle", among: ["cmd", "uid", "model"]) == "model")
    #expect(EditDistance.between("", "ab") == 2 && EditDistance.between("ab", "") == 2)
  }
}
