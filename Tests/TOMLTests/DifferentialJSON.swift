/// A JSON value that keeps the order of object members, which Foundation's `JSONSerialization`
/// does not: the differential test compares key order too.
indirect enum DifferentialJSON: Equatable {
  /// One member of an object.
  struct Member: Equatable {
    var key: String
    var value: DifferentialJSON
  }

  case object([Member])
  case array([DifferentialJSON])
  case string(String)
  case number(String)
  case bool(Bool)
  case null

  /// Why a text is not JSON, and at which UTF-8 offset.
  struct ParseError: Error, CustomStringConvertible {
    var message: String
    var offset: Int
    var description: String { "invalid JSON at byte \(offset): \(message)" }
  }

  /// Parses one JSON value (RFC 8259), surrounded by optional whitespace.
  static func parse(_ text: String) throws(ParseError) -> DifferentialJSON {
    var parser = Parser(bytes: Array(text.utf8))
    let value = try parser.value(depth: 0)
    parser.skipWhitespace()
    guard parser.index == parser.bytes.count else { throw parser.error("text after the value") }
    return value
  }
}

private struct Parser {
  let bytes: [UInt8]
  var index = 0

  init(bytes: [UInt8]) { self.bytes = bytes }

  func error(_ message: String) -> DifferentialJSON.ParseError {
    DifferentialJSON.ParseError(message: message, offset: index)
  }

  mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0A, 0x0D: index += 1
      default: return
      }
    }
  }

  mutating func expect(_ literal: String) throws(DifferentialJSON.ParseError) {
    for byte in literal.utf8 {
      guard index < bytes.count, bytes[index] == byte else { throw error("expected \(literal)") }
      index += 1
    }
  }

  mutating func value(depth: Int) throws(DifferentialJSON.ParseError) -> DifferentialJSON {
    guard depth < 10_000 else { throw error("nested too deeply") }
    skipWhitespace()
    guard index < bytes.count else { throw error("unexpected end") }
    switch bytes[index] {
    case UInt8(ascii: "{"):
      index += 1
      var members: [DifferentialJSON.Member] = []
      skipWhitespace()
      if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
        index += 1
        return .object(members)
      }
      while true {
        skipWhitespace()
        let key = try string()
        skipWhitespace()
        try expect(":")
        members.append(.init(key: key, value: try value(depth: depth + 1)))
        skipWhitespace()
        guard index < bytes.count else { throw error("unterminated object") }
        index += 1
        if bytes[index - 1] == UInt8(ascii: "}") { return .object(members) }
        guard bytes[index - 1] == UInt8(ascii: ",") else { throw error("expected , or }") }
      }
    case UInt8(ascii: "["):
      index += 1
      var elements: [DifferentialJSON] = []
      skipWhitespace()
      if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
        index += 1
        return .array(elements)
      }
      while true {
        elements.append(try value(depth: depth + 1))
        skipWhitespace()
        guard index < bytes.count else { throw error("unterminated array") }
        index += 1
        if bytes[index - 1] == UInt8(ascii: "]") { return .array(elements) }
        guard bytes[index - 1] == UInt8(ascii: ",") else { throw error("expected , or ]") }
      }
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"):
      try expect("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try expect("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try expect("null")
      return .null
    default:
      let start = index
      numberBytes: while index < bytes.count {
        switch bytes[index] {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"),
          UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
          index += 1
        default: break numberBytes
        }
      }
      guard index > start else { throw error("unexpected character") }
      return .number(String(decoding: bytes[start..<index], as: UTF8.self))
    }
  }

  mutating func string() throws(DifferentialJSON.ParseError) -> String {
    try expect("\"")
    if let end = bytes[index...].firstIndex(where: {
      $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20
    }),
      bytes[end] == UInt8(ascii: "\"")
    {
      defer { index = end + 1 }
      return String(decoding: bytes[index..<end], as: UTF8.self)  // no escapes: the common case
    }
    var scalars = String.UnicodeScalarView()
    var run = index  // start of a stretch of unescaped bytes
    func flush(_ end: Int) {
      scalars.append(contentsOf: String(decoding: bytes[run..<end], as: UTF8.self).unicodeScalars)
    }
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        flush(index)
        index += 1
        return String(scalars)
      }
      guard byte >= 0x20 else { throw error("control character in a string") }
      guard byte == UInt8(ascii: "\\") else {
        index += 1
        continue
      }
      flush(index)
      index += 1
      guard index < bytes.count else { break }
      let escape = bytes[index]
      index += 1
      switch escape {
      case UInt8(ascii: "\""): scalars.append("\"")
      case UInt8(ascii: "\\"): scalars.append("\\")
      case UInt8(ascii: "/"): scalars.append("/")
      case UInt8(ascii: "b"): scalars.append("\u{8}")
      case UInt8(ascii: "f"): scalars.append("\u{C}")
      case UInt8(ascii: "n"): scalars.append("\n")
      case UInt8(ascii: "r"): scalars.append("\r")
      case UInt8(ascii: "t"): scalars.append("\t")
      case UInt8(ascii: "u"):
        var code = try hex4()
        if (0xD800..<0xDC00).contains(code) {
          try expect("\\u")
          let low = try hex4()
          guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate") }
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
        scalars.append(scalar)
      default: throw error("unknown escape")
      }
      run = index
    }
    throw error("unterminated string")
  }

  mutating func hex4() throws(DifferentialJSON.ParseError) -> UInt32 {
    guard index + 4 <= bytes.count,
      let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
    else { throw error("expected four hex digits") }
    index += 4
    return code
  }
}
