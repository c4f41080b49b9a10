/// Renders a source line with a caret under one column, as compilers do:
///
/// ```
///     4 | lr = 0.1
///       |      ^
/// ```
public enum TOMLSourceExcerpt {
  /// Lines longer than this are cut around the column so that a 10 MB line stays readable.
  public static let maximumShownWidth = 120

  /// The two-line excerpt for `position` in a line whose text is `lineText`.
  public static func render(lineText: String, position: TOMLPosition) -> String {
    var scalars = Array(lineText.unicodeScalars)
    var caretColumn = max(1, position.column)
    var prefix = ""
    if scalars.count > maximumShownWidth {
      let start = max(
        0, min(caretColumn - 1 - maximumShownWidth / 2, scalars.count - maximumShownWidth))
      scalars = Array(scalars[start..<min(scalars.count, start + maximumShownWidth)])
      if start > 0 {
        prefix = "..."
        caretColumn -= start
      }
    }
    var shown = String(String.UnicodeScalarView(scalars.map { $0 == "\t" ? " " : $0 }))
    shown = prefix + shown
    let number = String(position.line)
    let gutter = String(repeating: " ", count: number.count)
    let caretIndent = String(repeating: " ", count: prefix.count + caretColumn - 1)
    return " \(number) | \(shown)\n \(gutter) | \(caretIndent)^"
  }

  /// The text of line `line` (1-based) of `source`, without its line break; invalid UTF-8
  /// becomes U+FFFD. Empty when the line does not exist. A byte order mark at the start of the
  /// document is not part of the first line (columns don't count it either).
  public static func lineText(_ line: Int, in source: [UInt8]) -> String {
    var current = 1
    var start = source.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    var index = start
    while index < source.count && current < line {
      if source[index] == UInt8(ascii: "\n") {
        current += 1
        start = index + 1
      }
      index += 1
    }
    guard current == line else { return "" }
    var end = start
    while end < source.count && source[end] != UInt8(ascii: "\n") { end += 1 }
    if end > start && source[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    return String(decoding: source[start..<end], as: UTF8.self)
  }
}
