import TOML

/// Helpers shared by the parser's test suites.
enum ParserTestSupport {
  /// The error that parsing `text` throws, or nil when it parses.
  static func error(parsing text: String) -> TOMLError? {
    error(parsing: Array(text.utf8))
  }

  /// The error that parsing `bytes` throws, or nil when they parse.
  static func error(parsing bytes: [UInt8]) -> TOMLError? {
    do {
      _ = try TOMLParser.parse(bytes)
      return nil
    } catch {
      return error
    }
  }

  /// The value at a dotted path of keys (no quoting: each element is one key).
  static func node(_ table: TOMLTable, _ path: [String]) -> TOMLNode? {
    var current = table
    var found: TOMLNode?
    for key in path {
      guard let next = current[key] else { return nil }
      found = next
      if case .table(let inner) = next.value { current = inner }
    }
    return found
  }

  /// The table at a path of keys.
  static func table(_ table: TOMLTable, _ path: [String]) -> TOMLTable? {
    if path.isEmpty { return table }
    guard case .table(let inner)? = node(table, path)?.value else { return nil }
    return inner
  }

  /// `line:column`.
  static func at(_ line: Int, _ column: Int) -> TOMLPosition {
    TOMLPosition(line: line, column: column)
  }
}
