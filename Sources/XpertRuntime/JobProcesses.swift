import CXpertKeeper
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
