import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The wait statuses of children that a caller waits for itself (`ToolCommand`'s
/// `nvidia-smi`) while a run's `SignalWatcher` reaps every child with `waitpid(-1)`: the
/// watcher hands a claimed child's status over here instead of reporting it as an event, and
/// the caller that finds its child already reaped takes the status from here.
enum ChildStatuses {
  private static let table = Mutex<[Int32: Int32?]>([:])

  /// Says that the caller will wait for `pid` itself.
  static func claim(_ pid: Int32) {
    table.withLock { $0[pid] = .some(nil) }
  }

  /// Keeps the status of `pid` if it is claimed; whether it was.
  static func deliver(_ pid: Int32, status: Int32) -> Bool {
    table.withLock { table in
      guard table[pid] != nil else { return false }
      table[pid] = .some(status)
      return true
    }
  }

  /// Waits for `pid` (claimed before), whoever reaps it; its wait status.
  static func wait(_ pid: Int32) -> Int32 {
    defer { _ = table.withLock { $0.removeValue(forKey: pid) } }
    var status: Int32 = 0
    while true {
      if waitpid(pid, &status, 0) == pid { return status }
      if errno == EINTR { continue }
      break
    }
    // The watcher reaped it: its status arrives a moment later.
    for _ in 0..<2000 {
      if let delivered = table.withLock({ $0[pid] ?? nil }) { return delivered }
      usleep(1000)
    }
    return 0
  }
}
