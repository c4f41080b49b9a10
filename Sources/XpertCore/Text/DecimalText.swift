/// A number to one decimal, as messages, sizes and drawing coordinates write it: `12.5`, `40`
/// (or `40.0` when the decimal is always written), `-0.5`. The same text on every run.
public enum DecimalText {
  /// `value` rounded to tenths; a whole number without its `.0` unless `alwaysDecimal`.
  public static func tenths(_ value: Double, alwaysDecimal: Bool = false) -> String {
    guard value.isFinite else { return "0" }
    let tenths = Int((value * 10).rounded())
    let sign = tenths < 0 ? "-" : ""
    let magnitude = abs(tenths)
    if !alwaysDecimal && magnitude % 10 == 0 { return sign + String(magnitude / 10) }
    return sign + "\(magnitude / 10).\(magnitude % 10)"
  }
}
