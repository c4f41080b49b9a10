/// Integers and floats.
extension TOMLScanner {
  /// Whether `value` can be part of a bare value such as a number, `true` or `inf`.
  @inline(__always)
  static func isTokenByte(_ value: UInt8) -> Bool {
    switch value {
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"), UInt8(ascii: "."),
      UInt8(ascii: "+"), UInt8(ascii: "-"):
      true
    default:
      false
    }
  }

  /// Whether `value` is a decimal digit.
  @inline(__always)
  static func isDigit(_ value: UInt8) -> Bool {
    value &- UInt8(ascii: "0") < 10
  }

  /// The end of the bare token that starts at `start`.
  func tokenEnd(from start: Int) -> Int {
    var index = start
    while TOMLScanner.isTokenByte(byte(at: index)) { index += 1 }
    return index
  }

  /// The token's text for a message (tokens are ASCII), shortened when long.
  func tokenText(_ range: Range<Int>) -> String {
    range.count > 40 ? string(range.lowerBound..<range.lowerBound + 40) + "..." : string(range)
  }

  /// Parses the integer or float at `offset` (a digit, sign, `.`, `inf` or `nan`).
  mutating func parseNumber() throws(TOMLError) -> TOMLValue {
    let start = offset
    let end = tokenEnd(from: start)
    guard end > start else {
      throw error("expected a value, found \(describe(at: start))")
    }
    offset = end
    var index = start
    let sign = byte(at: start)
    if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { index += 1 }
    let negative = sign == UInt8(ascii: "-")
    if end - index == 3 {
      let word = (byte(at: index), byte(at: index + 1), byte(at: index + 2))
      if word == (UInt8(ascii: "i"), UInt8(ascii: "n"), UInt8(ascii: "f")) {
        return .float(negative ? -Double.infinity : Double.infinity)
      }
      if word == (UInt8(ascii: "n"), UInt8(ascii: "a"), UInt8(ascii: "n")) {
        return .float(negative ? -Double.nan : Double.nan)
      }
    }
    if byte(at: index) == UInt8(ascii: "0") {
      let radix: UInt64
      switch byte(at: index + 1) {
      case UInt8(ascii: "x"): radix = 16
      case UInt8(ascii: "o"): radix = 8
      case UInt8(ascii: "b"): radix = 2
      default: radix = 10
      }
      if radix != 10 {
        guard index == start else {
          throw error(
            "invalid integer \"\(tokenText(start..<end))\": only decimal integers can have a sign",
            at: start)
        }
        return try parsePrefixedInteger(start..<end, radix: radix)
      }
    }
    return try parseDecimal(start..<end, digitsStart: index, negative: negative)
  }

  /// A decimal integer or a float in `token`, whose digits start at `digitsStart`.
  private mutating func parseDecimal(
    _ token: Range<Int>, digitsStart: Int, negative: Bool
  ) throws(TOMLError) -> TOMLValue {
    let integerEnd = try scanDigits(from: digitsStart, radix: 10, token: token)
    var index = integerEnd
    var isFloat = false
    if byte(at: index) == UInt8(ascii: ".") {
      isFloat = true
      let fractionEnd = try scanDigits(from: index + 1, radix: 10, token: token)
      guard integerEnd > digitsStart && fractionEnd > index + 1 else {
        throw error(
          "invalid float \"\(tokenText(token))\": a \".\" must have a digit on each side",
          at: token.lowerBound
        )
      }
      index = fractionEnd
    }
    guard integerEnd > digitsStart else {
      let found = describe(at: digitsStart)
      throw error(
        "invalid number \"\(tokenText(token))\": expected a digit, found \(found)", at: digitsStart)
    }
    if byte(at: digitsStart) == UInt8(ascii: "0") && integerEnd > digitsStart + 1 {
      throw error(
        "invalid number \"\(tokenText(token))\": leading zeros are not allowed",
        at: token.lowerBound)
    }
    if byte(at: index) == UInt8(ascii: "e") || byte(at: index) == UInt8(ascii: "E") {
      isFloat = true
      index += 1
      if byte(at: index) == UInt8(ascii: "+") || byte(at: index) == UInt8(ascii: "-") {
        index += 1
      }
      let exponentEnd = try scanDigits(from: index, radix: 10, token: token)
      guard exponentEnd > index else {
        throw error(
          "invalid float \"\(tokenText(token))\": expected a digit in the exponent, found "
            + describe(at: index), at: token.lowerBound)
      }
      index = exponentEnd
    }
    guard index == token.upperBound else {
      throw error(
        "invalid number \"\(tokenText(token))\": unexpected \(describe(at: index))",
        at: token.lowerBound)
    }
    if isFloat { return try makeFloat(token) }
    // Accumulate the magnitude; -9223372036854775808 is the one value whose magnitude is 2^63.
    var magnitude: UInt64 = 0
    let limit: UInt64 = negative ? 1 << 63 : UInt64(Int64.max)
    var overflow = false
    for digitIndex in digitsStart..<token.upperBound {
      let digit = byte(at: digitIndex)
      guard digit != UInt8(ascii: "_") else { continue }
      let (times, first) = magnitude.multipliedReportingOverflow(by: 10)
      let (sum, second) = times.addingReportingOverflow(UInt64(digit - UInt8(ascii: "0")))
      if first || second || sum > limit {
        overflow = true
        break
      }
      magnitude = sum
    }
    guard !overflow else {
      throw error("integer \(tokenText(token)) does not fit in 64 bits", at: token.lowerBound)
    }
    if negative {
      return .integer(magnitude == 1 << 63 ? Int64.min : -Int64(magnitude))
    }
    return .integer(Int64(magnitude))
  }

