/// Where a value is expected, for the message when there is none.
enum TOMLValueContext {
  case afterEquals
  case inArray

  var text: String {
    switch self {
    case .afterEquals: "after \"=\""
    case .inArray: "in the array"
    }
  }
}

/// Scalars: strings, numbers, date-times and bare words.
extension TOMLScanner {
  /// A value that is neither an array nor an inline table.
  mutating func parseScalar(context: TOMLValueContext) throws(TOMLError) -> TOMLValue {
    switch current {
    case UInt8(ascii: "\""), UInt8(ascii: "'"):
      return .string(try parseString())
    case UInt8(ascii: "0")...UInt8(ascii: "9"):
      return try startsDateOrTime(at: offset) ? parseDateTime() : parseNumber()
    case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
      return try parseNumber()
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
      return try parseWord()
    default:
      throw error("expected a value \(context.text), found \(describe(at: offset))")
    }
  }

  /// `true`, `false`, `inf` or `nan`.
  private mutating func parseWord() throws(TOMLError) -> TOMLValue {
    let start = offset
    let end = tokenEnd(from: start)
    if matches("true", from: start, to: end) {
      offset = end
      return .boolean(true)
    }
    if matches("false", from: start, to: end) {
      offset = end
      return .boolean(false)
    }
    if matches("inf", from: start, to: end) || matches("nan", from: start, to: end) {
      return try parseNumber()
    }
    throw error(
      "invalid value \"\(tokenText(start..<end))\": expected a quoted string, a number, a date, "
        + "true or false")
  }

  /// Whether the bytes from `start` to `end` are exactly `word`.
  private func matches(_ word: StaticString, from start: Int, to end: Int) -> Bool {
    guard end - start == word.utf8CodeUnitCount else { return false }
    return word.withUTF8Buffer { expected in
      for (index, value) in expected.enumerated() where byte(at: start + index) != value {
        return false
      }
      return true
    }
  }
}
