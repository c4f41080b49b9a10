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
}
