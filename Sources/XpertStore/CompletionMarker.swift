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

  /// What the marker in `directory` says.
  public static func read(_ directory: JobDirectory) -> ObservedJob.Marker {
    let bytes: [UInt8]
    do {
      bytes = try FileSystem.readFile(directory.markerPath)
    } catch {
      // A flag that exists but cannot be read still says "completed".
      return error.code == ENOENT || error.code == ENOTDIR ? .absent : .legacy
    }
    let head = Array(prefix.utf8)
    guard bytes.starts(with: head) else { return .legacy }
    let hash = bytes[head.count...].prefix { $0 > 0x20 }  // up to a space or line break
    return hash.isEmpty ? .legacy : .hash(String(decoding: hash, as: UTF8.self))
  }

  /// Marks the job completed with the command that hashes to `commandHash` (atomically).
  public static func write(_ directory: JobDirectory, commandHash: String) throws(SystemError) {
    try AtomicFile.write(prefix + commandHash + "\n", to: directory.markerPath)
  }
}
