/// Durations as people read them.
public enum DurationFormatting {
  /// `42 s`, `3 min 5 s`, `2 h 10 min`.
  public static func text(_ seconds: Double) -> String {
    if seconds < 60 {
      let rounded = (seconds * 10).rounded() / 10
      return (rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)) + " s"
    }
    let whole = Int(seconds.rounded())
    if whole < 3600 { return "\(whole / 60) min \(whole % 60) s" }
    return "\(whole / 3600) h \(whole % 3600 / 60) min"
  }

  /// `HH:MM:SS`.
  public static func clock(_ seconds: Double) -> String {
    let whole = max(0, Int(seconds.rounded()))
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return "\(two(whole / 3600)):\(two(whole % 3600 / 60)):\(two(whole % 60))"
  }
}
