import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The wait statuses of children that a caller waits for itself (`ToolCommand`'s
/// `nvidia-smi`) while a run's `SignalWatcher` reaps every child with `waitpid(-1)`. The
/// caller spawns its child and claims it under one lock, and the watcher reaps under the same
/// lock, so a claimed child's status is always handed over (never reported as an event, never
/// lost), whoever reaps it.
enum ChildStatuses {
  /// Claimed children, with their status once the watcher has reaped them.
  private static let table = Mutex<[Int32: Int32?]>([:])

  /// What one reap found.
  enum Reaped {
    /// No child has ended.
    case nothing
    /// A claimed child ended; its status is kept for its caller.
    case claimed
    /// Another child ended.
    case ended(pid: Int32, status: Int32)
  }

  /// Runs `spawn` (which starts a child and returns its pid, or `nil`) with the watcher held
  /// off, and claims the child.
  static func spawnClaimed(_ spawn: () -> Int32?) -> Int32? {
    table.withLock { table in
      guard let pid = spawn() else { return nil }
      table[pid] = .some(nil)
      return pid
    }
  }

  /// Reaps one child that has ended, for the watcher.
  static func reapOne() -> Reaped {
    table.withLock { table in
      var status: Int32 = 0
      while true {
        let pid = waitpid(-1, &status, WNOHANG)
        if pid < 0 && errno == EINTR { continue }
        guard pid > 0 else { return .nothing }
        guard table[pid] != nil else { return .ended(pid: pid, status: status) }
        table[pid] = .some(status)
        return .claimed
      }
    }
  }

  /// Waits for claimed child `pid`, whoever reaps it; its wait status.
  static func wait(_ pid: Int32) -> Int32 {
    defer { _ = table.withLock { $0.removeValue(forKey: pid) } }
    var status: Int32 = 0
    while true {
      if waitpid(pid, &status, 0) == pid { return status }
      if errno == EINTR { continue }
      break
    }
    // The watcher reaped it (under the lock, so its status is there, or about to be).
    while true {
      if let delivered = table.withLock({ $0[pid] ?? nil }) { return delivered }
      usleep(100)
    }
  }
}
