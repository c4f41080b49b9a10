/// Parses TOML 1.0.0 documents.
///
/// The result keeps every table's keys in the order they first appear in the document and
/// records where each key and value is written. An invalid document throws one `TOMLError` with
/// the position of the problem, the text of its line and a message that says what was found and
/// what was expected.
public enum TOMLParser {
  /// How deeply arrays and tables may nest; deeper documents are rejected with an error, never a
  /// stack overflow.
  ///
  /// The depth of a table or array is the number of tables and arrays around it, the document's
  /// root table not counted: in `a = [[1]]` the outer array is at depth 1 and the inner one at 2;
  /// `[a.b]` puts table `b` at depth 2; each element of an array of tables is one level below its
  /// array. A dotted key may also have at most this many parts.
  ///
  /// Reading nested arrays and inline tables takes no stack (they are kept on an explicit stack),
  /// so a 100,000-deep `[[[[...` only costs the error. The limit is for the code that walks the
  /// result recursively (finishing tables, comparing, hashing, freeing, encoding): at 128 levels
  /// it stays well within the 512 KB stack of a secondary thread, in debug builds too.
  public static let maximumNestingDepth = 128

  /// The message for a document nested deeper than `maximumNestingDepth`.
  static let nestingMessage =
    "arrays and tables are nested more than \(maximumNestingDepth) levels deep"

  /// Parses a document given as UTF-8 bytes (a byte order mark at the start is allowed).
  public static func parse(_ bytes: [UInt8]) throws(TOMLError) -> TOMLTable {
    do {
      return try bytes.withUnsafeBufferPointer { (buffer) throws(TOMLError) -> TOMLTable in
        var parser = TOMLDocumentParser(bytes: buffer)
        return try parser.parse()
      }
    } catch {
      var located = error
      located.lineText = TOMLSourceExcerpt.lineText(error.position.line, in: bytes)
      throw located
    }
  }

  /// Parses a document given as a string.
  public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
    try parse(Array(text.utf8))
  }
}
