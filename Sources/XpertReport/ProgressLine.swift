/// The live status line below the job lines on a terminal: done / running / failed / left,
/// elapsed time, and an ETA from the durations of the jobs finished so far.
public enum ProgressLine {
  /// Moves to the start of the line and clears it.
  public static let clear = "\r\u{1B}[K"

  /// The line's text (no line break).
  public static func text(
    done: Int, running: Int, failed: Int, left: Int, elapsed: Double,
    meanDuration: Double?, parallelism: Int
  ) -> String {
    var text =
      "done \(done) · running \(running) · failed \(failed) · left \(left) · "
      + DurationFormatting.clock(elapsed)
    if let meanDuration, left + running > 0 {
      let remaining = meanDuration * Double(left + running) / Double(max(1, parallelism))
      text += " · ETA " + DurationFormatting.clock(remaining)
    }
    return text
  }
}
