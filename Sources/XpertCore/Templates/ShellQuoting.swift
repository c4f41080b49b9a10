/// Quoting for the POSIX shell, as Python's `shlex.quote` does it.
public enum ShellQuoting {
  /// `text` unchanged when it holds only characters the shell never interprets, else wrapped in
  /// single quotes (a `'` inside becomes `'"'"'`). The empty string becomes `''`.
  public static func quote(_ text: String) -> String {
    if !text.isEmpty && text.utf8.allSatisfy(isSafe) { return text }
    return "'" + text.replacing("'", with: "'\"'\"'") + "'"
  }

  private static func isSafe(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"):
      true
    default:
      "@%+=:,./-_".utf8.contains(byte)
    }
  }
}
