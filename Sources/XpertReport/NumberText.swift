/// Numbers as results show them.
enum NumberText {
  /// Four significant digits without trailing zeros (`0.9123`, `12.35`, `1235`, `0.12`),
  /// scientific outside 0.001 ..< 100000 (`1.235e-05`); `nan`, `inf`, `-inf`.
  static func short(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    if value == 0 { return "0" }
    let magnitude = abs(value)
    var exponent = 0
    var scaled = magnitude
    while scaled >= 10 {
      scaled /= 10
      exponent += 1
    }
    while scaled < 1 {
      scaled *= 10
      exponent -= 1
    }
    let sign = value < 0 ? "-" : ""
    if magnitude >= 100_000 || magnitude < 0.001 {
      var mantissa = (scaled * 1000).rounded() / 1000
      if mantissa >= 10 {
        mantissa /= 10
        exponent += 1
      }
      return sign + trimmed(fixed(mantissa, decimals: 3)) + "e" + (exponent < 0 ? "-" : "+")
        + (abs(exponent) < 10 ? "0" : "") + String(abs(exponent))
    }
    return sign + trimmed(fixed(magnitude, decimals: max(0, 3 - exponent)))
  }

  /// `0.1200` as `0.12`, `2.000` as `2`.
  static func trimmed(_ text: String) -> String {
    guard text.contains(".") else { return text }
    let kept = text.reversed().drop { $0 == "0" }
    return String((kept.first == "." ? kept.dropFirst() : kept).reversed())
  }

  /// The shortest text that reads back as the same number, for CSV and TSV (`0.1`, `1e-05`).
  static func exact(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return "\(value)"
  }

  /// `value` with `decimals` digits after the point (trailing zeros kept).
  static func fixed(_ value: Double, decimals: Int) -> String {
    var power = 1.0
    for _ in 0..<decimals { power *= 10 }
    let scaled = (value * power).rounded()
    guard scaled < 9e18 else { return "\(value)" }
    let whole = Int(scaled)
    let integer = whole / Int(power)
    guard decimals > 0 else { return String(integer) }
    let fraction = String(whole % Int(power))
    return "\(integer)." + String(repeating: "0", count: decimals - fraction.count) + fraction
  }
}
