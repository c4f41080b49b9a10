/// Reads a whole document: table headers and key/value lines.
struct TOMLDocumentParser {
  private var scanner: TOMLScanner
  private var builder = TOMLTreeBuilder()
  private var keyParts: [TOMLKeyPart] = []

  init(bytes: UnsafeBufferPointer<UInt8>) {
    scanner = TOMLScanner(bytes: bytes)
  }

  /// The document's root table.
  mutating func parse() throws(TOMLError) -> TOMLTable {
    while true {
      scanner.skipWhitespace()
      switch scanner.current {
      case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
        _ = try scanner.consumeNewline()
      case UInt8(ascii: "#"):
        try scanner.skipComment()
      case UInt8(ascii: "["):
        try parseHeader()
      case 0 where scanner.isAtEnd:
        return builder.root.makeTable()
      default:
        try parseKeyValue()
      }
    }
  }

  /// `[table]` or `[[array of tables]]`.
  private mutating func parseHeader() throws(TOMLError) {
    let header = scanner.position()
    let isArray = scanner.byte(at: scanner.offset + 1) == UInt8(ascii: "[")
    scanner.offset += isArray ? 2 : 1
    scanner.skipWhitespace()
    try scanner.parseKey(
      into: &keyParts, expected: "a table name after \"\(isArray ? "[[" : "[")\"")
    if isArray {
      guard
        scanner.current == UInt8(ascii: "]")
          && scanner.byte(at: scanner.offset + 1) == UInt8(ascii: "]")
      else {
        throw scanner.error(
          "expected \"]]\" to close the header [[\(TOMLKeyPart.path(keyParts))]], found "
            + scanner.describe(at: scanner.offset))
      }
      scanner.offset += 2
      try builder.openArrayElement(keyParts, at: header)
      try scanner.expectLineEnd(after: "the header [[\(TOMLKeyPart.path(keyParts))]]")
    } else {
      guard scanner.current == UInt8(ascii: "]") else {
        throw scanner.error(
          "expected \"]\" to close the header [\(TOMLKeyPart.path(keyParts))], found "
            + scanner.describe(at: scanner.offset))
      }
      scanner.offset += 1
      try builder.openTable(keyParts, at: header)
      try scanner.expectLineEnd(after: "the header [\(TOMLKeyPart.path(keyParts))]")
    }
  }

  /// `key = value`.
  private mutating func parseKeyValue() throws(TOMLError) {
    try scanner.parseKey(into: &keyParts, expected: "a key")
    guard scanner.current == UInt8(ascii: "=") else {
      throw scanner.error(
        "expected \"=\" after key \(TOMLKeyPart.quotedPath(keyParts)), found "
          + scanner.describe(at: scanner.offset))
    }
    scanner.offset += 1
    scanner.skipWhitespace()
    let position = scanner.position()
    let value = try scanner.parseValue(
      depth: builder.currentDepth + keyParts.count, context: .afterEquals)
    try builder.insert(keyParts, value: value, at: position)
    try scanner.expectLineEnd(after: "the value of \(TOMLKeyPart.quotedPath(keyParts))")
  }
}
