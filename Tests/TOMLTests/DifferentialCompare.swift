/// Compares two documents in toml-test's tagged JSON as values: key order and strings exactly
/// (by Unicode scalars), integers as numbers, floats by value (`nan` equals `nan`, and the sign
/// of zero counts), date-times by their fields down to the microsecond (tomllib keeps no more),
/// `Z` equal to `+00:00` and `T` to a space.
enum DifferentialCompare {
  /// The first difference as `path: what`, or `nil` when the two are the same value.
  static func difference(
    _ expected: DifferentialJSON, _ actual: DifferentialJSON, path: String = "$"
  ) -> String? {
    if let (type, want) = tagged(expected) {
      guard let (gotType, got) = tagged(actual) else { return "\(path): expected a \(type)" }
      guard type == gotType else { return "\(path): type \(gotType), expected \(type)" }
      return sameScalar(type: type, want, got) ? nil : "\(path): \(got), expected \(want)"
    }
    switch (expected, actual) {
    case (.object(let want), .object(let got)):
      let sameKeys =
        want.count == got.count
        && zip(want, got).allSatisfy { $0.key.unicodeScalars.elementsEqual($1.key.unicodeScalars) }
      guard sameKeys else {
        return "\(path): keys \(got.map(\.key)), expected \(want.map(\.key))"
      }
      for (one, other) in zip(want, got) {
        if let found = difference(one.value, other.value, path: path + "." + one.key) {
          return found
        }
      }
      return nil
    case (.array(let want), .array(let got)):
      guard want.count == got.count else {
        return "\(path): \(got.count) elements, expected \(want.count)"
      }
      for (index, (one, other)) in zip(want, got).enumerated() {
        if let found = difference(one, other, path: "\(path)[\(index)]") { return found }
      }
      return nil
    default:
      return "\(path): \(actual), expected \(expected)"
    }
  }

  private static func tagged(_ json: DifferentialJSON) -> (String, String)? {
    guard case .object(let members) = json, members.count == 2,
      case .string(let first) = members[0].value, case .string(let second) = members[1].value
    else { return nil }
    switch (members[0].key, members[1].key) {
    case ("type", "value"): return (first, second)
    case ("value", "type"): return (second, first)
    default: return nil
    }
  }

  private static func sameScalar(type: String, _ want: String, _ got: String) -> Bool {
    switch type {
    case "integer":
      return Int64(want) != nil && Int64(want) == Int64(got)
    case "float":
      guard let one = double(want), let other = double(got) else { return false }
      if one.isNaN || other.isNaN { return one.isNaN && other.isNaN }
      return one == other && one.sign == other.sign
    case "datetime", "datetime-local", "date-local", "time-local":
      guard let one = Moment(want), let other = Moment(got) else { return false }
      return one == other
    default:
      return want.unicodeScalars.elementsEqual(got.unicodeScalars)
    }
  }

  private static func double(_ text: String) -> Double? {
    Double(text.hasPrefix("+") ? String(text.dropFirst()) : text)
  }

  /// The fields of an RFC 3339 date, time or date-time.
  struct Moment: Equatable {
    var date: [Int]?
    var time: [Int]?
    var offsetMinutes: Int?

    init?(_ text: String) {
      let normal = String(text.map { "tT ".contains($0) ? "T" : $0 == "z" ? "Z" : $0 })
      var rest = Substring(normal)
      if rest.count >= 10, rest.dropFirst(4).first == "-" {
        guard let fields = Moment.fields(rest.prefix(10), separator: "-") else { return nil }
        date = fields
        rest = rest.dropFirst(10)
        guard rest.isEmpty || rest.first == "T" else { return nil }
        rest = rest.dropFirst()
        if rest.isEmpty { return }
      }
      guard rest.count >= 8, var fields = Moment.fields(rest.prefix(8), separator: ":") else {
        return nil
      }
      rest = rest.dropFirst(8)
      var micro = 0
      if rest.first == "." {
        let digits = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        micro = Int((digits.prefix(6) + String(repeating: "0", count: 6)).prefix(6))!
        rest = rest.dropFirst(1 + digits.count)
      }
      fields.append(micro)
      time = fields
      if rest == "Z" {
        offsetMinutes = 0
      } else if rest.count == 6, let sign = rest.first, "+-".contains(sign),
        let hm = Moment.fields(rest.dropFirst(), separator: ":")
      {
        offsetMinutes = (sign == "-" ? -1 : 1) * (hm[0] * 60 + hm[1])
      } else if !rest.isEmpty {
        return nil
      }
    }

    private static func fields(_ text: Substring, separator: Character) -> [Int]? {
      let parts = text.split(separator: separator, omittingEmptySubsequences: false)
      let numbers = parts.compactMap { part in part.allSatisfy(\.isASCII) ? Int(part) : nil }
      return numbers.count == parts.count ? numbers : nil
    }
  }
}
