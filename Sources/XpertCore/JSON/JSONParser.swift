/// A strict JSON (RFC 8259) reader: one value, optionally surrounded by whitespace, in UTF-8.
/// It rejects what the RFC does not allow: trailing commas, comments, single quotes, leading
/// zeros, raw control characters in strings, lone surrogates, invalid UTF-8, and anything after
/// the value.
public struct JSONParser {
  /// Why a text is not JSON: what was wrong, and at which byte offset.
  public struct Error: Swift.Error, Sendable, Hashable, CustomStringConvertible {
    /// The offset of the offending byte in the UTF-8 text.
    public var offset: Int
    /// What was expected or found.
    public var reason: String

    /// `reason at byte offset`.
    public var description: String { "\(reason) at byte \(offset)" }
  }

  /// How deeply arrays and objects may nest (a guard against exhausting the stack).
  public static let maximumDepth = 512

  private let bytes: [UInt8]
  private var index = 0
  private var depth = 0

  private init(_ bytes: [UInt8]) {
    self.bytes = bytes
  }

  /// The value in `text`.
  public static func parse(_ text: String) throws(Error) -> JSONValue {
    try parse(Array(text.utf8))
  }

  /// The value in the UTF-8 bytes `bytes`.
  public static func parse(_ bytes: [UInt8]) throws(Error) -> JSONValue {
    var parser = JSONParser(bytes)
    parser.skipWhitespace()
    let value = try parser.value()
    parser.skipWhitespace()
    guard parser.index == bytes.count else {
      throw parser.failure("unexpected text after the value")
    }
    return value
  }

  private func failure(_ reason: String) -> Error {
    Error(offset: index, reason: reason)
  }

  private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

