/// Lexical path handling for job directories (no file system access).
public enum PathNormalization {
  /// `path` with a leading `~` or `~/` replaced by `home`.
  public static func expandingTilde(_ path: String, home: String) -> String {
    if path == "~" { return home }
    if path.hasPrefix("~/") { return home + path.dropFirst() }
    return path
  }

  /// `path` made absolute against `base` and normalized: no `.`, `..`, empty or trailing parts.
  public static func absolute(_ path: String, base: String) -> String {
    let joined = path.hasPrefix("/") ? path : base + "/" + path
    if isClean(joined) { return joined }
    var parts: [Substring] = []
    for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
      switch part {
      case ".": continue
      case "..": if !parts.isEmpty { parts.removeLast() }
      default: parts.append(part)
      }
    }
    return "/" + parts.joined(separator: "/")
  }

  /// Whether an absolute path is already normal: no empty, `.` or `..` part, no trailing `/`.
  static func isClean(_ path: String) -> Bool {
    let slash = UInt8(ascii: "/")
    let bytes = path.utf8
    guard bytes.first == slash, bytes.count > 1, bytes.last != slash else { return false }
    var length = 0
    var onlyDots = true
    for byte in bytes.dropFirst() {
      if byte == slash {
        if length == 0 || (onlyDots && length <= 2) { return false }
        length = 0
        onlyDots = true
      } else {
        length += 1
        onlyDots = onlyDots && byte == UInt8(ascii: ".")
      }
    }
    return !(onlyDots && length <= 2)
  }
}
