#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How an axis places its values: numbers on a linear or a log scale (log when they are spaced
/// geometrically: three or more, all positive, each about the same multiple, at least 1.5, of
/// the one before: 1e-4, 1e-3, 1e-2 or 32, 64, 128), or
/// categories in order of first appearance.
enum AxisScale: Equatable {
  /// Numbers from `min` to `max`.
  case linear(min: Double, max: Double)
  /// Positive numbers from `min` to `max`, on a log scale.
  case log(min: Double, max: Double)
  /// Values that are not all numbers, in this order.
  case categories([String])

  /// The scale for `values` (as the templates render them).
  init(_ values: [String]) {
    let numbers = values.compactMap(Double.init)
    guard numbers.count == values.count, let low = numbers.min(), let high = numbers.max() else {
      var seen: [String] = []
      for value in values where !seen.contains(value) { seen.append(value) }
      self = .categories(seen)
      return
    }
    let distinct = Array(Set(numbers)).sorted()
    if low > 0, distinct.count >= 3 {
      let ratios = zip(distinct.dropFirst(), distinct).map { $0 / $1 }
      if let first = ratios.first, first >= 1.5, ratios.allSatisfy({ abs($0 / first - 1) < 0.25 }) {
        self = .log(min: low, max: high)
        return
      }
    }
    self = .linear(min: low, max: high)
  }

  /// Where `value` sits, from 0 to 1.
  func position(_ value: String) -> Double {
    switch self {
    case .linear(let low, let high):
      guard let number = Double(value), high > low else { return 0.5 }
      return (number - low) / (high - low)
    case .log(let low, let high):
      guard let number = Double(value), number > 0 else { return 0 }
      return (number / low).logTen / (high / low).logTen
    case .categories(let names):
      guard names.count > 1, let index = names.firstIndex(of: value) else { return 0.5 }
      return Double(index) / Double(names.count - 1)
    }
  }

  /// Whether it is a log scale.
  var isLog: Bool {
    if case .log = self { return true }
    return false
  }
}

extension Double {
  /// The base-10 logarithm.
  var logTen: Double { log10(self) }
}
