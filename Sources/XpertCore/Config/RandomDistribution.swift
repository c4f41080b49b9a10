import TOML

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A key drawn at random for each sample of a random search (docs/sweeps.md):
/// `{ type = "uniform", low = 0.0, high = 0.5 }`, `{ type = "loguniform", low = 1e-5,
/// high = 1e-1 }`, `{ type = "randint", low = 2, high = 8 }` (both ends included) or
/// `{ type = "choice", values = ["relu", "gelu"] }`.
///
/// Draw `i` of key `k` comes from (`sample_seed`, `i`, `k`) alone, by SplitMix64, which Xpert
/// implements itself: the same file gives the same jobs on every platform and version, and a
/// larger `samples` keeps the draws already made.
public enum RandomDistribution: Sendable, Hashable {
  case uniform(low: Double, high: Double)
  case logUniform(low: Double, high: Double)
  case randInt(low: Int64, high: Int64)
  /// One of the binding's values (its index is drawn).
  case choice(count: Int)

  /// The kinds, as `type` names them.
  static let kinds = ["uniform", "loguniform", "randint", "choice"]

  /// The value of draw `sample` for `key`: a float, an integer, or for a choice the index of
  /// the value drawn (as an integer).
  public func draw(seed: Int64, sample: Int, key: String) -> TOMLValue {
    let unit = Self.unit(seed: seed, sample: sample, key: key)
    switch self {
    case .uniform(let low, let high):
      return .float(AxisValues.rounded(low + (high - low) * unit))
    case .logUniform(let low, let high):
      return .float(AxisValues.rounded(exp(log(low) + (log(high) - log(low)) * unit)))
    case .randInt(let low, let high):
      let span = UInt64(bitPattern: high &- low) &+ 1
      let offset =
        span == 0 ? Self.bits(seed: seed, sample: sample, key: key) : UInt64(unit * Double(span))
      return .integer(low &+ Int64(bitPattern: min(offset, span &- 1)))
    case .choice(let count):
      return .integer(Int64(min(count - 1, Int(unit * Double(count)))))
    }
  }

  /// A number in [0, 1) from 53 random bits.
  static func unit(seed: Int64, sample: Int, key: String) -> Double {
    Double(bits(seed: seed, sample: sample, key: key) >> 11) * 0x1p-53
  }

  /// SplitMix64 (Steele, Lea and Flood 2014) over the seed, the sample and the key's FNV-1a
  /// hash, each mixed in turn.
  static func bits(seed: Int64, sample: Int, key: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in key.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    var state = mix(UInt64(bitPattern: seed))
    state = mix(state ^ UInt64(sample))
    return mix(state ^ hash)
  }

  private static func mix(_ value: UInt64) -> UInt64 {
    var z = value &+ 0x9e37_79b9_7f4a_7c15
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
  }

  /// The distribution of `table` of kind `kind`, and for a choice its values.
  static func parse(
    _ kind: String, _ table: TOMLTable
  ) throws(AxisValues.Problem) -> (RandomDistribution, [TOMLNode]) {
    let allowed = kind == "choice" ? ["type", "values"] : ["type", "low", "high"]
    let example: String
    switch kind {
    case "uniform": example = "{ type = \"uniform\", low = 0.0, high = 0.5 }"
    case "loguniform": example = "{ type = \"loguniform\", low = 1e-5, high = 1e-1 }"
    case "randint": example = "{ type = \"randint\", low = 2, high = 8 }"
    default: example = "{ type = \"choice\", values = [\"relu\", \"gelu\"] }"
    }
    if let extra = table.keys.first(where: { !allowed.contains($0) }) {
      let suggestion = EditDistance.suggestion(for: extra, among: Array(allowed.dropFirst()))
      throw AxisValues.Problem(
        message: "unknown key \"\(extra)\" in a \(kind)"
          + (suggestion.map { "; did you mean \($0)?" } ?? ""), key: extra,
        help: "write " + example)
    }
    if kind == "choice" {
      guard case .array(let values)? = table["values"]?.value, !values.isEmpty else {
        throw AxisValues.Problem(
          message: "a choice needs values, a list of one value or more",
          key: table["values"] == nil ? nil : "values", help: "write " + example)
      }
      return (.choice(count: values.count), values)
    }
    func bound(_ key: String) throws(AxisValues.Problem) -> TOMLValue {
      switch table[key]?.value {
      case .integer(let value)? where kind == "randint": return .integer(value)
      case .integer(let value)? where kind != "randint": return .float(Double(value))
      case .float(let value)? where kind != "randint" && value.isFinite: return .float(value)
      default:
        throw AxisValues.Problem(
          message: "a \(kind) needs \(key), "
            + (kind == "randint" ? "an integer" : "a finite number"),
          key: table[key] == nil ? nil : key, help: "write " + example)
      }
    }
    let low = try bound("low")
    let high = try bound("high")
    switch (low, high) {
    case (.integer(let a), .integer(let b)):
      guard a <= b else {
        throw AxisValues.Problem(
          message: "low (\(a)) is above high (\(b))", key: "low", help: "write " + example)
      }
      return (.randInt(low: a, high: b), [])
    case (.float(let a), .float(let b)):
      guard a <= b else {
        throw AxisValues.Problem(
          message: "low (\(a)) is above high (\(b))", key: "low", help: "write " + example)
      }
      if kind == "loguniform" && a <= 0 {
        throw AxisValues.Problem(
          message: "a loguniform needs low above 0", key: "low", help: "write " + example)
      }
      return (kind == "uniform" ? .uniform(low: a, high: b) : .logUniform(low: a, high: b), [])
    default:
      throw AxisValues.Problem(message: "bad bounds", key: nil, help: "write " + example)
    }
  }
}
