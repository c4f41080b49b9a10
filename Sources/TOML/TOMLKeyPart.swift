/// One part of a dotted key or table header, unquoted, with where it is written.
struct TOMLKeyPart {
  /// The part's text, escapes resolved.
  var name: String
  /// Where the part starts.
  var position: TOMLPosition

  /// A key path as TOML writes it, for messages: `a.b."c d"`.
  static func path(_ parts: some Collection<TOMLKeyPart>) -> String {
    parts.map { written($0.name) }.joined(separator: ".")
  }

  /// A key path quoted for a message: `"a.b"`; as written when it has quoted parts already
  /// (`"a b"`, `a."b c"`).
  static func quotedPath(_ parts: some Collection<TOMLKeyPart>) -> String {
    let text = path(parts)
    return text.contains("\"") ? text : "\"\(text)\""
  }

  /// `name` as a bare key when it can be one, else as a basic string.
  static func written(_ name: String) -> String {
    TOMLString.key(name)
  }

  /// Whether `value` may appear in a bare key (`A-Z a-z 0-9 _ -`).
  @inline(__always)
  static func isBareKeyByte(_ value: UInt8) -> Bool {
    switch value {
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"), UInt8(ascii: "-"):
      true
    default:
      false
    }
  }
}
