import XpertCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension MetricsReader {
  /// The regular files below `directory` (relative paths, sorted), at most 8 levels deep,
  /// without following links or entering hidden folders.
  static func walk(_ directory: String, depth: Int = 8) -> [String] {
    var found: [String] = []
    func visit(_ relative: String, _ level: Int) {
      guard let handle = opendir(relative.isEmpty ? directory : directory + "/" + relative) else {
        return
      }
      defer { closedir(handle) }
      while let entry = readdir(handle) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
          String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        guard !name.hasPrefix(".") else { continue }
        let path = relative.isEmpty ? name : relative + "/" + name
        switch Int32(entry.pointee.d_type) {
        case Int32(DT_DIR): if level < depth { visit(path, level + 1) }
        case Int32(DT_REG): found.append(path)
        default: break
        }
      }
    }
    visit("", 0)
    return found.sorted()
  }

  /// The stdout and stderr logs of the job's latest attempt among the job directory's files:
  /// the newest of each by name (`stdout.<start time>[-n].log`, as `JobDirectory.openLogs`
  /// names them, so the name orders them; the record is not read).
  static func latestLogs(among files: [String]) -> [String] {
    ["stdout.", "stderr."].compactMap { prefix in
      files.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".log") && !$0.contains("/") }
        .max { logOrder($0, prefix) < logOrder($1, prefix) }
    }
  }

  /// `stdout.1796528708.2.log` as (1796528708, 2).
  private static func logOrder(_ name: String, _ prefix: String) -> LogOrder {
    let parts = name.dropFirst(prefix.count).dropLast(4).split(separator: ".").map { Int($0) ?? 0 }
    return LogOrder(seconds: parts.first ?? 0, suffix: parts.count > 1 ? parts[1] : 0)
  }

  private struct LogOrder: Comparable {
    var seconds: Int
    var suffix: Int
    static func < (a: LogOrder, b: LogOrder) -> Bool {
      (a.seconds, a.suffix) < (b.seconds, b.suffix)
    }
  }

  /// Size, modification time (ns), inode and change time (ns) of a regular file.
  static func fileInfo(_ path: String) -> (
    size: Int64, modified: Int64, inode: UInt64, changed: Int64
  )? {
    var info = stat()
    guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
    return (
      Int64(info.st_size), Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
      UInt64(info.st_ino), Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
    )
  }

  static func baseName(_ path: String) -> String {
    String(path[(path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex)...])
  }
}
