import TOML

/// Reads `timeout`, `retries`, `gpus_per_job` and `jobs_per_gpu` values, from `[flags]` or from
/// a group.
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

  /// A count from 1 to 64 (`gpus_per_job`, `jobs_per_gpu`); `nil` otherwise.
  static func gpuCount(_ value: TOMLValue) -> Int? {
    if case .integer(let count) = value, count >= 1, count <= 64 { return Int(count) }
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
