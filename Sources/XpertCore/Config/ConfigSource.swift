import TOML

/// The config file's name and bytes: what errors need to point into it.
public struct ConfigSource: Sendable {
  /// The path as the user gave it (shown in messages).
  public var path: String
  /// The file's contents.
  public var bytes: [UInt8]

  /// Creates a source.
  public init(path: String, bytes: [UInt8]) {
    self.path = path
    self.bytes = bytes
  }

  /// An error at `position` (if any) in this file.
  public func error(
    _ message: String, at position: TOMLPosition?, context: String? = nil, help: String? = nil
  ) -> ConfigError {
    ConfigError(
      file: path, position: position,
      lineText: position.map { TOMLSourceExcerpt.lineText($0.line, in: bytes) },
      context: context, message: message, help: help)
  }

  /// The parser's error, in the same form as every other config error.
  public func error(_ error: TOMLError) -> ConfigError {
    ConfigError(
      file: path, position: error.position, lineText: error.lineText, message: error.message,
      help: "fix the TOML syntax at this place")
  }
}
