import XpertCore

/// Something the run loop reacts to.
enum RunEvent: Sendable {
  /// A child process ended.
  case exited(pid: Int32, termination: Termination)
  /// SIGINT or SIGTERM reached xpert.
  case signal(Int32)
  /// The grace period after the first signal is over.
  case graceExpired
}
