/// Scalar values and keys for `DifferentialGenerator`: every TOML spelling of strings, integers,
/// floats, booleans and the four date-time kinds.
extension DifferentialGenerator {
  /// Characters that strings and quoted keys are made of: mostly plain, some that need escaping
  /// or care (quotes, backslash, control characters), and non-ASCII up to U+10FFFF.
  private static let plainScalars = Array("abcxyzXYZ019 _-.").flatMap(\.unicodeScalars)
  private static let specialScalars: [Unicode.Scalar] = [
    "\"", "\\", "'", "\t", "\n", "\r", "\u{0}", "\u{1}", "\u{8}", "\u{B}", "\u{C}", "\u{1B}",
    "\u{1F}", "\u{7F}", "é", "ß", "日", "本", "😀", "\u{FFFD}", "\u{10FFFF}", "\u{FEFF}",
    "\u{2028}", "\u{301}", "\u{85}", "#", "=", "[", "]", "{", "}", ",",
  ]
  private static let bareKeyScalars = Set(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-".unicodeScalars)

  /// A random scalar value as TOML text.
  mutating func scalar() -> String {
    switch rng.int(0...11) {
    case 0...2: string(content())
    case 3, 4: integer()
    case 5, 6: float()
    case 7: rng.chance(0.5) ? "true" : "false"
    case 8: offsetDateTime()
    case 9: date() + delimiter() + time()
    case 10: date()
    default: time()
    }
  }

  private mutating func content(maximumLength: Int = 12) -> [Unicode.Scalar] {
    (0..<rng.int(0...maximumLength)).map { _ in
      rng.chance(0.7) ? rng.pick(Self.plainScalars) : rng.pick(Self.specialScalars)
    }
  }

  // MARK: - Keys

  /// A key not in `used` (compared by Unicode scalars, as TOML does, not by canonical
  /// equivalence as Swift's `==` does), added to it.
  mutating func freshKey(_ used: inout Set<[Unicode.Scalar]>) -> String {
    while true {
      let key: String
      switch rng.int(0...19) {
      case 0...11:
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789_-")
        key = String((0..<rng.int(1...6)).map { _ in rng.pick(letters) })
      case 12, 13:
        key = rng.pick(["true", "false", "inf", "nan", "1234", "0x1F", "-", "_", "1e3", "01"])
      case 14:
        // Different keys that Swift's String == calls equal (canonically equivalent).
        features.insert("key.canonically-equivalent")
        key = rng.pick(["\u{E9}", "e\u{301}", "\u{212B}", "\u{C5}", "A\u{30A}"])
        let spelled = Array(key.unicodeScalars)
        if used.contains(where: { $0 != spelled && String(String.UnicodeScalarView($0)) == key }) {
          features.insert("key.canonically-equivalent-pair")
        }
      default: key = String(String.UnicodeScalarView(content(maximumLength: 5)))
      }
      let scalars = Array(key.unicodeScalars)
      // "type" and "value" together would read as a tagged scalar in toml-test's JSON.
      if key == "type" || key == "value" || used.contains(scalars) { continue }
      used.insert(scalars)
      return key
    }
  }

  /// `key` spelled bare, basic-quoted or literal-quoted, whichever it allows.
  mutating func renderedKey(_ key: String) -> String {
    let scalars = Array(key.unicodeScalars)
    let bare = !scalars.isEmpty && scalars.allSatisfy { Self.bareKeyScalars.contains($0) }
    let roll = rng.int(0...99)
    if bare && roll < 70 { return key }
    if roll < 85 || !literalAllowed(scalars, multiline: false) {
      features.insert("key.basic")
      return basic(scalars)
    }
    features.insert("key.literal")
    return "'" + key + "'"
  }

  // MARK: - Strings

  private mutating func string(_ scalars: [Unicode.Scalar]) -> String {
    switch rng.int(0...3) {
    case 0: features.insert("string.basic")
    case 1: return multilineBasic(scalars)
    case 2 where literalAllowed(scalars, multiline: false):
      features.insert("string.literal")
      return "'" + String(String.UnicodeScalarView(scalars)) + "'"
    case 3 where literalAllowed(scalars, multiline: true): return multilineLiteral(scalars)
    default: break
    }
    return basic(scalars)
  }

  private func literalAllowed(_ scalars: [Unicode.Scalar], multiline: Bool) -> Bool {
    var quotes = 0
    for scalar in scalars {
      if scalar == "'" {
        quotes += 1
        if !multiline || quotes == 3 { return false }
        continue
      }
      quotes = 0
      if scalar == "\t" || (multiline && scalar == "\n") { continue }
      if scalar.value < 0x20 || scalar.value == 0x7F { return false }
    }
    return true
  }

  private mutating func basic(_ scalars: [Unicode.Scalar]) -> String {
    "\"" + scalars.map { escaped($0, quote: true) }.joined() + "\""
  }

  /// One scalar inside a basic string: escaped where it must be, sometimes where it may be.
  private mutating func escaped(_ scalar: Unicode.Scalar, quote: Bool) -> String {
    switch scalar {
    case "\"": return quote ? "\\\"" : "\""
    case "\\": return "\\\\"
    case "\u{8}": return "\\b"
    case "\t": return rng.chance(0.5) ? "\t" : "\\t"
    case "\n": return "\\n"
    case "\u{C}": return "\\f"
    case "\r": return "\\r"
    default:
      if scalar.value < 0x20 || scalar.value == 0x7F || rng.chance(0.1) {
        return unicodeEscape(scalar)
      }
      return String(scalar)
    }
  }

  private mutating func unicodeEscape(_ scalar: Unicode.Scalar) -> String {
    let long = scalar.value > 0xFFFF || rng.chance(0.3)
    features.insert(long ? "escape.U" : "escape.u")
    var hex = String(scalar.value, radix: 16, uppercase: rng.chance(0.5))
    hex = String(repeating: "0", count: (long ? 8 : 4) - hex.count) + hex
    return (long ? "\\U" : "\\u") + hex
  }

  private mutating func multilineBasic(_ scalars: [Unicode.Scalar]) -> String {
    features.insert("string.mlbasic")
    let openingNewline = rng.chance(0.5)
    var result = "\"\"\"" + (openingNewline ? newline : "")
    var quotes = 0
    for (index, scalar) in scalars.enumerated() {
      if scalar != " " && scalar != "\t" && scalar != "\n" && rng.chance(0.1) {
        // A line-ending backslash: trimmed with the whitespace and newlines that follow it.
        features.insert("string.line-ending-backslash")
        result +=
          "\\" + rng.pick(["", " ", "\t "]) + newline + rng.pick(["", newline])
          + rng.pick(["", "  ", "\t"])
      }
      switch scalar {
      case "\"" where quotes < 2 && rng.chance(0.7):
        quotes += 1
        result += "\""
        continue
      case "\n" where index > 0 || openingNewline:
        result += rng.chance(0.7) ? "\n" : "\\n"
      default: result += escaped(scalar, quote: true)
      }
      quotes = 0
    }
    return result + "\"\"\""
  }

  private mutating func multilineLiteral(_ scalars: [Unicode.Scalar]) -> String {
    features.insert("string.mlliteral")
    let openingNewline = scalars.first == "\n" || rng.chance(0.5)
    return "'''" + (openingNewline ? newline : "") + String(String.UnicodeScalarView(scalars))
      + "'''"
  }

  // MARK: - Numbers

  private mutating func integer() -> String {
    let value: Int64
    switch rng.int(0...9) {
    case 0...3: value = Int64(rng.int(-100...100))
    case 4...6: value = Int64(rng.int(-1_000_000...1_000_000))
    case 7, 8: value = Int64(bitPattern: rng.next())
    default: value = rng.pick([Int64.max, Int64.min, 0, 1, -1])
    }
    if value >= 0 && rng.chance(0.35) {
      let (prefix, radix) = rng.pick([("0x", 16), ("0o", 8), ("0b", 2)])
      features.insert("integer." + prefix)
      var digits = String(value, radix: radix)
      if radix == 16 {
        digits = String(digits.map { rng.chance(0.5) ? $0 : Character($0.uppercased()) })
      }
      digits = String(repeating: "0", count: rng.chance(0.2) ? rng.int(1...3) : 0) + digits
      return prefix + underscored(digits)
    }
    let sign = value < 0 ? "-" : rng.pick(["", "", "", "+"])
    return sign + underscored(String(value.magnitude))
  }

  /// `digits` with an underscore between some pairs of digits.
  private mutating func underscored(_ digits: String) -> String {
    guard rng.chance(0.3) else { return digits }
    features.insert("number.underscore")
    var result = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && rng.chance(0.25) { result += "_" }
      result.append(digit)
    }
    return result
  }

