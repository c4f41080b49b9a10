import TOML

/// Reads `timeout` and `retries` values, from `[flags]` or from a group.
enum JobLimitsReader {
  /// Seconds from a duration string or a positive number; `nil` if it is neither.
  static func timeout(_ value: TOMLValue) -> Double? {
    switch value {
    case .string(let text): DurationText.seconds(text)
    case .integer(let seconds) where seconds > 0 && Double(seconds) <= DurationText.maximum:
      Double(seconds)
    case .float(let seconds) where seconds > 0 && seconds <= DurationText.maximum: seconds
    default: nil
    }
  }

  /// A count ≥ 0; `nil` otherwise.
  static func retries(_ value: TOMLValue) -> Int? {
    if case .integer(let count) = value, count >= 0, count <= 1000 { return Int(count) }
    return nil
  }
}

extension Optional {
  /// The value, or `error` thrown.
  func get(or error: @autoclosure () -> ConfigError) throws(ConfigError) -> Wrapped {
    guard let self else { throw error() }
    return self
  }
}
