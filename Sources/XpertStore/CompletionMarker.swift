import XpertCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `completed.flag`: its existence means the job completed. Xpert writes the command hash into
/// it (`xpert-completed 1 fnv1a64:...`), so that a changed command shows as stale; an empty flag
/// (the original tool's) means completed with an unknown command.
public enum CompletionMarker {
  /// The first word of the content Xpert writes, and the format version after it.
  static let prefix = "xpert-completed 1 "

  /// What the marker in `directory` says. Only a readable regular file is a marker: anything
  /// else that is there, or a directory that cannot be looked into, is `unreadable`, never
  /// "completed".
  public static func read(_ directory: JobDirectory) -> ObservedJob.Marker {
    let descriptor = open(directory.markerPath, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard descriptor >= 0 else { return missingOrUnreadable(errno) }
    defer { close(descriptor) }
    return read(descriptor, whole: directory)
  }

  /// `absent` for "no such file", else `unreadable`.
  private static func missingOrUnreadable(_ code: Int32) -> ObservedJob.Marker {
    code == ENOENT || code == ENOTDIR ? .absent : .unreadable(code)
  }

  /// What the marker of the job directory `name` in the open directory `parent` says: one
  /// `openat`, one `read` and one `close` for a marker Xpert wrote.
  static func read(job name: Substring, in parent: OpenDirectory) -> ObservedJob.Marker {
    let relativePath = name + "/" + JobDirectory.completionMarker
    let descriptor = openat(parent.descriptor, relativePath, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard descriptor >= 0 else { return missingOrUnreadable(errno) }
    defer { close(descriptor) }
    return read(descriptor, whole: JobDirectory(path: parent.path + "/" + name))
  }

  /// The marker in the open `descriptor`: one `read` for a marker Xpert wrote; an empty one
  /// (the original tool's) is checked to be a regular file (a FIFO reads empty too).
  private static func read(_ descriptor: Int32, whole directory: JobDirectory)
    -> ObservedJob.Marker
  {
    var buffer = [UInt8](repeating: 0, count: 128)
    var count = -1
    while count < 0 {
      count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, $0.count) }
      if count < 0 && errno != EINTR { return .unreadable(errno) }
    }
    if count == 0 {
      var info = stat()
      guard fstat(descriptor, &info) == 0 else { return .unreadable(errno) }
      guard (info.st_mode & S_IFMT) == S_IFREG else { return .unreadable(EINVAL) }
      return .legacy
    }
    // Longer than any marker Xpert writes: read it whole, as any other file.
    guard count < buffer.count else {
      guard let bytes = try? FileSystem.readFile(directory.markerPath) else {
        return .unreadable(errno)
      }
      return marker(bytes)
    }
    return marker(Array(buffer[0..<count]))
  }

  private static func marker(_ bytes: [UInt8]) -> ObservedJob.Marker {
    let head = Array(prefix.utf8)
    guard bytes.starts(with: head) else { return .legacy }
    let hash = bytes[head.count...].prefix { $0 > 0x20 }  // up to a space or line break
    return hash.isEmpty ? .legacy : .hash(String(decoding: hash, as: UTF8.self))
  }

  /// When the marker in `directory` was written (seconds since 1970), if there is one.
  public static func modified(_ directory: JobDirectory) -> Double? {
    var info = stat()
    guard stat(directory.markerPath, &info) == 0 else { return nil }
    return Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
  }

  /// Marks the job completed with the command that hashes to `commandHash` (atomically).
  public static func write(_ directory: JobDirectory, commandHash: String) throws(SystemError) {
    try AtomicFile.write(prefix + commandHash + "\n", to: directory.markerPath)
  }
}
