/// Values: dispatch on the first byte, booleans, arrays and inline tables.
extension TOMLScanner {
  /// Parses the value at `offset`. `depth` is how deeply an array or inline table here would be
  /// nested; `context` says where the value is, for the message when there is none.
  mutating func parseValue(depth: Int, context: String) throws(TOMLError) -> TOMLValue {
    switch current {
    case UInt8(ascii: "\""), UInt8(ascii: "'"):
      return .string(try parseString())
    case UInt8(ascii: "["):
      return try parseArray(depth: depth)
    case UInt8(ascii: "{"):
      return try parseInlineTable(depth: depth)
    case UInt8(ascii: "0")...UInt8(ascii: "9"):
      return try startsDateOrTime(at: offset) ? parseDateTime() : parseNumber()
    case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
      return try parseNumber()
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
      return try parseWord()
    default:
      throw error("expected a value \(context), found \(describe(at: offset))")
    }
  }

  /// `true`, `false`, `inf` or `nan`.
  private mutating func parseWord() throws(TOMLError) -> TOMLValue {
    let start = offset
    let end = tokenEnd(from: start)
    let word = tokenText(start..<end)
    switch word {
    case "true":
      offset = end
      return .boolean(true)
    case "false":
      offset = end
      return .boolean(false)
    case "inf", "nan": return try parseNumber()
    default:
      throw error(
        "invalid value \"\(word)\": expected a quoted string, a number, a date, true or false")
    }
  }

  /// The array at `offset` (a `[`); its elements may span lines and have comments between them.
  mutating func parseArray(depth: Int) throws(TOMLError) -> TOMLValue {
    guard depth <= TOMLParser.maximumNestingDepth else {
      throw error(TOMLParser.nestingMessage)
    }
    let opening = position()
    offset += 1
    var elements: [TOMLNode] = []
    while true {
      try skipTrivia()
      if current == UInt8(ascii: "]") {
        offset += 1
        return .array(elements)
      }
      let position = position()
      let value = try parseValue(depth: depth + 1, context: "in the array")
      elements.append(TOMLNode(value, at: position))
      try skipTrivia()
      switch current {
      case UInt8(ascii: ","):
        offset += 1
      case UInt8(ascii: "]"):
        offset += 1
        return .array(elements)
      default:
        let unterminated = isAtEnd ? "unterminated array (opened at \(opening)): " : ""
        throw error(
          "\(unterminated)expected \",\" or \"]\" after an array element, found "
            + describe(at: offset))
      }
    }
  }

  /// The inline table at `offset` (a `{`): on one line, no trailing comma.
  mutating func parseInlineTable(depth: Int) throws(TOMLError) -> TOMLValue {
    guard depth <= TOMLParser.maximumNestingDepth else {
      throw error(TOMLParser.nestingMessage)
    }
    offset += 1
    let builder = TOMLTreeBuilder(depth: depth)
    var parts: [TOMLKeyPart] = []
    skipWhitespace()
    if current == UInt8(ascii: "}") {
      offset += 1
      return .table(TOMLTable())
    }
    while true {
      try parseKey(into: &parts, expected: "a key in the inline table")
      guard current == UInt8(ascii: "=") else {
        throw error(
          "expected \"=\" after key \(TOMLKeyPart.quotedPath(parts)), found "
            + describe(at: offset))
      }
      offset += 1
      skipWhitespace()
      let position = position()
      let value = try parseValue(depth: depth + parts.count, context: "after \"=\"")
      try builder.insert(parts, value: value, at: position)
      skipWhitespace()
      switch current {
      case UInt8(ascii: ","):
        offset += 1
        skipWhitespace()
        if current == UInt8(ascii: "}") {
          throw error("an inline table cannot have a trailing comma before \"}\"")
        }
      case UInt8(ascii: "}"):
        offset += 1
        return .table(builder.root.makeTable())
      default:
        let hint =
          current == UInt8(ascii: "\n") || current == UInt8(ascii: "\r")
          ? " (an inline table must be on one line)" : ""
        throw error(
          "expected \",\" or \"}\" after a value in the inline table, found "
            + describe(at: offset) + hint)
      }
    }
  }
}
