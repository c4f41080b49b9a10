#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A process told apart from a later one that reuses its pid: the pid and the start time (clock
/// ticks since boot, field 22 of `/proc/PID/stat`).
public enum ProcessIdentity {
  /// What `/proc` says of a pid.
  public enum Liveness: Sendable, Equatable {
    /// Alive, started at this time.
    case alive(start: UInt64)
    /// No such process, or a zombie (it has exited; its parent has not reaped it).
    case dead
    /// `/proc` could not be read (not mounted, too many open files).
    case unknown
  }

  /// What `/proc` says of `pid`.
  public static func liveness(of pid: Int32) -> Liveness {
    guard pid > 0 else { return .dead }
    let bytes: [UInt8]
    do {
      bytes = try FileSystem.readFile("/proc/\(pid)/stat", limit: 4096)
    } catch {
      return error.code == ENOENT || error.code == ESRCH ? .dead : .unknown
    }
    guard let close = bytes.lastIndex(of: UInt8(ascii: ")")) else { return .unknown }
    // Fields after the command name: 3 state, 4 ppid, ..., 22 starttime.
    let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "))
    guard fields.count >= 20, let state = fields.first?.first,
      let start = UInt64(String(decoding: fields[19], as: UTF8.self))
    else { return .unknown }
    return state == UInt8(ascii: "Z") || state == UInt8(ascii: "X") ? .dead : .alive(start: start)
  }

  /// The start time of `pid`, or `nil` when no such process is alive (a zombie is not).
  public static func startTime(of pid: Int32) -> UInt64? {
    if case .alive(let start) = liveness(of: pid) { return start }
    return nil
  }

  /// The command name of `pid` (`/proc/PID/comm`, at most 15 bytes), if it is alive.
  public static func name(of pid: Int32) -> String? {
    guard pid > 0, let bytes = try? FileSystem.readFile("/proc/\(pid)/comm") else { return nil }
    return String(decoding: bytes.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
  }

  /// Whether the process `pid` that started at `start` is still alive.
  public static func isAlive(_ pid: Int32, start: UInt64) -> Bool {
    startTime(of: pid) == start
  }
}