  private mutating func digits(_ count: Int, leadingNonZero: Bool = false) -> String {
    String(
      (0..<count).map { index in
        Character(String(rng.int((index == 0 && leadingNonZero ? 1 : 0)...9)))
      })
  }

  private mutating func float() -> String {
    if rng.chance(0.15) {
      features.insert("float.special")
      return rng.pick(["inf", "+inf", "-inf", "nan", "+nan", "-nan"])
    }
    if rng.chance(0.05) {
      // Limits, subnormals, signed zeros, and decimal strings at (or a hair past) the exact
      // midpoint between two doubles, where only correct rounding gets the right neighbour.
      features.insert("float.edge")
      return rng.pick([
        "5e-324", "4.9e-324", "2.2250738585072011e-308", "1.7976931348623157e308", "-0.0", "+0.0",
        "0e0", "9007199254740993.0", "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203126", "0.1", "2.5e-1_0",
      ])
    }
    let sign = rng.pick(["", "", "-", "+"])
    let integerDigits = rng.chance(0.3) ? 1 : rng.int(1...(rng.chance(0.1) ? 25 : 6))
    let integerPart =
      integerDigits == 1 && rng.chance(0.5) ? "0" : digits(integerDigits, leadingNonZero: true)
    var result = sign + underscored(integerPart)
    let form = rng.int(0...9)
    if form < 8 { result += "." + underscored(digits(rng.int(1...(rng.chance(0.2) ? 24 : 5)))) }
    if form >= 5 {
      features.insert("float.exponent")
      let exponent = String(rng.int(0...(rng.chance(0.2) ? 250 : 20)))
      let zeros = String(repeating: "0", count: rng.chance(0.1) ? 2 : 0)
      result += rng.pick(["e", "E"]) + rng.pick(["", "+", "-"]) + underscored(zeros + exponent)
    }
    return result
  }

