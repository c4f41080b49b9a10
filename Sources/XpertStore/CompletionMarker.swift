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
    return read(descriptor)
  }

  /// `absent` for "no such file", else `unreadable`.
  private static func missingOrUnreadable(_ code: Int32) -> ObservedJob.Marker {
    code == ENOENT || code == ENOTDIR ? .absent : .unreadable(String(cString: strerror(code)))
  }

  /// What the marker of the job directory `name` in the open directory `parent` says: one
  /// `openat`, one `read` and one `close` for a marker Xpert wrote.
  static func read(job name: Substring, in parent: OpenDirectory) -> ObservedJob.Marker {
    let relativePath = name + "/" + JobDirectory.completionMarker
    let descriptor = openat(parent.descriptor, relativePath, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard descriptor >= 0 else { return missingOrUnreadable(errno) }
    defer { close(descriptor) }
    return read(descriptor)
  }

  /// The marker in the open `descriptor`. A marker Xpert wrote is read whole by one `read` (its
  /// hash is within the first 128 bytes); anything else counts only if it is a regular file
  /// (the original tool's empty flag), never a FIFO, a device or a directory.
  private static func read(_ descriptor: Int32) -> ObservedJob.Marker {
    var buffer = [UInt8](repeating: 0, count: 128)
    var count = -1
    while count < 0 {
      count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, $0.count) }
      if count < 0 && errno != EINTR { return .unreadable(String(cString: strerror(errno))) }
    }
    let head = prefix.utf8
    if count > head.count && buffer.starts(with: head) {
      return marker(Array(buffer[0..<count]))
    }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      return .unreadable(String(cString: strerror(errno)))
    }
    guard (info.st_mode & S_IFMT) == S_IFREG else { return .unreadable("not a regular file") }
    return .legacy
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
