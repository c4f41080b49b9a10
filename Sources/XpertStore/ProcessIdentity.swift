#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A process told apart from a later one that reuses its pid: the pid and the start time (clock
/// ticks since boot, field 22 of `/proc/PID/stat`).
public enum ProcessIdentity {
  /// The start time of `pid`, or `nil` when no such process is alive (a zombie is not).
  public static func startTime(of pid: Int32) -> UInt64? {
    guard pid > 0, let bytes = try? FileSystem.readFile("/proc/\(pid)/stat"),
      let close = bytes.lastIndex(of: UInt8(ascii: ")"))
    else { return nil }
    // Fields after the command name: 3 state, 4 ppid, ..., 22 starttime.
    let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "))
    guard fields.count >= 20, let state = fields.first?.first,
      state != UInt8(ascii: "Z") && state != UInt8(ascii: "X")
    else { return nil }
    return UInt64(String(decoding: fields[19], as: UTF8.self))
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
