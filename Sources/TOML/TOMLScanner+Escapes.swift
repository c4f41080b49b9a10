/// Escape sequences in basic strings.
extension TOMLScanner {
  /// Resolves the escape whose backslash is at `index`, appends its UTF-8 to `scratch`, and
  /// returns the index after it.
  mutating func parseEscape(at index: Int) throws(TOMLError) -> Int {
    let code = byte(at: index + 1)
    let replacement: UInt8
    switch code {
    case UInt8(ascii: "b"): replacement = 0x08
    case UInt8(ascii: "t"): replacement = 0x09
    case UInt8(ascii: "n"): replacement = 0x0A
    case UInt8(ascii: "f"): replacement = 0x0C
    case UInt8(ascii: "r"): replacement = 0x0D
    case UInt8(ascii: "\""): replacement = 0x22
    case UInt8(ascii: "\\"): replacement = 0x5C
    case UInt8(ascii: "u"): return try parseUnicodeEscape(at: index, digits: 4)
    case UInt8(ascii: "U"): return try parseUnicodeEscape(at: index, digits: 8)
    default:
      let valid = "valid escapes: \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX"
      if code > 0x20 && code < 0x7F {
        let shown = "\\" + String(Character(Unicode.Scalar(code)))
        throw error("invalid escape \"\(shown)\" in string (\(valid))", at: index)
      }
      throw error(
        "invalid escape in string: \"\\\" followed by \(describe(at: index + 1)) (\(valid))",
        at: index)
    }
    scratch.append(replacement)
    return index + 2
  }

  /// `\uXXXX` or `\UXXXXXXXX` at `index`: appends the scalar's UTF-8 to `scratch`.
  private mutating func parseUnicodeEscape(
    at index: Int, digits: Int
  ) throws(TOMLError) -> Int {
    var value: UInt32 = 0
    for position in 0..<digits {
      let digit = byte(at: index + 2 + position)
      guard let nibble = TOMLScanner.hexValue(digit) else {
        let written = string(index..<index + 2 + position)
        throw error(
          "invalid escape \"\(written)\" in string: expected \(digits) hexadecimal digits, "
            + "found \(describe(at: index + 2 + position))", at: index)
      }
      value = value << 4 | UInt32(nibble)
    }
    guard let scalar = Unicode.Scalar(value) else {
      let written = string(index..<index + 2 + digits)
      throw error(
        "invalid escape \"\(written)\" in string: \(TOMLScanner.scalarName(value)) is not a "
          + "Unicode scalar value (surrogates and values above 10FFFF are not allowed)",
        at: index)
    }
    appendUTF8(scalar)
    return index + 2 + digits
  }

  /// Appends the UTF-8 encoding of `scalar` to `scratch`.
  private mutating func appendUTF8(_ scalar: Unicode.Scalar) {
    let value = scalar.value
    switch value {
    case 0..<0x80:
      scratch.append(UInt8(value))
    case 0x80..<0x800:
      scratch.append(UInt8(0xC0 | (value >> 6)))
      scratch.append(UInt8(0x80 | (value & 0x3F)))
    case 0x800..<0x10000:
      scratch.append(UInt8(0xE0 | (value >> 12)))
      scratch.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
      scratch.append(UInt8(0x80 | (value & 0x3F)))
    default:
      scratch.append(UInt8(0xF0 | (value >> 18)))
      scratch.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
      scratch.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
      scratch.append(UInt8(0x80 | (value & 0x3F)))
    }
  }

  /// The value of a hexadecimal digit, or nil.
  static func hexValue(_ digit: UInt8) -> UInt8? {
    switch digit {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}
