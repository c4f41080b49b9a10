/// A place in a TOML document: 1-based line and column.
///
/// The column counts Unicode scalars from the start of the line, so a caret drawn under the
/// line text lands on the right character for any UTF-8 input.
public struct TOMLPosition: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The line, starting at 1.
  public var line: Int
  /// The column in Unicode scalars, starting at 1.
  public var column: Int

  /// Creates a position from a 1-based line and column.
  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  /// `line:column`, as compilers print it.
  public var description: String { "\(line):\(column)" }

  /// Document order: by line, then by column.
  public static func < (lhs: TOMLPosition, rhs: TOMLPosition) -> Bool {
    (lhs.line, lhs.column) < (rhs.line, rhs.column)
  }
}
