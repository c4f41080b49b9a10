import XpertCore
import XpertReport
import XpertStore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension RunLoop {
  /// `xpert cancel` asked this runner to cancel jobs: the selected running ones are stopped
  /// (grace included) and recorded `cancelled`, the selected waiting ones are not started; a
  /// request for the whole run stops every job and starts no other.
  mutating func takeCancelRequests() {
    guard
      let request = CancelRequests.take(
        runner: getpid(), start: ProcessIdentity.startTime(of: getpid()) ?? 0)
    else { return }
    let selected = running.filter {
      request.all || request.directories.contains(jobs[$0.value.index].directory)
    }
    for pid in selected.keys { running[pid]?.cancelled = true }
    if request.all {
      say(
        runner.lines.warning(
          "xpert cancel: starting no new job; stopping \(running.count) running as cancelled "
            + "(SIGTERM now, SIGKILL after \(DurationFormatting.text(options.grace.seconds)))"))
      stopAll()
      return
    }
    let plan = jobs
    let dropped = queue.cancel { request.directories.contains(plan[$0].directory) }
    say(
      runner.lines.warning(
        "xpert cancel: stopping \(selected.count) running job"
          + (selected.count == 1 ? "" : "s") + " as cancelled"
          + (dropped.isEmpty ? "" : "; \(dropped.count) waiting will not start")))
    for pid in selected.keys { stop(pid) }
    for index in dropped {
      counts.cancelled += 1
      say(runner.lines.cancelledBeforeStart(command: jobs[index].command))
    }
  }
}
