import TOML

/// A config that Xpert cannot run, and where: file, line and column, the group and key, the
/// offending line with a caret, and what to do about it.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The config file as the user named it.
  public var file: String
  /// Where in the file, when the problem has a place.
  public var position: TOMLPosition?
  /// The text of the line at `position`.
  public var lineText: String?
  /// The group and key, e.g. `exp[2].lr` or `flags.num_proc`; a job uid for plan errors.
  public var context: String?
  /// What is wrong, as one sentence.
  public var message: String
  /// What to do about it.
  public var help: String?

  /// Creates an error.
  public init(
    file: String, position: TOMLPosition? = nil, lineText: String? = nil,
    context: String? = nil, message: String, help: String? = nil
  ) {
    self.file = file
    self.position = position
    self.lineText = lineText
    self.context = context
    self.message = message
    self.help = help
  }

  /// `file:line:column: error: context: message`, the line with a caret, and the help line.
  public var description: String {
    var head = file
    if let position { head += ":\(position)" }
    head += ": error: "
    if let context { head += "\(context): " }
    var text = head + message
    if let position, let lineText {
      text += "\n" + TOMLSourceExcerpt.render(lineText: lineText, position: position)
    }
    if let help { text += "\n  help: " + help }
    return text
  }
}
