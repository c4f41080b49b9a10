#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a run does with a record file it cannot read: keeps it, under another name.
public enum RecordFile {
  /// Renames the record in `directory` to `xpert-record.json.damaged-<unix seconds>` (with
  /// `-2`, `-3`, ... when that name is taken: an earlier copy is never overwritten); returns
  /// the new name.
  public static func keepAside(in directory: JobDirectory) throws(SystemError) -> String {
    let path = directory.path + "/" + JobObserver.recordName
    let base = JobObserver.recordName + ".damaged-\(time(nil))"
    for suffix in 1...1000 {
      let name = base + (suffix == 1 ? "" : "-\(suffix)")
      // link fails on an existing name, so nothing is overwritten; then the old name goes.
      if link(path, directory.path + "/" + name) == 0 {
        unlink(path)
        return name
      }
      // A directory cannot be linked: the name is reserved with mkdir (which fails on an
      // existing name), then the directory is renamed over that empty one.
      if errno == EPERM || errno == EISDIR {
        let target = directory.path + "/" + name
        if mkdir(target, 0o700) == 0 {
          if rename(path, target) == 0 { return name }
          rmdir(target)
          throw SystemError("keep the damaged record aside", path: path)
        }
      }
      guard errno == EEXIST else {
        throw SystemError("keep the damaged record aside", path: path)
      }
    }
    throw SystemError("keep the damaged record aside", path: path, code: EEXIST)
  }

  /// How many attempts left logs in `directory` (one `stdout.*.log` each).
  public static func loggedAttempts(in directory: JobDirectory) -> Int {
    FileSystem.names(in: directory.path).filter {
      $0.hasPrefix("stdout.") && $0.hasSuffix(".log")
    }.count
  }
}
