import TOML

/// The config file's name and bytes: what errors need to point into it.
public struct ConfigSource: Sendable {
  /// The path as the user gave it (shown in messages).
  public var path: String
  /// The file's contents.
  public var bytes: [UInt8]
  /// The `--set KEY=VALUE` arguments, whose values are on lines -1, -2, ...
  public var overrides: [String]

  /// Creates a source.
  public init(path: String, bytes: [UInt8], overrides: [String] = []) {
    self.path = path
    self.bytes = bytes
    self.overrides = overrides
  }

  /// The text of line `line` of the file, or of a `--set` argument (line -k).
  public func lineText(_ line: Int) -> String {
    line < 0
      ? (overrides.indices.contains(-line - 1) ? overrides[-line - 1] : "")
      : TOMLSourceExcerpt.lineText(line, in: bytes)
  }

  /// An error at `position` (if any) in this file, or in a `--set` argument.
  public func error(
    _ message: String, at position: TOMLPosition?, context: String? = nil, help: String? = nil
  ) -> ConfigError {
    if let position, position.line < 0, overrides.indices.contains(-position.line - 1) {
      return ConfigError(
        file: "--set", position: TOMLPosition(line: 1, column: position.column),
        lineText: overrides[-position.line - 1], context: context, message: message, help: help)
    }
    return ConfigError(
      file: path, position: position,
      lineText: position.map { TOMLSourceExcerpt.lineText($0.line, in: bytes) },
      context: context, message: message, help: help)
  }

  /// An unknown key of a table: `unknown flag "numproc"; did you mean "num_proc"?`, with the
  /// keys `table` accepts (and `more` help) on the help line.
  public func unknownKey(
    _ entry: TOMLTable.Entry, named noun: String, in table: String, known: [String],
    context: String, more: String = ""
  ) -> ConfigError {
    let suggestion = EditDistance.suggestion(for: entry.key, among: known)
    return error(
      "unknown \(noun) \"\(entry.key)\"" + (suggestion.map { "; did you mean \"\($0)\"?" } ?? ""),
      at: entry.keyPosition, context: context,
      help: "\(table) accepts " + known.joined(separator: ", ") + more)
  }

  /// The parser's error, in the same form as every other config error.
  public func error(_ error: TOMLError) -> ConfigError {
    ConfigError(
      file: path, position: error.position, lineText: error.lineText, message: error.message,
      help: "fix the TOML syntax at this place")
  }
}
