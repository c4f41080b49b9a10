/// How a job's process ended.
public enum Termination: Sendable, Hashable, CustomStringConvertible {
  /// It exited with this status.
  case exited(Int32)
  /// A signal ended it.
  case signalled(Int32)

  /// Whether the job succeeded: exit status 0.
  public var isSuccess: Bool { self == .exited(0) }

  /// `exit status 1` or `signal 9 (SIGKILL)`.
  public var description: String {
    switch self {
    case .exited(let status): "exit status \(status)"
    case .signalled(let signal):
      "signal \(signal)" + (Self.signalNames[signal].map { " (\($0))" } ?? "")
    }
  }

  private static let signalNames: [Int32: String] = [
    1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE",
    9: "SIGKILL", 11: "SIGSEGV", 13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM", 24: "SIGXCPU",
    25: "SIGXFSZ",
  ]
}
