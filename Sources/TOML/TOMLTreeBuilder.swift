/// Applies TOML's rules for defining tables and keys while a document (or one inline table) is
/// read: each table is defined once, dotted keys only add to tables of their own section, inline
/// tables and static arrays are never extended, and no key is defined twice.
struct TOMLTreeBuilder {
  /// The document's (or inline table's) root table.
  let root: TOMLTreeTable
  /// The table that key/value lines currently go into.
  private(set) var current: TOMLTreeTable
  /// How deeply `current` is nested (the document's root is 0).
  private(set) var currentDepth: Int
  /// Counts table headers; dotted keys may only extend tables created in the same section.
  private var section = 0
  /// The key of `current` (empty for the root), for messages.
  private var currentPath: [TOMLKeyPart] = []

  /// A builder whose root is nested `depth` levels deep.
  init(depth: Int = 0) {
    root = TOMLTreeTable(origin: .header, definedAt: TOMLPosition(line: 1, column: 1))
    current = root
    currentDepth = depth
  }

  /// `[a.b.c]`: defines a table and makes it current.
  mutating func openTable(_ parts: [TOMLKeyPart], at header: TOMLPosition) throws(TOMLError) {
    section += 1
    guard let last = parts.last else { return }
    let (parent, parentDepth) = try headerParent(parts)
    try checkDepth(parentDepth + 1, at: last.position)
    if let index = parent.find(last.name) {
      let entry = parent.entries[index]
      switch parent.value(at: index) {
      case .table(let table):
        let how: String
        switch table.origin {
        case .implicit:
          table.origin = .header
          table.definedAt = header
          parent.setValuePosition(header, ofEntryAt: index)
          current = table
          currentDepth = parentDepth + 1
          currentPath = parts
          return
        case .header: how = ""
        case .dotted: how = " with dotted keys"
        }
        throw TOMLTreeBuilder.error(
          "table [\(TOMLKeyPart.path(parts))] is defined twice: first defined\(how) at line "
            + "\(table.definedAt.line)", at: header)
      case .tableArray:
        let name = "[\(TOMLKeyPart.path(parts))]"
        throw TOMLTreeBuilder.error(
          "table \(name) conflicts with the array of tables [\(name)] defined at line "
            + "\(entry.node.position.line)", at: header)
      case .value(let value):
        throw TOMLTreeBuilder.notATable(parts, value, entry, at: last.position)
      }
    } else {
      let table = TOMLTreeTable(origin: .header, definedAt: header)
      parent.append(
        key: last.name, keyPosition: last.position, position: header, value: .table(table))
      current = table
    }
    currentDepth = parentDepth + 1
    currentPath = parts
  }

  /// `[[a.b.c]]`: adds a table to an array of tables and makes it current.
  mutating func openArrayElement(
    _ parts: [TOMLKeyPart], at header: TOMLPosition
  ) throws(TOMLError) {
    section += 1
    guard let last = parts.last else { return }
    let (parent, parentDepth) = try headerParent(parts)
    try checkDepth(parentDepth + 2, at: last.position)
    let element = TOMLTreeTable(origin: .header, definedAt: header)
    if let index = parent.find(last.name) {
      let entry = parent.entries[index]
      switch parent.value(at: index) {
      case .tableArray(let array):
        array.elements.append(element)
      case .table(let table):
        throw TOMLTreeBuilder.error(
          "array of tables [[\(TOMLKeyPart.path(parts))]] conflicts with the table "
            + "\(TOMLKeyPart.quotedPath(parts)) defined at line \(table.definedAt.line)",
          at: header)
      case .value(.array):
        throw TOMLTreeBuilder.error(
          "cannot append to the array \(TOMLKeyPart.quotedPath(parts)) with "
            + "[[\(TOMLKeyPart.path(parts))]]: it is a static array, defined at line "
            + "\(entry.keyPosition.line)", at: header)
      case .value(let value):
        throw TOMLTreeBuilder.notATable(parts, value, entry, at: last.position)
      }
    } else {
      parent.append(
        key: last.name, keyPosition: last.position, position: header,
        value: .tableArray(TOMLTreeTableArray(first: element)))
    }
    current = element
    currentDepth = parentDepth + 2
    currentPath = parts
  }

