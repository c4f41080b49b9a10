import XpertCore

/// Something the run loop reacts to.
enum RunEvent: Sendable {
  /// A child process ended.
  case exited(pid: Int32, termination: Termination)
  /// SIGINT or SIGTERM reached xpert.
  case signal(Int32)
  /// The grace period after the first signal (or `--fail-fast=now`) is over.
  case graceExpired
  /// The job started as `serial` reached its time limit.
  case timeLimit(serial: Int)
  /// The grace period after a time limit of job `serial` is over.
  case timeLimitGraceExpired(serial: Int)
  /// Time to refresh the locks of running jobs.
  case heartbeat
  /// Time to redraw the progress line.
  case tick
}

/// A timer the run loop asks for; the runner turns it into a child task that sends the event.
struct TimerRequest: Sendable {
  var after: Duration
  var event: RunEvent
}
