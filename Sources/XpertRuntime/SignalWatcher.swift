import XpertCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The write end of the signal pipe, set once before any handler is installed.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// The handler: only `write(2)`, which is async-signal-safe.
private func forwardSignal(_ signal: Int32) {
  let saved = errno
  var byte = UInt8(truncatingIfNeeded: signal)
  _ = write(signalPipeWriteEnd, &byte, 1)
  errno = saved
}

/// Turns SIGCHLD, SIGINT and SIGTERM into events: each handler writes the signal's number to a
/// pipe (the self-pipe pattern), and one thread reads the pipe, reaps exited children and
/// reports. No Swift code runs inside a signal handler, and it works whatever thread the kernel
/// picks to deliver a signal to.
public enum SignalWatcher {
  /// Process set-up: SIGPIPE is ignored, so that a closed stdout cannot kill a runner with
  /// jobs (writes then fail with EPIPE, which the console ignores).
  public static func prepareProcess() {
    signal(SIGPIPE, SIG_IGN)
  }

  /// Installs the handlers and starts the reading thread: `onEvent` gets `.exited` for every
  /// reaped child and `.signal` for SIGINT, SIGTERM and SIGHUP (a closed terminal or a dropped
  /// ssh session stops the run as SIGTERM does). Call once per process.
  static func start(
    extraSignals: [Int32] = [], _ onEvent: @escaping @Sendable (RunEvent) -> Void
  ) {
    var ends: [Int32] = [0, 0]
    precondition(pipe(&ends) == 0, "cannot create the signal pipe")
    for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
    _ = fcntl(ends[1], F_SETFL, O_NONBLOCK)
    signalPipeWriteEnd = ends[1]
    let readEnd = ends[0]

    let box = Unmanaged.passRetained(Reader(readEnd: readEnd, onEvent: onEvent)).toOpaque()
    var thread = pthread_t()
    let created = pthread_create(
      &thread, nil,
      { argument in
        Unmanaged<Reader>.fromOpaque(argument!).takeRetainedValue().loop()
      }, box)
    precondition(created == 0, "cannot start the signal thread")
    pthread_detach(thread)

    for number in [SIGCHLD, SIGINT, SIGTERM, SIGHUP] + extraSignals
    where !(number == SIGHUP && SignalWatcher.isIgnored(SIGHUP)) {
      var action = sigaction()
      #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = { forwardSignal($0) }
      #else
        action.__sigaction_u.__sa_handler = { forwardSignal($0) }
      #endif
      sigemptyset(&action.sa_mask)
      action.sa_flags = SA_RESTART | (number == SIGCHLD ? SA_NOCLDSTOP : 0)
      sigaction(number, &action, nil)
    }
  }

  /// Whether `signal` is ignored now: `nohup` ignores SIGHUP, and a run started so must
  /// outlive its terminal, as its user asked.
  static func isIgnored(_ signal: Int32) -> Bool {
    var current = sigaction()
    guard sigaction(signal, nil, &current) == 0 else { return false }
    #if canImport(Glibc)
      return unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self)
        == unsafeBitCast(SIG_IGN, to: Int.self)
    #else
      return false
    #endif
  }

  private final class Reader: @unchecked Sendable {
    let readEnd: Int32
    let onEvent: @Sendable (RunEvent) -> Void

    init(readEnd: Int32, onEvent: @escaping @Sendable (RunEvent) -> Void) {
      self.readEnd = readEnd
      self.onEvent = onEvent
    }

    func loop() -> Never {
      var buffer = [UInt8](repeating: 0, count: 64)
      while true {
        let count = read(readEnd, &buffer, buffer.count)
        guard count > 0 else { continue }
        var reaped = false
        for byte in buffer[0..<count] {
          if Int32(byte) == SIGCHLD {
            if !reaped { SignalWatcher.reapAll(onEvent) }
            reaped = true
          } else {
            onEvent(.signal(Int32(byte)))
          }
        }
      }
    }
  }

  /// Reaps every child that has ended (one SIGCHLD may stand for several).
  static func reapAll(_ onEvent: @Sendable (RunEvent) -> Void) {
    while true {
      switch ChildStatuses.reapOne() {
      case .nothing: return
      case .claimed: continue
      case .ended(let pid, let status):
        onEvent(.exited(pid: pid, termination: Termination(waitStatus: status)))
      }
    }
  }
}
