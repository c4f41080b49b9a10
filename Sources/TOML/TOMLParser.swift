/// Parses TOML 1.0.0 documents.
public enum TOMLParser {
  /// Arrays and inline tables nested deeper than this are rejected with an error (not a crash).
  public static let maximumNestingDepth = 128

  /// Parses a document given as UTF-8 bytes.
  public static func parse(_ bytes: [UInt8]) throws(TOMLError) -> TOMLTable {
    fatalError("not implemented")
  }

  /// Parses a document given as a string.
  public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
    try parse(Array(text.utf8))
  }
}
