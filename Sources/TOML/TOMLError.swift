/// Why a document is not valid TOML, and where.
public struct TOMLError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A sentence for a person: what was found, what was expected (e.g.
  /// `duplicate key "lr": first defined at line 4`). No position in it.
  public var message: String
  /// Where the problem is.
  public var position: TOMLPosition
  /// The text of the offending line, without its line break (invalid UTF-8 shown as U+FFFD).
  public var lineText: String

  /// Creates an error.
  public init(message: String, position: TOMLPosition, lineText: String) {
    self.message = message
    self.position = position
    self.lineText = lineText
  }

  /// `line:column: message`, then the line and a caret.
  public var description: String { rendered(path: nil) }

  /// `path:line:column: error: message`, then the line and a caret under the column.
  public func rendered(path: String?) -> String {
    let location = (path.map { "\($0):" } ?? "") + position.description
    return "\(location): error: \(message)\n"
      + TOMLSourceExcerpt.render(lineText: lineText, position: position)
  }
}
