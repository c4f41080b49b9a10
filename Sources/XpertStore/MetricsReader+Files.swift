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

  /// The stdout and stderr logs of the job's latest attempt: as its record names them, else
  /// the newest pair by name.
  static func latestLogs(in directory: String) -> [String] {
    if case .valid(let record) = JobObserver.readRecord(in: JobDirectory(path: directory)),
      let last = record.attempts.last, let out = last.stdoutLog, let err = last.stderrLog
    {
      return [out, err]
    }
    let logs = walk(directory, depth: 0)
    return ["stdout.", "stderr."].compactMap { prefix in
      logs.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".log") }.max()
    }
  }

  /// Size and modification time (ns) of a regular file.
  static func fileInfo(_ path: String) -> (size: Int64, modified: Int64)? {
    var info = stat()
    guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
    return (
      Int64(info.st_size), Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    )
  }

  static func baseName(_ path: String) -> String {
    String(path[(path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex)...])
  }
}
