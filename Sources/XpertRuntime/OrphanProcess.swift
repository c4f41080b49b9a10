import XpertStore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Recognizes the processes of jobs by the `XPERT_UID` that every process a job starts
/// inherits (children, grandchildren, daemons that changed their process group).
enum OrphanProcess {
  /// Kills (SIGKILL) every process whose `XPERT_UID` is one of `directories`.
  static func killAll(in directories: Set<String>) {
    guard !directories.isEmpty else { return }
    let me = getpid()
    for name in FileSystem.names(in: "/proc") {
      guard let pid = Int32(name), pid != me, let uid = jobDirectory(of: pid),
        directories.contains(uid)
      else { continue }
      kill(pid, SIGKILL)
    }
  }

  /// The `XPERT_UID` in the environment of `pid`, if any.
  static func jobDirectory(of pid: Int32) -> String? {
    guard let bytes = try? FileSystem.readFile("/proc/\(pid)/environ") else { return nil }
    let prefix = Array("XPERT_UID=".utf8)
    for entry in bytes.split(separator: 0) where entry.starts(with: prefix) {
      return String(decoding: entry.dropFirst(prefix.count), as: UTF8.self)
    }
    return nil
  }

  /// Whether process `pid` is alive and is the job of `directory` (its environment holds that
  /// `XPERT_UID`), so that a reused pid is never mistaken for it.
  static func belongs(_ pid: Int32, to directory: String) -> Bool {
    jobDirectory(of: pid) == directory
  }
}
