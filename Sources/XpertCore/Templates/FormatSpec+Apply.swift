#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension FormatSpec {
  /// Formats text: only fill, alignment, width and precision (maximum length) apply.
  public func format(text: String) throws(Invalid) -> String {
    guard type == nil || type == "s" else {
      throw Invalid(message: "format type \"\(type!)\" needs a number, but the value is text")
    }
    guard sign == nil, grouping == nil, alignment != .afterSign, !alternate else {
      throw Invalid(message: "sign, \"#\", \"=\" and grouping apply to numbers, not to text")
    }
    var body = text
    if let precision, body.unicodeScalars.count > precision {
      body = String(String.UnicodeScalarView(body.unicodeScalars.prefix(precision)))
    }
    return pad(body, numeric: false)
  }

  /// Formats an integer; float types (`e`, `f`, `g`, `%`) convert it to a float first.
  public func format(integer: Int64) throws(Invalid) -> String {
    if let type, "eEfFgG%".contains(type) { return try format(float: Double(integer)) }
    if type == "s" {
      throw Invalid(message: "format type \"s\" needs text, but the value is a number")
    }
    guard precision == nil else {
      throw Invalid(message: "a precision is not allowed for an integer (use a type such as \"f\")")
    }
    if let grouping, grouping == "," && type != nil && type != "d" || type == "c" || type == "n" {
      throw Invalid(message: "grouping with \"\(grouping)\" is not allowed with type \"\(type!)\"")
    }
    if type == "c" {
      guard sign == nil, !alternate, integer >= 0, integer <= 0x10FFFF,
        let scalar = Unicode.Scalar(UInt32(integer))
      else {
        throw Invalid(
          message: "type \"c\" needs a code point from 0 to 0x10FFFF, and no sign or \"#\"")
      }
      return pad(String(Character(scalar)), numeric: true)
    }
    let radix: Int
    let prefix: String
    switch type {
    case "b": (radix, prefix) = (2, "0b")
    case "o": (radix, prefix) = (8, "0o")
    case "x": (radix, prefix) = (16, "0x")
    case "X": (radix, prefix) = (16, "0X")
    default: (radix, prefix) = (10, "")
    }
    let digits = String(integer.magnitude, radix: radix, uppercase: type == "X")
    let head = signText(negative: integer < 0) + (alternate ? prefix : "")
    let grouped = grouping.map {
      groupPadded(digits, size: radix == 10 ? 3 : 4, separator: $0, room: width - head.count)
    }
    return pad(grouped ?? digits, head: head, numeric: true)
  }

  /// Formats a float (`e`, `E`, `f`, `F`, `g`, `G`, `%`, or none: the shortest form).
  public func format(float value: Double) throws(Invalid) -> String {
    if type == "n" {
      var general = self
      general.type = "g"
      return try general.format(float: value)
    }
    if let type, !"eEfFgG%".contains(type) {
      throw Invalid(message: "format type \"\(type)\" needs an integer, but the value is a float")
    }
    let magnitude = abs(value)
    var body: String
    switch type {
    case nil:
      if let precision {
        body = Self.general(magnitude, precision: max(precision, 1))
      } else {
        body = ValueRendering.float(magnitude)
      }
    case "%":
      body = Self.printf(magnitude * 100, precision: precision ?? 6, conversion: "f") + "%"
    default:
      body = Self.printf(
        magnitude, precision: precision ?? 6, conversion: type!, alternate: alternate)
    }
    let head = signText(negative: value.sign == .minus && !value.isNaN)
    if let grouping, magnitude.isFinite {
      let integerEnd = body.firstIndex { !$0.isNumber } ?? body.endIndex
      let rest = body[integerEnd...]
      body =
        groupPadded(
          String(body[..<integerEnd]), size: 3, separator: grouping,
          room: width - head.count - rest.count) + rest
    }
    return pad(body, head: head, numeric: true)
  }

  private func signText(negative: Bool) -> String {
    if negative { return "-" }
    switch sign {
    case "+": return "+"
    case " ": return " "
    default: return ""
    }
  }

  /// `digits` with a separator every `size` digits from the right; with `0` padding and no
  /// fill or alignment, leading zeros are added (and grouped) until `room` is filled.
  private func groupPadded(
    _ digits: String, size: Int, separator: Character, room: Int
  ) -> String {
    func group(_ digits: String) -> String {
      var result = ""
      for (offset, digit) in digits.enumerated() {
        if offset > 0 && (digits.count - offset) % size == 0 { result.append(separator) }
        result.append(digit)
      }
      return result
    }
    var padded = digits
    var grouped = group(padded)
    while padsDigitGroups && grouped.count < room {
      padded = "0" + padded
      grouped = group(padded)
    }
    return grouped
  }

  /// Python's format with no type and a precision: like `g`, but fixed-point keeps one digit
  /// after the point, and scientific notation starts at an exponent of `precision - 1`.
  private static func general(_ value: Double, precision: Int) -> String {
    guard value.isFinite else { return ValueRendering.float(value) }
    let scientific = printf(value, precision: precision - 1, conversion: "e")
    let exponent = Int(scientific.split(separator: "e").last ?? "0") ?? 0
    if exponent >= -4 && exponent < precision - 1 {
      var fixed = printf(value, precision: precision - 1 - exponent, conversion: "f")
      if fixed.contains(".") {
        while fixed.hasSuffix("0") { fixed.removeLast() }
        if fixed.hasSuffix(".") { fixed += "0" }
      } else {
        fixed += ".0"
      }
      return fixed
    }
    let parts = scientific.split(separator: "e", maxSplits: 1)
    var mantissa = String(parts[0])
    if mantissa.contains(".") {
      while mantissa.hasSuffix("0") { mantissa.removeLast() }
      if mantissa.hasSuffix(".") { mantissa.removeLast() }
    }
    return mantissa + "e" + (parts.count > 1 ? parts[1] : "+00")
  }

  private static func printf(
    _ value: Double, precision: Int, conversion: Character, alternate: Bool = false
  ) -> String {
    let format = "%" + (alternate ? "#" : "") + ".\(min(precision, 500))" + String(conversion)
    var buffer = [CChar](repeating: 0, count: 1024)
    _ = withVaList([value]) { arguments in
      vsnprintf(&buffer, buffer.count, format, arguments)
    }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
