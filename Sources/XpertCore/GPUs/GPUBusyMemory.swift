/// `gpu_busy_memory`: how much memory others may use on a device before it counts as busy, as
/// a size (`"2GiB"`, `"500MB"`) or a share of the device (`"10%"`). The default, 10 %, is
/// task-spooler's (a GPU is free while 90 % of its memory is); a desktop's display server
/// stays below it, another user's model does not.
public enum GPUBusyMemory: Sendable, Hashable, CustomStringConvertible {
  /// A size in MiB.
  case mebibytes(Double)
  /// A share of the device's memory, from 0 to 1.
  case share(Double)

  /// 10 % of the device.
  public static let standard = GPUBusyMemory.share(0.1)

  /// The limit in MiB on a device of `total` MiB.
  public func limit(total: Double) -> Double {
    switch self {
    case .mebibytes(let size): size
    case .share(let share): share * total
    }
  }

  /// Reads `"2GiB"`, `"1.5 GB"`, `"512MiB"`, `"10%"`; `nil` for anything else.
  public init?(_ text: String) {
    let trimmed = text.filter { $0 != " " }
    if trimmed.hasSuffix("%") {
      guard let percent = Double(trimmed.dropLast()), percent >= 0, percent <= 100 else {
        return nil
      }
      self = .share(percent / 100)
      return
    }
    let units: [(String, Double)] = [
      ("KiB", 1.0 / 1024), ("MiB", 1), ("GiB", 1024), ("TiB", 1024 * 1024),
      ("KB", 1e3 / 1_048_576), ("MB", 1e6 / 1_048_576), ("GB", 1e9 / 1_048_576),
      ("TB", 1e12 / 1_048_576),
    ]
    for (unit, mebibytes) in units where trimmed.hasSuffix(unit) {
      guard let number = Double(trimmed.dropLast(unit.count)), number >= 0, number.isFinite
      else { return nil }
      self = .mebibytes(number * mebibytes)
      return
    }
    return nil
  }

  /// `10%` or `2.0 GiB`.
  public var description: String {
    switch self {
    case .share(let share): DecimalText.tenths(share * 100) + "%"
    case .mebibytes(let size): GPUActivity.size(mebibytes: size)
    }
  }
}
