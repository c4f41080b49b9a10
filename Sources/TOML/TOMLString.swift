/// Writing strings and keys the way TOML reads them. A basic string written here is also a
/// valid JSON string literal, so the tagged-JSON encoder and Xpert's JSON output use it too.
public enum TOMLString {
  /// `text` as a basic string: `"`, `\`, tab, line feed and carriage return escaped by name,
  /// other control characters and DEL as `\uXXXX`.
  public static func basic(_ text: String) -> String {
    if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) {
      return "\"" + text + "\""
    }
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\t": result += "\\t"
      case "\r": result += "\\r"
      case _ where scalar.value < 0x20 || scalar.value == 0x7F:
        result += "\\u" + TOMLScanner.scalarName(scalar.value).dropFirst(2)
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }

  /// `name` as a bare key when it can be one (`A-Z a-z 0-9 _ -`), else as a basic string.
  public static func key(_ name: String) -> String {
    !name.isEmpty && name.utf8.allSatisfy(TOMLKeyPart.isBareKeyByte) ? name : basic(name)
  }
}
