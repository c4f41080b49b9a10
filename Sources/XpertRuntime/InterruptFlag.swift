import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

private let receivedSignal = Atomic<Int32>(0)

/// SIGINT and SIGTERM as a flag that a polling loop checks (`xpert run --wait` on Slurm, which
/// runs no job processes of its own): the handler only stores the signal's number.
public enum InterruptFlag {
  /// Installs the handlers.
  public static func install() {
    for number in [SIGINT, SIGTERM, SIGHUP]
    where !(number == SIGHUP && SignalWatcher.isIgnored(SIGHUP)) {
      var action = sigaction()
      #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = { receivedSignal.store($0, ordering: .relaxed) }
      #else
        action.__sigaction_u.__sa_handler = { receivedSignal.store($0, ordering: .relaxed) }
      #endif
      sigemptyset(&action.sa_mask)
      action.sa_flags = SA_RESTART
      sigaction(number, &action, nil)
    }
  }

  /// The signal received since `install()`, if any.
  public static var received: Int32? {
    let value = receivedSignal.load(ordering: .relaxed)
    return value == 0 ? nil : value
  }
}
