import XpertStore

/// Recognizes a job process left running by a runner that was killed.
enum OrphanProcess {
  /// Whether process `pid` is alive and is the job of `directory` (its environment holds that
  /// `XPERT_UID`), so that a reused pid is never mistaken for it.
  static func belongs(_ pid: Int32, to directory: String) -> Bool {
    guard let bytes = try? FileSystem.readFile("/proc/\(pid)/environ") else { return false }
    let needle = Array(("XPERT_UID=" + directory).utf8)
    return bytes.split(separator: 0).contains { Array($0) == needle }
  }
}