  // MARK: - Date-times

  private mutating func date() -> String {
    features.insert("date")
    let year = rng.chance(0.1) ? rng.pick([1, 1900, 2000, 2024, 9999]) : rng.int(1...9999)
    let month = rng.int(1...12)
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    let day = rng.chance(0.2) ? days : rng.int(1...days)
    return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
  }

  private mutating func time() -> String {
    features.insert("time")
    var result =
      padded(rng.int(0...23), 2) + ":" + padded(rng.int(0...59), 2) + ":"
      + padded(rng.int(0...59), 2)
    if rng.chance(0.5) { result += "." + digits(rng.int(1...(rng.chance(0.2) ? 12 : 6))) }
    return result
  }

  private mutating func delimiter() -> String {
    rng.pick(["T", "T", "T", "t", " "])
  }

  private mutating func offsetDateTime() -> String {
    features.insert("datetime.offset")
    let offset =
      rng.chance(0.4)
      ? rng.pick(["Z", "z"])
      : rng.pick(["+", "-"]) + padded(rng.int(0...23), 2) + ":" + padded(rng.int(0...59), 2)
    return date() + delimiter() + time() + offset
  }

  private func padded(_ number: Int, _ width: Int) -> String {
    let text = String(number)
    return String(repeating: "0", count: max(0, width - text.count)) + text
  }
}
