import XpertCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension MetricsReader {
  /// The files below `directory` that can be sources (relative paths, sorted), at most 8
  /// levels deep, without following links or entering hidden folders; with each folder's
  /// modification time.
  public static func walk(_ directory: String, depth: Int = 8) -> Listing {
    var files: [String] = []
    var folders: [Listing.Folder] = []
    func visit(_ relative: String, _ level: Int) {
      guard let handle = opendir(relative.isEmpty ? directory : directory + "/" + relative) else {
        return
      }
      defer { closedir(handle) }
      var info = stat()
      if fstat(dirfd(handle), &info) == 0 {
        folders.append(
          Listing.Folder(
            path: relative.isEmpty ? "." : relative, modified: nanoseconds(info.st_mtim)))
      }
      while let entry = readdir(handle) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
          String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        guard !name.hasPrefix(".") else { continue }
        let path = relative.isEmpty ? name : relative + "/" + name
        switch Int32(entry.pointee.d_type) {
        case Int32(DT_DIR): if level < depth { visit(path, level + 1) }
        case Int32(DT_REG): if isCandidate(name, topLevel: relative.isEmpty) { files.append(path) }
        default: break
        }
      }
    }
    visit("", 0)
    return Listing(folders: folders, files: files.sorted())
  }

  /// Whether a file of this name can be a source found by the walk (`[results] files` are
  /// globbed apart).
  static func isCandidate(_ name: String, topLevel: Bool) -> Bool {
    name == "metrics.csv" || name == "trainer_state.json" || name.hasPrefix("events.out.tfevents.")
      || topLevel
        && (name == JobDirectory.metricsFileName || name == "metrics.json"
          || (name.hasSuffix(".log") && (name.hasPrefix("stdout.") || name.hasPrefix("stderr."))))
  }

  /// The modification time of `path` in nanoseconds, if it exists.
  static func modified(_ path: String) -> Int64? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return nanoseconds(info.st_mtim)
  }

  static func nanoseconds(_ time: timespec) -> Int64 {
    Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
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
      Int64(info.st_size), nanoseconds(info.st_mtim), UInt64(info.st_ino),
      nanoseconds(info.st_ctim)
    )
  }

  static func baseName(_ path: String) -> String {
    String(path[(path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex)...])
  }
}
