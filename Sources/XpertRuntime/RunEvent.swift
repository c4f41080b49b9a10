import XpertCore

/// Something the run loop reacts to.
enum RunEvent: Sendable {
  /// A child process ended.
  case exited(pid: Int32, termination: Termination)
  /// SIGINT or SIGTERM reached xpert.
  case signal(Int32)
  /// The job started as `serial` reached its time limit.
  case timeLimit(serial: Int)
  /// Time to refresh the locks of running jobs.
  case heartbeat
  /// Time to redraw the progress line.
  case tick
  /// Time to try again to start jobs that wait for a GPU another runner holds.
  case retryStart
  /// What `nvidia-smi` said, looked at off the loop.
  case gpuLook(GPUWatch.Look)
}

/// A timer the run loop asks for; the runner turns it into a child task that sends the event.
struct TimerRequest: Sendable {
  var after: Duration
  var event: RunEvent
}