  private mutating func skipWhitespace() {
    while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
      index += 1
    }
  }

  private mutating func value() throws(Error) -> JSONValue {
    switch current {
    case UInt8(ascii: "{")?: return try nested { (parser) throws(Error) in try parser.object() }
    case UInt8(ascii: "[")?: return try nested { (parser) throws(Error) in try parser.array() }
    case UInt8(ascii: "\"")?: return .string(try string())
    case UInt8(ascii: "t")?: return try word("true", .bool(true))
    case UInt8(ascii: "f")?: return try word("false", .bool(false))
    case UInt8(ascii: "n")?: return try word("null", .null)
    case let byte? where byte == UInt8(ascii: "-") || (0x30...0x39).contains(byte):
      return try number()
    case nil: throw failure("expected a value, found the end of the text")
    default: throw failure("expected a value")
    }
  }

  private mutating func nested(
    _ body: (inout JSONParser) throws(Error) -> JSONValue
  ) throws(Error) -> JSONValue {
    guard depth < Self.maximumDepth else { throw failure("nested too deeply") }
    depth += 1
    defer { depth -= 1 }
    return try body(&self)
  }

  private mutating func word(_ text: StaticString, _ result: JSONValue) throws(Error) -> JSONValue {
    let count = text.utf8CodeUnitCount
    let matches = text.withUTF8Buffer { expected in
      index + count <= bytes.count && bytes[index..<index + count].elementsEqual(expected)
    }
    guard matches else { throw failure("expected a value") }
    index += count
    return result
  }

  private mutating func object() throws(Error) -> JSONValue {
    index += 1  // {
    var members: [JSONMember] = []
    skipWhitespace()
    if current == UInt8(ascii: "}") {
      index += 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard current == UInt8(ascii: "\"") else { throw failure("expected a string key") }
      let key = try string()
      skipWhitespace()
      guard current == UInt8(ascii: ":") else { throw failure("expected ':' after a key") }
      index += 1
      skipWhitespace()
      members.append(JSONMember(key: key, value: try value()))
      skipWhitespace()
      switch current {
      case UInt8(ascii: ",")?: index += 1
      case UInt8(ascii: "}")?:
        index += 1
        return .object(members)
      default: throw failure("expected ',' or '}' in an object")
      }
    }
  }

  private mutating func array() throws(Error) -> JSONValue {
    index += 1  // [
    var elements: [JSONValue] = []
    skipWhitespace()
    if current == UInt8(ascii: "]") {
      index += 1
      return .array(elements)
    }
    while true {
      skipWhitespace()
      elements.append(try value())
      skipWhitespace()
      switch current {
      case UInt8(ascii: ",")?: index += 1
      case UInt8(ascii: "]")?:
        index += 1
        return .array(elements)
      default: throw failure("expected ',' or ']' in an array")
      }
    }
  }

  private mutating func number() throws(Error) -> JSONValue {
    let start = index
    if current == UInt8(ascii: "-") { index += 1 }
    if current == UInt8(ascii: "0") {
      index += 1
    } else if !skipDigits() {
      throw failure("expected a digit")
    }
    if current == UInt8(ascii: ".") {
      index += 1
      guard skipDigits() else { throw failure("expected a digit after '.'") }
    }
    if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
      index += 1
      if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
      guard skipDigits() else { throw failure("expected a digit in the exponent") }
    }
    return .number(String(decoding: bytes[start..<index], as: UTF8.self))
  }

  /// Skips `[0-9]*`; whether there was at least one digit.
  private mutating func skipDigits() -> Bool {
    let start = index
    while let byte = current, (0x30...0x39).contains(byte) { index += 1 }
    return index > start
  }

  private mutating func string() throws(Error) -> String {
    index += 1  // "
    var scratch: [UInt8] = []
    while true {
      guard let byte = current else { throw failure("unterminated string") }
      switch byte {
      case UInt8(ascii: "\""):
        index += 1
        guard let text = String(validating: scratch, as: UTF8.self) else {
          throw failure("invalid UTF-8 in a string")
        }
        return text
      case UInt8(ascii: "\\"):
        index += 1
        try escape(into: &scratch)
      case 0..<0x20:
        throw failure("a control character must be escaped in a string")
      default:
        scratch.append(byte)
        index += 1
      }
    }
  }

  private mutating func escape(into scratch: inout [UInt8]) throws(Error) {
    guard let byte = current else { throw failure("unterminated string") }
    index += 1
    switch byte {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(byte)
    case UInt8(ascii: "b"): scratch.append(0x08)
    case UInt8(ascii: "f"): scratch.append(0x0C)
    case UInt8(ascii: "n"): scratch.append(0x0A)
    case UInt8(ascii: "r"): scratch.append(0x0D)
    case UInt8(ascii: "t"): scratch.append(0x09)
    case UInt8(ascii: "u"):
      var value = try hexQuad()
      if (0xD800..<0xDC00).contains(value) {
        guard current == UInt8(ascii: "\\"), index + 1 < bytes.count,
          bytes[index + 1] == UInt8(ascii: "u")
        else { throw failure("a high surrogate must be followed by a low one") }
        index += 2
        let low = try hexQuad()
        guard (0xDC00..<0xE000).contains(low) else {
          throw failure("a high surrogate must be followed by a low one")
        }
        value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
      } else if (0xDC00..<0xE000).contains(value) {
        throw failure("a low surrogate without a high one")
      }
      scratch.append(contentsOf: Unicode.UTF8.encode(Unicode.Scalar(value)!)!)
    default:
      index -= 1
      throw failure("invalid escape in a string")
    }
  }

  private mutating func hexQuad() throws(Error) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let byte = current, let digit = Self.hexDigit(byte) else {
        throw failure("expected four hexadecimal digits after \\u")
      }
      value = value << 4 | digit
      index += 1
    }
    return value
  }

  private static func hexDigit(_ byte: UInt8) -> UInt32? {
    switch byte {
    case 0x30...0x39: UInt32(byte - 0x30)
    case 0x41...0x46: UInt32(byte - 0x41 + 10)
    case 0x61...0x66: UInt32(byte - 0x61 + 10)
    default: nil
    }
  }
}
