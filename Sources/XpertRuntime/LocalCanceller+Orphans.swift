import CXpertKeeper
import XpertCore
import XpertStore

extension LocalCanceller {
  /// Cancels the jobs of `jobs` that a runner killed with SIGKILL left running on this host:
  /// under the job's lock, its keeper stops it (SIGTERM, SIGKILL after its grace), and the
  /// record says `cancelled`. Returns how many.
  func cancelOrphans(_ jobs: [Job], lock: JobLock) async -> Int {
    let observer = JobObserver(lock: lock)
    var cancelled = 0
    for job in jobs {
      let directory = JobDirectory(path: job.directory)
      guard
        let orphan = JobProcesses.claimOrphan(in: directory, observer: observer, lock: lock)
      else { continue }
      defer { lock.release(directory) }
      var record = orphan.record
      _ = xpert_keeper_stop(orphan.keeper, 0)
      let deadline = WallClock.now() + patience
      while ProcessIdentity.isAlive(orphan.keeper, start: orphan.start)
        && WallClock.now() < deadline
      {
        try? await Task.sleep(for: .milliseconds(50))
      }
      guard !ProcessIdentity.isAlive(orphan.keeper, start: orphan.start) else {
        output.line(lines.localCancel(job.command, state: .running, detail: "still stopping"))
        continue
      }
      guard lock.ownership(directory) != .other else { continue }
      let index = record.attempts.count - 1
      record.attempts[index].end = WallClock.now()
      record.attempts[index].outcome = .cancelled
      record.attempts[index].message = "cancelled after its runner was gone"
      record.status = .cancelled
      try? observer.write(record, in: directory)
      cancelled += 1
      output.line(
        lines.localCancel(
          job.command, state: .cancelled, detail: "was running, its runner was gone"))
    }
    return cancelled
  }
}
