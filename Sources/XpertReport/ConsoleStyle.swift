/// Whether and how console lines are coloured.
public struct ConsoleStyle: Sendable, Hashable {
  /// The `--color` choices.
  public enum Mode: String, Sendable, CaseIterable {
    /// Colour on a terminal, unless `NO_COLOR` is set.
    case auto
    /// Always colour.
    case always
    /// Never colour.
    case never
  }

  /// Terminal colours used for the tags.
  public enum Colour: String, Sendable {
    case red = "31"
    case green = "32"
    case yellow = "33"
    case blue = "34"
    case bold = "1"
  }

  /// Whether escape codes are written.
  public var colour: Bool

  /// A style that colours or not.
  public init(colour: Bool) {
    self.colour = colour
  }

  /// The decision for `mode`: `auto` colours only on a terminal and never when `NO_COLOR` is
  /// set to a non-empty value.
  public init(mode: Mode, isTerminal: Bool, noColor: String?) {
    switch mode {
    case .always: colour = true
    case .never: colour = false
    case .auto: colour = isTerminal && (noColor ?? "").isEmpty
    }
  }

  /// `text` in `colour`, or as it is.
  public func paint(_ text: String, _ colour: Colour) -> String {
    self.colour ? "\u{1B}[\(colour.rawValue)m\(text)\u{1B}[0m" : text
  }
}
