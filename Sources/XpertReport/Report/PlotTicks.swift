#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Tick values for an axis: "nice" numbers (1, 2 or 5 times a power of ten) on a linear
/// scale, powers of ten on a log scale.
enum PlotTicks {
  /// About `count` ticks covering `low ... high`, and the range they span.
  static func linear(_ low: Double, _ high: Double, count: Int = 5) -> (
    ticks: [Double], low: Double, high: Double
  ) {
    var low = low
    var high = high
    if high <= low {
      let pad = low == 0 ? 1 : abs(low) * 0.1
      low -= pad
      high += pad
    }
    let raw = (high - low) / Double(max(1, count))
    let power = pow(10, floor(log10(raw)))
    let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw } ?? 10 * power
    let first = floor(low / step) * step
    let last = ceil(high / step) * step
    var ticks: [Double] = []
    var value = first
    while value <= last + step / 2 {
      ticks.append(abs(value) < step / 1e6 ? 0 : value)
      value += step
    }
    return (ticks, first, last)
  }

  /// The powers of ten from below `low` to above `high` (both positive).
  static func log(_ low: Double, _ high: Double) -> (ticks: [Double], low: Double, high: Double) {
    let first = floor(log10(low))
    let last = max(first + 1, ceil(log10(high)))
    let ticks = stride(from: first, through: last, by: 1).map { pow(10, $0) }
    return (ticks, pow(10, first), pow(10, last))
  }
}
