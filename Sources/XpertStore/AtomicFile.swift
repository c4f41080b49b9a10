#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a file so that readers see either the old content or the new, never a part: the text
/// goes to a temporary file in the same directory, which is then renamed over the target.
public enum AtomicFile {
  /// The temporary file's suffix: this process's id (asked once; Xpert never forks without
  /// exec).
  private static let temporarySuffix = ".tmp-\(getpid())"

  /// Replaces the file at `path` with `text`.
  public static func write(_ text: String, to path: String) throws(SystemError) {
    let temporary = path + temporarySuffix
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw SystemError("create", path: temporary) }
    var failure: SystemError?
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0 && errno == EINTR { continue }
        if written <= 0 {
          failure = SystemError("write", path: temporary)
          return
        }
        offset += written
      }
    }
    close(descriptor)
    if let failure {
      unlink(temporary)
      throw failure
    }
    guard rename(temporary, path) == 0 else {
      let error = SystemError("rename a temporary file to", path: path)
      unlink(temporary)
      throw error
    }
  }

  /// The file's text, or `nil` if it cannot be read.
  public static func read(_ path: String) -> String? {
    guard let bytes = try? FileSystem.readFile(path) else { return nil }
    return String(decoding: bytes, as: UTF8.self)
  }
}