  /// `a.b.c = value` in the current table.
  func insert(
    _ parts: [TOMLKeyPart], value: TOMLValue, at position: TOMLPosition
  ) throws(TOMLError) {
    guard let last = parts.last else { return }
    var table = current
    for (depth, part) in parts.dropLast().enumerated() {
      try checkDepth(currentDepth + depth + 1, at: part.position)
      guard let index = table.find(part.name) else {
        let child = TOMLTreeTable(origin: .dotted(section: section), definedAt: part.position)
        table.append(
          key: part.name, keyPosition: part.position, position: part.position, value: .table(child))
        table = child
        continue
      }
      let entry = table.entries[index]
      let path = parts.prefix(depth + 1)
      switch table.value(at: index) {
      case .table(let child):
        switch child.origin {
        case .implicit:
          child.origin = .dotted(section: section)
        case .dotted(let created) where created == section:
          break
        case .dotted:
          let name = TOMLKeyPart.path(currentPath + path)
          throw TOMLTreeBuilder.error(
            "cannot add to the table [\(name)] with dotted keys here: it was defined with dotted "
              + "keys at line \(child.definedAt.line), under another table header",
            at: part.position)
        case .header:
          let name = TOMLKeyPart.path(currentPath + path)
          throw TOMLTreeBuilder.error(
            "cannot add to the table [\(name)] with dotted keys: it is defined by a table header "
              + "at line \(child.definedAt.line)", at: part.position)
        }
        table = child
      case .tableArray:
        let name = TOMLKeyPart.path(currentPath + path)
        throw TOMLTreeBuilder.error(
          "cannot add to the array of tables [[\(name)]] with dotted keys (defined at line "
            + "\(entry.node.position.line))", at: part.position)
      case .value(let existing):
        throw TOMLTreeBuilder.notATable(path, existing, entry, at: part.position)
      }
    }
    if let index = table.find(last.name) {
      let entry = table.entries[index]
      let line: Int
      switch table.value(at: index) {
      case .table(let child): line = child.definedAt.line
      case .tableArray, .value: line = entry.keyPosition.line
      }
      throw TOMLTreeBuilder.error(
        "duplicate key \(TOMLKeyPart.quotedPath(parts)): first defined at line \(line)",
        at: last.position)
    }
    table.append(
      key: last.name, keyPosition: last.position, position: position, value: .value(value)
    )
  }

  /// The table that holds the last part of a header's key, creating implicit tables on the way
  /// (an array of tables on the way stands for its last element), and its depth.
  private func headerParent(
    _ parts: [TOMLKeyPart]
  ) throws(TOMLError) -> (TOMLTreeTable, Int) {
    var table = root
    var depth = 0  // headers only occur in a document, whose root is at depth 0
    for (count, part) in parts.dropLast().enumerated() {
      depth += 1
      try checkDepth(depth, at: part.position)
      guard let index = table.find(part.name) else {
        let child = TOMLTreeTable(origin: .implicit, definedAt: part.position)
        table.append(
          key: part.name, keyPosition: part.position, position: part.position, value: .table(child))
        table = child
        continue
      }
      let entry = table.entries[index]
      switch table.value(at: index) {
      case .table(let child):
        table = child
      case .tableArray(let array):
        guard let lastElement = array.elements.last else { return (table, depth) }
        depth += 1
        try checkDepth(depth, at: part.position)
        table = lastElement
      case .value(let value):
        throw TOMLTreeBuilder.notATable(parts.prefix(count + 1), value, entry, at: part.position)
      }
    }
    return (table, depth)
  }

  private func checkDepth(_ depth: Int, at position: TOMLPosition) throws(TOMLError) {
    guard depth <= TOMLParser.maximumNestingDepth else {
      throw TOMLTreeBuilder.error(TOMLParser.nestingMessage, at: position)
    }
  }

  /// An error whose line text is filled in by `TOMLParser`.
  private static func error(_ message: String, at position: TOMLPosition) -> TOMLError {
    TOMLError(message: message, position: position, lineText: "")
  }

  /// A key used as a table that already holds another value.
  private static func notATable(
    _ path: some Collection<TOMLKeyPart>, _ value: TOMLValue, _ entry: TOMLTable.Entry,
    at position: TOMLPosition
  ) -> TOMLError {
    let key = TOMLKeyPart.quotedPath(path)
    let line = entry.keyPosition.line
    if case .table = value {
      return error(
        "cannot add to the inline table \(key) (defined at line \(line)): an inline table is "
          + "complete once defined", at: position)
    }
    return error(
      "cannot use \(key) as a table: it is already defined as \(kindName(value)) at line \(line)",
      at: position)
  }

  /// `an integer`, `a string`, ...
  static func kindName(_ value: TOMLValue) -> String {
    switch value {
    case .string: "a string"
    case .integer: "an integer"
    case .float: "a float"
    case .boolean: "a boolean"
    case .offsetDateTime: "a date-time"
    case .localDateTime: "a local date-time"
    case .localDate: "a local date"
    case .localTime: "a local time"
    case .array: "an array"
    case .table: "an inline table"
    }
  }
}
