/// A cursor over a document's UTF-8 bytes that keeps track of lines and columns.
///
/// Reading past the end yields the byte 0, which a document can never contain validly, so
/// callers test `isEnd(_:)` only when they see a 0. Columns are counted in Unicode scalars and
/// computed incrementally from the last position asked for on the same line, so asking for the
/// position of every value on a 10 MB line stays linear.
struct TOMLScanner {
  /// The document.
  let bytes: UnsafeBufferPointer<UInt8>
  /// The next byte to read.
  var offset = 0
  /// The current line, 1-based.
  private(set) var line = 1
  /// The offset of the current line's first byte.
  private(set) var lineStart = 0
  private var columnCacheOffset = 0
  private var columnCacheColumn = 1
  /// Reused storage for strings that contain escapes or CRLF line breaks.
  var scratch: [UInt8] = []

  init(bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
    // A byte order mark is allowed at the very start and is not part of the first line.
    if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
      offset = 3
      lineStart = 3
      columnCacheOffset = 3
    }
  }

  /// The byte at `index`, or 0 outside the document.
  @inline(__always)
  func byte(at index: Int) -> UInt8 {
    UInt(bitPattern: index) < UInt(bitPattern: bytes.count) ? bytes[index] : 0
  }

  /// The byte at `offset`, or 0 at the end.
  var current: UInt8 {
    @inline(__always) get { byte(at: offset) }
  }

  /// Whether `index` is at or past the end of the document.
  @inline(__always)
  func isEnd(_ index: Int) -> Bool { index >= bytes.count }

  /// Whether the whole document has been read.
  var isAtEnd: Bool { offset >= bytes.count }

  /// Records that a line break ends just before `index`.
  @inline(__always)
  mutating func startLine(at index: Int) {
    line += 1
    lineStart = index
  }

  /// The position of `index`, which must be on the current line (earlier indexes are clamped to
  /// the line's start).
  mutating func position(at index: Int) -> TOMLPosition {
    let target = max(index, lineStart)
    if columnCacheOffset < lineStart || columnCacheOffset > target {
      columnCacheOffset = lineStart
      columnCacheColumn = 1
    }
    var column = columnCacheColumn
    var cursor = columnCacheOffset
    let end = min(target, bytes.count)
    while cursor < end {
      if bytes[cursor] & 0xC0 != 0x80 { column += 1 }
      cursor += 1
    }
    columnCacheOffset = cursor
    columnCacheColumn = column
    return TOMLPosition(line: line, column: column + (target - cursor))
  }

  /// The position of `offset`.
  mutating func position() -> TOMLPosition { position(at: offset) }

  /// An error at `index` on the current line.
  mutating func error(_ message: String, at index: Int) -> TOMLError {
    TOMLError(message: message, position: position(at: index), lineText: "")
  }

  /// An error at `offset`.
  mutating func error(_ message: String) -> TOMLError { error(message, at: offset) }

  /// The length of the valid UTF-8 sequence at `index`, or 0 if the bytes there are not valid
  /// UTF-8 (overlong forms, surrogates and values past U+10FFFF are invalid).
  func utf8Length(at index: Int) -> Int {
    let lead = byte(at: index)
    if lead < 0x80 { return 1 }
    let second = byte(at: index + 1)
    func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
    switch lead {
    case 0xC2...0xDF:
      return isContinuation(second) ? 2 : 0
    case 0xE0...0xEF:
      let low: UInt8 = lead == 0xE0 ? 0xA0 : 0x80
      let high: UInt8 = lead == 0xED ? 0x9F : 0xBF
      guard second >= low && second <= high && isContinuation(byte(at: index + 2)) else {
        return 0
      }
      return 3
    case 0xF0...0xF4:
      let low: UInt8 = lead == 0xF0 ? 0x90 : 0x80
      let high: UInt8 = lead == 0xF4 ? 0x8F : 0xBF
      guard
        second >= low && second <= high && isContinuation(byte(at: index + 2))
          && isContinuation(byte(at: index + 3))
      else { return 0 }
      return 4
    default:
      return 0
    }
  }

  /// A String made from the (already validated) bytes in `range`.
  func string(_ range: Range<Int>) -> String {
    let clamped = range.clamped(to: 0..<bytes.count)
    return String(decoding: UnsafeBufferPointer(rebasing: bytes[clamped]), as: UTF8.self)
  }

  /// What is at `index`, for messages: `"x"`, `a newline`, `the end of the file`, ...
  func describe(at index: Int) -> String {
    if isEnd(index) { return "the end of the file" }
    let value = byte(at: index)
    switch value {
    case UInt8(ascii: "\n"):
      return "a newline"
    case UInt8(ascii: "\r"):
      return byte(at: index + 1) == UInt8(ascii: "\n")
        ? "a newline" : "a carriage return (U+000D) that is not followed by a newline"
    case UInt8(ascii: "\t"):
      return "a tab"
    case UInt8(ascii: "\""):
      return "'\"'"
    case 0..<0x20, 0x7F:
      return "control character \(TOMLScanner.scalarName(UInt32(value)))"
    case 0x20..<0x80:
      return "\"\(Character(Unicode.Scalar(value)))\""
    default:
      let length = utf8Length(at: index)
      if length == 0 { return "invalid UTF-8 (byte \(TOMLScanner.hexByte(value)))" }
      return "\"\(string(index..<index + length))\""
    }
  }

  /// `U+0007`.
  static func scalarName(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }

  /// `0xFF`.
  static func hexByte(_ value: UInt8) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return "0x" + (digits.count < 2 ? "0" : "") + digits
  }
}
