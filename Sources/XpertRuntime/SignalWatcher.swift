import XpertCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Turns SIGCHLD, SIGINT and SIGTERM into events on one thread with `sigwait`, so that no code
/// runs in a signal handler and each child's exit is seen through the kernel's notification.
public enum SignalWatcher {
  /// The signals Xpert takes over.
  static let watched: [Int32] = [SIGCHLD, SIGINT, SIGTERM]

  /// Blocks the watched signals in the calling thread and every thread it creates later, and
  /// ignores SIGPIPE (a closed stdout must not kill a runner with jobs). Call first thing in
  /// `main`, before any other thread exists.
  public static func blockSignals() {
    var set = watchedSet()
    pthread_sigmask(SIG_BLOCK, &set, nil)
    signal(SIGPIPE, SIG_IGN)
  }

  /// Starts the watching thread: `onEvent` gets `.exited` for every reaped child and
  /// `.signal` for SIGINT and SIGTERM.
  static func start(_ onEvent: @escaping @Sendable (RunEvent) -> Void) {
    let box = Unmanaged.passRetained(Handler(onEvent)).toOpaque()
    var thread = pthread_t()
    let created = pthread_create(
      &thread, nil,
      { argument in
        let handler = Unmanaged<Handler>.fromOpaque(argument!).takeRetainedValue()
        SignalWatcher.loop(handler.onEvent)
        return nil
      }, box)
    precondition(created == 0, "cannot start the signal thread")
    pthread_detach(thread)
  }

  private final class Handler: @unchecked Sendable {
    let onEvent: @Sendable (RunEvent) -> Void
    init(_ onEvent: @escaping @Sendable (RunEvent) -> Void) { self.onEvent = onEvent }
  }

  private static func watchedSet() -> sigset_t {
    var set = sigset_t()
    sigemptyset(&set)
    for signal in watched { sigaddset(&set, signal) }
    return set
  }

  private static func loop(_ onEvent: @Sendable (RunEvent) -> Void) -> Never {
    var set = watchedSet()
    while true {
      var received: Int32 = 0
      guard sigwait(&set, &received) == 0 else { continue }
      if received == SIGCHLD {
        reapAll(onEvent)
      } else {
        onEvent(.signal(received))
      }
    }
  }

  /// Reaps every child that has ended (one SIGCHLD may stand for several).
  static func reapAll(_ onEvent: @Sendable (RunEvent) -> Void) {
    while true {
      var status: Int32 = 0
      let pid = waitpid(-1, &status, WNOHANG)
      if pid > 0 {
        onEvent(.exited(pid: pid, termination: termination(status)))
      } else if pid == 0 || errno != EINTR {
        return
      }
    }
  }

  private static func termination(_ status: Int32) -> Termination {
    let signal = status & 0x7F
    if signal == 0 { return .exited((status >> 8) & 0xFF) }
    return .signalled(signal)
  }
}