  /// A float whose syntax has been checked: the digits without underscores, read by the stdlib.
  private mutating func makeFloat(_ token: Range<Int>) throws(TOMLError) -> TOMLValue {
    scratch.removeAll(keepingCapacity: true)
    for index in token {
      let value = byte(at: index)
      if value == UInt8(ascii: "_") || (value == UInt8(ascii: "+") && index == token.lowerBound) {
        continue
      }
      scratch.append(value)
    }
    let text = String(decoding: scratch, as: UTF8.self)
    guard let number = Double(text) else {
      throw error("invalid float \"\(tokenText(token))\"", at: token.lowerBound)
    }
    return .float(number)
  }

  /// `0x...`, `0o...` or `0b...` in `token`.
  private mutating func parsePrefixedInteger(
    _ token: Range<Int>, radix: UInt64
  ) throws(TOMLError) -> TOMLValue {
    let name = radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : "binary"
    let digitsStart = token.lowerBound + 2
    let end = try scanDigits(from: digitsStart, radix: radix, token: token)
    guard end > digitsStart && end == token.upperBound else {
      let prefix = string(token.lowerBound..<digitsStart)
      let what = end > digitsStart ? "unexpected" : "expected a digit after \"\(prefix)\", found"
      throw error(
        "invalid \(name) integer \"\(tokenText(token))\": \(what) \(describe(at: end))",
        at: token.lowerBound)
    }
    var value: UInt64 = 0
    for index in digitsStart..<end {
      guard let digit = TOMLScanner.hexValue(byte(at: index)) else { continue }
      let (times, first) = value.multipliedReportingOverflow(by: radix)
      let (sum, second) = times.addingReportingOverflow(UInt64(digit))
      guard !first && !second && sum <= UInt64(Int64.max) else {
        throw error(
          "integer \(tokenText(token)) does not fit in 64 bits", at: token.lowerBound)
      }
      value = sum
    }
    return .integer(Int64(value))
  }

  /// Scans digits of `radix` with single underscores between them, from `start`; returns where
  /// they end (`start` when there is no digit). An underscore not between two digits is an error.
  private mutating func scanDigits(
    from start: Int, radix: UInt64, token: Range<Int>
  ) throws(TOMLError) -> Int {
    func isDigit(_ value: UInt8) -> Bool {
      if radix == 10 { return TOMLScanner.isDigit(value) }
      guard let digit = TOMLScanner.hexValue(value) else { return false }
      return UInt64(digit) < radix
    }
    var index = start
    guard isDigit(byte(at: index)) || byte(at: index) == UInt8(ascii: "_") else { return index }
    while true {
      let value = byte(at: index)
      if isDigit(value) {
        index += 1
      } else if value == UInt8(ascii: "_") {
        guard index > start && isDigit(byte(at: index - 1)) && isDigit(byte(at: index + 1)) else {
          throw error(
            "invalid number \"\(tokenText(token))\": each \"_\" must be between two digits",
            at: index)
        }
        index += 1
      } else {
        return index
      }
    }
  }
}
