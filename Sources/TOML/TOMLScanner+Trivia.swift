/// Whitespace, comments and line breaks.
extension TOMLScanner {
  /// Skips spaces and tabs.
  @inline(__always)
  mutating func skipWhitespace() {
    while true {
      let value = current
      guard value == UInt8(ascii: " ") || value == UInt8(ascii: "\t") else { return }
      offset += 1
    }
  }

  /// Consumes the line break (LF or CRLF) at `offset`; false when there is none. A carriage
  /// return that is not followed by a line feed is an error.
  mutating func consumeNewline() throws(TOMLError) -> Bool {
    switch current {
    case UInt8(ascii: "\n"):
      offset += 1
    case UInt8(ascii: "\r"):
      guard byte(at: offset + 1) == UInt8(ascii: "\n") else {
        throw error("a carriage return (U+000D) must be followed by a newline")
      }
      offset += 2
    default:
      return false
    }
    startLine(at: offset)
    return true
  }

  /// Skips the comment that starts at `offset` (a `#`), up to but not including its line break.
  mutating func skipComment() throws(TOMLError) {
    var index = offset + 1
    while true {
      let value = byte(at: index)
      if (value >= 0x20 && value < 0x7F) || value == UInt8(ascii: "\t") {
        index += 1
      } else if value >= 0x80 {
        let length = utf8Length(at: index)
        guard length > 0 else {
          throw error("invalid UTF-8 in comment (byte \(TOMLScanner.hexByte(value)))", at: index)
        }
        index += length
      } else if value == UInt8(ascii: "\n") || (value == 0 && isEnd(index))
        || (value == UInt8(ascii: "\r") && byte(at: index + 1) == UInt8(ascii: "\n"))
      {
        break
      } else {
        let name = TOMLScanner.scalarName(UInt32(value))
        throw error("control character \(name) is not allowed in a comment", at: index)
      }
    }
    offset = index
  }

  /// Skips whitespace, comments and line breaks, as allowed between array elements.
  mutating func skipTrivia() throws(TOMLError) {
    while true {
      skipWhitespace()
      switch current {
      case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
        _ = try consumeNewline()
      case UInt8(ascii: "#"):
        try skipComment()
      default:
        return
      }
    }
  }

  /// Ends a statement: whitespace, an optional comment, then a line break or the end of the
  /// document. `what` names the statement for the message.
  mutating func expectLineEnd(after what: @autoclosure () -> String) throws(TOMLError) {
    skipWhitespace()
    if current == UInt8(ascii: "#") { try skipComment() }
    if isAtEnd { return }
    if try consumeNewline() { return }
    throw error("expected a newline after \(what()), found \(describe(at: offset))")
  }
}
