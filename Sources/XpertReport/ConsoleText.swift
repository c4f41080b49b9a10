/// Text from a config or a file, made safe for a terminal: a newline in a uid or command would
/// split one job over two lines, and an escape sequence would recolour (or retitle) the
/// terminal. Control characters are shown as escapes instead.
public enum ConsoleText {
  /// `text` with every control character (C0, DEL, C1) written as `\n`, `\t`, `\r`, `\e` or
  /// `\xNN`; text without any comes back as it is, without a copy.
  public static func escaped(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }) else {
      return text
    }
    var result = ""
    result.reserveCapacity(text.utf8.count + 8)
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x0A: result += "\\n"
      case 0x09: result += "\\t"
      case 0x0D: result += "\\r"
      case 0x1B: result += "\\e"
      case 0..<0x20, 0x7F, 0x80..<0xA0:
        let hex = String(scalar.value, radix: 16)
        result += "\\x" + (hex.count == 1 ? "0" : "") + hex
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// `text` cut to `limit` characters, with `…` where it was cut.
  public static func cut(_ text: String, to limit: Int) -> String {
    text.count <= limit ? text : String(text.prefix(max(0, limit - 1))) + "…"
  }

  /// The last line of `bytes` (a log's tail) that is not blank, trimmed; `nil` if none.
  public static func lastLine(of bytes: [UInt8]) -> String? {
    let lines = bytes.split(separator: 10, omittingEmptySubsequences: true)
    for line in lines.reversed() {
      // A progress bar's carriage returns: the last state of the line.
      let last = line.split(separator: 13, omittingEmptySubsequences: true).last ?? line[...]
      let text = String(decoding: last, as: UTF8.self)
      let trimmed = text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()
      if !trimmed.isEmpty { return String(trimmed) }
    }
    return nil
  }
}

extension String {
  /// The string padded with spaces to `width` characters.
  func padding(to width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
