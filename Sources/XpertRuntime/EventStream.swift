import Synchronization

/// The single stream of run events: the signal thread and timers feed it, the run loop reads it.
/// The signal thread is process-wide, so it is started once and sends to whichever run is
/// current.
final class EventStream: Sendable {
  let events: AsyncStream<RunEvent>
  let continuation: AsyncStream<RunEvent>.Continuation

  private static let current = Mutex<AsyncStream<RunEvent>.Continuation?>(nil)
  private static let started = Mutex(false)

  /// A stream for the current run; `extraSignals` are watched besides SIGINT and SIGTERM (only
  /// the first stream of a process installs handlers).
  init(extraSignals: [Int32] = []) {
    (events, continuation) = AsyncStream<RunEvent>.makeStream()
    Self.current.withLock { $0 = continuation }
    let mustStart = Self.started.withLock { started in
      defer { started = true }
      return !started
    }
    if mustStart {
      SignalWatcher.start(extraSignals: extraSignals) { event in
        _ = EventStream.current.withLock { $0?.yield(event) }
      }
    }
  }

  /// Adds an event (from a timer).
  func send(_ event: RunEvent) {
    continuation.yield(event)
  }

  /// Ends the stream; later events of the signal thread go nowhere.
  func finish() {
    Self.current.withLock { $0 = nil }
    continuation.finish()
  }
}
