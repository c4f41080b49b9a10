/// Keys: bare, quoted and dotted.
extension TOMLScanner {
  /// Parses the (possibly dotted) key at `offset` into `parts`, and the whitespace after it.
  /// `expected` names what the first part is, for the message when there is none.
  mutating func parseKey(
    into parts: inout [TOMLKeyPart], expected: String
  ) throws(TOMLError) {
    parts.removeAll(keepingCapacity: true)
    var expected = expected
    while true {
      let start = offset
      let position = position()
      let value = current
      let name: String
      if TOMLKeyPart.isBareKeyByte(value) {
        while TOMLKeyPart.isBareKeyByte(current) { offset += 1 }
        name = string(start..<offset)
      } else if value == UInt8(ascii: "\"") || value == UInt8(ascii: "'") {
        if byte(at: offset + 1) == value && byte(at: offset + 2) == value {
          throw error("a multi-line string cannot be used as a key")
        }
        name = try parseSingleLineString(value == UInt8(ascii: "\"") ? .basic : .literal)
      } else {
        throw error("expected \(expected), found \(describe(at: offset))")
      }
      guard parts.count < TOMLParser.maximumNestingDepth else {
        throw error(
          "a dotted key can have at most \(TOMLParser.maximumNestingDepth) parts", at: start)
      }
      parts.append(TOMLKeyPart(name: name, position: position))
      skipWhitespace()
      guard current == UInt8(ascii: ".") else { return }
      offset += 1
      skipWhitespace()
      expected = "a key after \".\""
    }
  }
}
