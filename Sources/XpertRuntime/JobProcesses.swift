import CXpertKeeper
import XpertCore
import XpertStore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The processes of a job that an earlier runner started, found through its keeper.
enum JobProcesses {
  /// How long a keeper gets to kill its job and exit when asked to at once.
  static let patience: Double = 10

  /// An orphaned attempt, claimed: its record and its keeper.
  struct Orphan {
    var record: JobRecord
    var keeper: Int32
    var start: UInt64
  }

  /// Claims the job in `directory` when a runner killed earlier left its attempt running here,
  /// and returns that attempt; the caller releases the lock. The record is read again under the
  /// lock, so that a runner that has just taken the job over never loses its new attempt.
  static func claimOrphan(
    in directory: JobDirectory, observer: JobObserver, lock: JobLock
  ) -> Orphan? {
    // Only a job with a record still marked running, and no live runner, may have one.
    guard let record = observer.record(in: directory), observer.isOrphaned(record),
      let claim = try? lock.claim(directory), claim != .heldByOther
    else { return nil }
    guard let again = observer.record(in: directory), observer.isOrphaned(again),
      let last = again.attempts.last, let start = last.processStart
    else {
      lock.release(directory)
      return nil
    }
    return Orphan(record: again, keeper: last.pid, start: start)
  }

  /// Kills the processes that runners killed earlier left running for `jobs` (jobs this run
  /// will start). Returns how many jobs had such processes.
  static func killOrphans(
    of jobs: some Sequence<Job>, observer: JobObserver, lock: JobLock
  ) -> Int {
    var killed = 0
    for job in jobs {
      let directory = JobDirectory(path: job.directory)
      guard let orphan = claimOrphan(in: directory, observer: observer, lock: lock) else {
        continue
      }
      defer { lock.release(directory) }
      if (try? killKeeper(orphan.keeper, start: orphan.start)) != nil { killed += 1 }
    }
    return killed
  }

  /// Kills the job of the keeper `pid` that started at `start` (if it is still alive): SIGKILL
  /// to every process of the job, then waits until the keeper has exited, so that the job
  /// never runs twice at once. Throws when it is still alive after `patience`.
  static func killKeeper(_ pid: Int32, start: UInt64) throws(SystemError) {
    guard ProcessIdentity.isAlive(pid, start: start) else { return }
    _ = xpert_keeper_stop(pid, 1)
    let deadline = WallClock.now() + patience
    while ProcessIdentity.isAlive(pid, start: start) {
      if WallClock.now() > deadline {
        throw SystemError(
          "stop the processes of the earlier attempt (keeper pid \(pid))", path: "within 10 s",
          code: ETIMEDOUT)
      }
      usleep(10_000)
    }
  }
}
