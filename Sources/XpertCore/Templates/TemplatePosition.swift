import TOML

/// Where a placeholder of a string value is in the file, for carets under the `{`.
enum TemplatePosition {
  /// The position of the character `offset` scalars into the string value `node`, when the
  /// source shows it there (a one-line string without escapes before it); else the value's
  /// own position.
  static func of(offset: Int, in node: TOMLNode, source: ConfigSource) -> TOMLPosition {
    let line = Array(source.lineText(node.position.line).unicodeScalars)
    guard case .string(let text) = node.value else { return node.position }
    let valueStart = node.position.column  // the opening quote
    let quoteLength =
      line.count >= valueStart + 2 && line[valueStart] == line[valueStart - 1] ? 3 : 1
    let column = valueStart + quoteLength + offset
    let expected = Array(text.unicodeScalars)
    guard offset < expected.count, column - 1 < line.count,
      line[column - 1] == expected[offset],
      Array(line[(valueStart - 1 + quoteLength)..<(column - 1)]) == Array(expected[..<offset])
    else { return node.position }
    return TOMLPosition(line: node.position.line, column: column)
  }
}
