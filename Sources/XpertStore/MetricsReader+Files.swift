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
      let path = relative.isEmpty ? directory : directory + "/" + relative
      guard let modified = FileSystem.modified(path) else { return }
      folders.append(Listing.Folder(path: relative.isEmpty ? "." : relative, modified: modified))
      for (name, kind) in FileSystem.entries(in: path) where !name.hasPrefix(".") {
        let inner = relative.isEmpty ? name : relative + "/" + name
        switch kind {
        case .directory: if level < depth { visit(inner, level + 1) }
        case .file: if isCandidate(name, topLevel: relative.isEmpty) { files.append(inner) }
        case .other: break
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

  /// The stdout and stderr logs of the job's latest attempt among the job directory's files:
  /// the newest of each by name (`stdout.<start time>[-n].log`, as `JobDirectory.openLogs`
  /// names them, so the name orders them; the record is not read).
  static func latestLogs(among files: [String]) -> [String] {
    ["stdout.", "stderr."].compactMap { prefix in
      files.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".log") && !$0.contains("/") }
        .max { logOrder($0, prefix) < logOrder($1, prefix) }
    }
  }

  /// `stdout.1796528708_0002.log` (and the older `stdout.1796528708.2.log`) as
  /// (1796528708, 2).
  private static func logOrder(_ name: String, _ prefix: String) -> LogOrder {
    let parts = name.dropFirst(prefix.count).dropLast(4).split { $0 == "." || $0 == "_" }
      .map { Int($0) ?? 0 }
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
      Int64(info.st_size), FileSystem.nanoseconds(info.st_mtim), UInt64(info.st_ino),
      FileSystem.nanoseconds(info.st_ctim)
    )
  }

  static func baseName(_ path: String) -> String {
    String(path[(path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex)...])
  }
}
