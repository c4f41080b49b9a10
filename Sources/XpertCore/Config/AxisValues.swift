import TOML

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The values of a `range`, `linspace` or `logspace` table (docs/sweeps.md):
///
/// - `{ type = "range", start = 10, stop = 50, step = 10 }`: 10, 20, 30, 40 (stop excluded, as
///   in Python; `step` defaults to 1, may be negative, not 0); integers when all three are.
/// - `{ type = "linspace", start = 0.0, stop = 0.5, num = 6 }`: evenly spaced, both ends.
/// - `{ type = "logspace", start = 1e-4, stop = 1e-1, num = 4 }`: evenly spaced on a log scale
///   between the two values (not exponents, unlike NumPy), both ends.
///
/// Floats are rounded to 15 significant digits, so that `0.1 * 3` is `0.3`, and the ends are
/// exactly `start` and `stop`.
enum AxisValues {
  /// The kinds, as `type` names them.
  static let kinds = ["range", "linspace", "logspace"]

  /// A problem with a table, and the key it is about (`nil`: the table).
  struct Problem: Error {
    var message: String
    var key: String?
    var help: String
  }

  /// The values of `table` of kind `kind`, at most `limit` of them.
  static func values(
    _ kind: String, _ table: TOMLTable, limit: Int
  ) throws(Problem) -> [TOMLValue] {
    let allowed =
      kind == "range" ? ["type", "start", "stop", "step"] : ["type", "start", "stop", "num"]
    if let extra = table.keys.first(where: { !allowed.contains($0) }) {
      let suggestion = EditDistance.suggestion(for: extra, among: Array(allowed.dropFirst()))
      throw Problem(
        message: "unknown key \"\(extra)\" in a \(kind)"
          + (suggestion.map { "; did you mean \($0)?" } ?? ""), key: extra,
        help: "a \(kind) has " + allowed.dropFirst().joined(separator: ", "))
    }
    func number(_ key: String) throws(Problem) -> TOMLValue {
      switch table[key]?.value {
      case .integer?, .float?: return table[key]!.value
      case nil:
        throw Problem(
          message: "a \(kind) needs \(key)", key: nil,
          help: "write \(key) = a number, e.g. " + example(kind))
      case let value?:
        throw Problem(
          message: "\(key) must be a number, but it is \(ValueRendering.typeDescription(value))",
          key: key, help: "write e.g. " + example(kind))
      }
    }
    let start = try number("start")
    let stop = try number("stop")
    if kind == "range" {
      let step = table["step"] == nil ? TOMLValue.integer(1) : try number("step")
      return try range(start, stop, step, limit: limit)
    }
    guard case .integer(let num)? = table["num"]?.value else {
      throw Problem(
        message: "a \(kind) needs num, the number of values (an integer)",
        key: table["num"] == nil ? nil : "num", help: "write e.g. " + example(kind))
    }
    guard num >= 1 else {
      throw Problem(
        message: "num must be at least 1, but it is \(num)", key: "num",
        help: "write the number of values, e.g. num = 5")
    }
    guard num <= limit else {
      throw Problem(
        message: "num = \(num) gives more than \(limit) values", key: "num",
        help: "use fewer values")
    }
    let low = start.number
    let high = stop.number
    if kind == "logspace" && (low <= 0 || high <= 0) {
      throw Problem(
        message: "a logspace needs start and stop above 0 (they are the values, not exponents)",
        key: low <= 0 ? "start" : "stop", help: "write e.g. " + example(kind))
    }
    return (0..<Int(num)).map { index in
      if index == 0 { return .float(low) }
      if index == Int(num) - 1 { return .float(high) }
      let fraction = Double(index) / Double(num - 1)
      let value =
        kind == "linspace"
        ? low + (high - low) * fraction : exp(log(low) + (log(high) - log(low)) * fraction)
      return .float(rounded(value))
    }
  }

  private static func range(
    _ start: TOMLValue, _ stop: TOMLValue, _ step: TOMLValue, limit: Int
  ) throws(Problem) -> [TOMLValue] {
    if case .integer(let a) = start, case .integer(let b) = stop, case .integer(let s) = step {
      guard s != 0 else {
        throw Problem(message: "step must not be 0", key: "step", help: "write e.g. step = 1")
      }
      // The distance in the step's direction, exactly (it can exceed Int64.max).
      let span: UInt64 =
        s > 0 ? (b > a ? UInt64(bitPattern: b &- a) : 0) : (a > b ? UInt64(bitPattern: a &- b) : 0)
      let count = span == 0 ? 0 : (span - 1) / s.magnitude + 1
      try check(count > UInt64(limit) ? limit + 1 : Int(count), limit: limit)
      // Every value lies between start and stop, so wrapping arithmetic gives it exactly.
      return (0..<Int(count)).map { .integer(a &+ Int64($0) &* s) }
    }
    let (a, b, s) = (start.number, stop.number, step.number)
    guard s != 0, s.isFinite, a.isFinite, b.isFinite else {
      throw Problem(
        message: s == 0 ? "step must not be 0" : "start, stop and step must be finite",
        key: s == 0 ? "step" : nil, help: "write e.g. step = 0.1")
    }
    let estimate = ((b - a) / s - 1e-9).rounded(.up)
    guard estimate.isFinite else {
      throw Problem(
        message: "the range is too large to count", key: nil, help: "use a larger step")
    }
    let count = estimate > Double(limit) ? limit + 1 : max(0, Int(estimate))
    try check(count, limit: limit)
    return (0..<count).map { .float(rounded(a + Double($0) * s)) }
  }

  private static func check(_ count: Int, limit: Int) throws(Problem) {
    guard count > 0 else {
      throw Problem(
        message: "the range is empty (stop is not beyond start in the direction of step)",
        key: nil, help: "stop is excluded: range(10, 50, 10) is 10, 20, 30, 40")
    }
    guard count <= limit else {
      throw Problem(
        message: "the range has \(count) values, more than the \(limit) a sweep may have",
        key: nil, help: "use a larger step or a smaller range")
    }
  }

  /// `value` to 15 significant digits (float noise such as `0.30000000000000004` removed).
  static func rounded(_ value: Double) -> Double {
    guard value.isFinite, value != 0 else { return value }
    let digits = 14 - Int(floor(log10(abs(value))))
    let scale = pow(10, Double(digits))
    let scaled = (value * scale).rounded()
    guard scale.isFinite, scaled.isFinite, digits <= 300 else { return value }
    return Double("\(Int64(exactly: scaled).map(String.init) ?? "\(scaled)")e\(-digits)") ?? value
  }

  private static func example(_ kind: String) -> String {
    switch kind {
    case "range": "{ type = \"range\", start = 10, stop = 50, step = 10 }"
    case "linspace": "{ type = \"linspace\", start = 0.0, stop = 0.5, num = 6 }"
    default: "{ type = \"logspace\", start = 1e-4, stop = 1e-1, num = 4 }"
    }
  }
}

extension TOMLValue {
  /// An integer or float as a `Double`.
  fileprivate var number: Double {
    switch self {
    case .integer(let value): Double(value)
    case .float(let value): value
    default: .nan
    }
  }
}
