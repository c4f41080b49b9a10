/// The four string forms.
enum TOMLStringKind {
  case basic
  case literal
  case multilineBasic
  case multilineLiteral

  /// The name used in messages.
  var name: String {
    switch self {
    case .basic: "string"
    case .literal: "literal string"
    case .multilineBasic: "multi-line string"
    case .multilineLiteral: "multi-line literal string"
    }
  }

  /// The closing delimiter, quoted for a message.
  var quotedDelimiter: String {
    switch self {
    case .basic: "'\"'"
    case .literal: "\"'\""
    case .multilineBasic: "'\"\"\"'"
    case .multilineLiteral: "\"'''\""
    }
  }
}

/// Strings: basic, literal, multi-line basic and multi-line literal.
extension TOMLScanner {
  /// Parses the string that starts at `offset` (at a `"` or `'`), in any of the four forms.
  mutating func parseString() throws(TOMLError) -> String {
    let quote = current
    let isTriple = byte(at: offset + 1) == quote && byte(at: offset + 2) == quote
    if quote == UInt8(ascii: "\"") {
      return try isTriple ? parseMultilineString(.multilineBasic) : parseSingleLineString(.basic)
    }
    return try isTriple ? parseMultilineString(.multilineLiteral) : parseSingleLineString(.literal)
  }

  /// A basic or literal string on one line; `offset` is at its opening quote.
  mutating func parseSingleLineString(_ kind: TOMLStringKind) throws(TOMLError) -> String {
    let opening = offset
    let quote = current
    var index = offset + 1
    var segmentStart = index
    var copied = false
    while true {
      let value = byte(at: index)
      if value == quote { break }
      if value == UInt8(ascii: "\\") && kind == .basic {
        flush(segmentStart..<index, copied: &copied)
        index = try parseEscape(at: index)
        segmentStart = index
        continue
      }
      if (value >= 0x20 && value < 0x7F) || value == UInt8(ascii: "\t") {
        index += 1
        continue
      }
      let isLineEnd =
        value == UInt8(ascii: "\n")
        || (value == UInt8(ascii: "\r") && byte(at: index + 1) == UInt8(ascii: "\n"))
      if isLineEnd || (value == 0 && isEnd(index)) {
        let place = isLineEnd ? "line" : "file"
        throw error(
          "unterminated \(kind.name): expected a closing \(kind.quotedDelimiter) before the end "
            + "of the \(place)", at: opening)
      }
      index += try characterLength(at: index, in: kind)
    }
    let result = finish(segmentStart..<index, copied: copied)
    offset = index + 1
    return result
  }

  /// A multi-line basic or literal string; `offset` is at its opening delimiter.
  mutating func parseMultilineString(_ kind: TOMLStringKind) throws(TOMLError) -> String {
    let opening = position()
    let quote = current
    var index = offset + 3
    // A line break right after the opening delimiter is not part of the string.
    if byte(at: index) == UInt8(ascii: "\n") {
      index += 1
      startLine(at: index)
    } else if byte(at: index) == UInt8(ascii: "\r") && byte(at: index + 1) == UInt8(ascii: "\n") {
      index += 2
      startLine(at: index)
    }
    var segmentStart = index
    var copied = false
    while true {
      let value = byte(at: index)
      if (value >= 0x20 && value < 0x7F && value != quote && value != UInt8(ascii: "\\"))
        || value == UInt8(ascii: "\t")
      {
        index += 1
      } else if value == quote {
        var run = 1
        while run < 6 && byte(at: index + run) == quote { run += 1 }
        if run < 3 {
          index += run
          continue
        }
        guard run < 6 else {
          let detail =
            kind == .multilineBasic
            ? "'\"' in a row; escape one of them as \\\"" : "\"'\" in a row"
          throw error("a \(kind.name) cannot contain three or more \(detail)", at: index)
        }
        let result = finish(segmentStart..<index + run - 3, copied: copied)
        offset = index + run
        return result
      } else if value == UInt8(ascii: "\\") && kind == .multilineBasic {
        flush(segmentStart..<index, copied: &copied)
        if let next = try skipLineEndingBackslash(at: index) {
          index = next
        } else {
          index = try parseEscape(at: index)
        }
        segmentStart = index
      } else if value == UInt8(ascii: "\n") {
        index += 1
        startLine(at: index)
      } else if value == UInt8(ascii: "\r") && byte(at: index + 1) == UInt8(ascii: "\n") {
        // CRLF becomes LF, as Python's tomllib does.
        flush(segmentStart..<index, copied: &copied)
        scratch.append(UInt8(ascii: "\n"))
        index += 2
        startLine(at: index)
        segmentStart = index
      } else if value == 0 && isEnd(index) {
        throw TOMLError(
          message: "unterminated \(kind.name): expected a closing \(kind.quotedDelimiter) before "
            + "the end of the file", position: opening, lineText: "")
      } else {
        index += try characterLength(at: index, in: kind)
      }
    }
  }

  /// The length of the character at `index` inside a string: a non-ASCII UTF-8 sequence or a
  /// printable ASCII byte; control characters and invalid UTF-8 are errors.
  private mutating func characterLength(
    at index: Int, in kind: TOMLStringKind
  ) throws(TOMLError) -> Int {
    let value = byte(at: index)
    if value >= 0x80 {
      let length = utf8Length(at: index)
      guard length > 0 else {
        throw error(
          "invalid UTF-8 in \(kind.name) (byte \(TOMLScanner.hexByte(value)))", at: index)
      }
      return length
    }
    if (value >= 0x20 && value < 0x7F) || value == UInt8(ascii: "\t") { return 1 }
    let name = TOMLScanner.scalarName(UInt32(value))
    let advice =
      kind == .basic || kind == .multilineBasic
      ? "; write it as the escape \"\\u\(name.dropFirst(2))\"" : ""
    throw error("control character \(name) is not allowed in a \(kind.name)\(advice)", at: index)
  }

  /// When the backslash at `index` ends its line (only whitespace follows it), skips it and all
  /// whitespace and line breaks after it, and returns where the string continues.
  private mutating func skipLineEndingBackslash(at index: Int) throws(TOMLError) -> Int? {
    var cursor = index + 1
    while byte(at: cursor) == UInt8(ascii: " ") || byte(at: cursor) == UInt8(ascii: "\t") {
      cursor += 1
    }
    let value = byte(at: cursor)
    guard
      value == UInt8(ascii: "\n")
        || (value == UInt8(ascii: "\r") && byte(at: cursor + 1) == UInt8(ascii: "\n"))
    else { return nil }
    while true {
      switch byte(at: cursor) {
      case UInt8(ascii: " "), UInt8(ascii: "\t"):
        cursor += 1
      case UInt8(ascii: "\n"):
        cursor += 1
        startLine(at: cursor)
      case UInt8(ascii: "\r") where byte(at: cursor + 1) == UInt8(ascii: "\n"):
        cursor += 2
        startLine(at: cursor)
      default:
        return cursor
      }
    }
  }

  /// Appends the bytes in `range` to `scratch`, emptying it first when `copied` is false.
  private mutating func flush(_ range: Range<Int>, copied: inout Bool) {
    if !copied {
      scratch.removeAll(keepingCapacity: true)
      copied = true
    }
    let clamped = range.clamped(to: 0..<bytes.count)
    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clamped]))
  }

  /// The string's value: the bytes in `range`, after `scratch` when it was used.
  private mutating func finish(_ range: Range<Int>, copied: Bool) -> String {
    guard copied else { return string(range) }
    var copied = copied
    flush(range, copied: &copied)
    return String(decoding: scratch, as: UTF8.self)
  }
}
