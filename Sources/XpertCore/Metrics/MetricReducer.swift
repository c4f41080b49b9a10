/// How a job's series of one metric becomes one value: `last` unless `[results] metrics`
/// names another (`loss:min`).
public enum MetricReducer: String, Sendable, Hashable, CaseIterable {
  /// The first value.
  case first
  /// The last value (by step where the points have steps, else the last logged).
  case last
  /// The smallest value (`nan` left out).
  case min
  /// The largest value (`nan` left out).
  case max
  /// The mean of all values.
  case mean
  /// How many values there are.
  case count
}

/// A metric column: a name and a reducer (`val_acc`, `loss:min`).
public struct MetricColumn: Sendable, Hashable, CustomStringConvertible {
  /// The metric's name as found.
  public var name: String
  /// How its series becomes one value.
  public var reducer: MetricReducer

  /// A column.
  public init(name: String, reducer: MetricReducer = .last) {
    self.name = name
    self.reducer = reducer
  }

  /// Reads `loss:min` (a name alone takes `last`); `nil` for an unknown reducer or an empty
  /// name.
  public init?(_ text: String) {
    guard let colon = text.lastIndex(of: ":"),
      let reducer = MetricReducer(rawValue: String(text[text.index(after: colon)...]))
    else {
      guard !text.isEmpty, !text.hasSuffix(":") else { return nil }
      self.init(name: text)
      return
    }
    guard colon > text.startIndex else { return nil }
    self.init(name: String(text[..<colon]), reducer: reducer)
  }

  /// Whether smaller is better: names with a part such as `loss`, `err`, `error`, `mse`,
  /// `perplexity` (`val_loss`, `eval/wer`; not `answer_acc`).
  public var lowerIsBetter: Bool {
    let parts = name.lowercased().split { !$0.isLetter && !$0.isNumber }
    let lower: Set<Substring> = [
      "loss", "err", "error", "errors", "perplexity", "ppl", "mse", "mae", "rmse", "wer", "cer",
      "nll", "bpd", "fid", "regret",
    ]
    return parts.contains { lower.contains($0) || $0.hasPrefix("loss") || $0.hasSuffix("loss") }
  }

  /// `loss:min`, or the name alone for `last`.
  public var description: String { reducer == .last ? name : "\(name):\(reducer.rawValue)" }
}
