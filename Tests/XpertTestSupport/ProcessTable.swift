import Foundation

/// Finds processes by an environment marker: every process a job starts (children,
/// grandchildren) inherits the job's environment, so a marker variable finds them all.
public enum ProcessTable {
  /// Pids of live processes whose environment contains `name=value`.
  public static func pids(withEnvironment name: String, value: String) -> [Int32] {
    let needle = Array("\(name)=\(value)".utf8)
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { entry -> Int32? in
      guard let pid = Int32(entry),
        let data = FileManager.default.contents(atPath: "/proc/\(entry)/environ"),
        !isZombie(pid)
      else { return nil }
      let found = data.split(separator: 0).contains { Array($0) == needle }
      return found ? pid : nil
    }
  }

  private static func isZombie(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = stat.lastIndex(of: ")")
    else { return true }
    return stat[stat.index(close, offsetBy: 2)...].first == "Z"
  }
}
