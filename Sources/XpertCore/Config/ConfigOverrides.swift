import TOML

/// `--set KEY=VALUE` (repeatable): VALUE is TOML (`lr=0.1`, `lr=[0.1, 0.01]`; a bare word such
/// as `model=large` is a string), and it replaces KEY wherever the file defines it (the top
/// level and each group), or is added at the top level. Its nodes' positions are on line `-k`
/// for the k-th argument, so that an error about them points into the argument
/// (`ConfigSource.error`).
enum ConfigOverrides {
  /// `root` with `arguments` applied.
  static func apply(
    _ arguments: [String], to root: TOMLTable, source: ConfigSource
  ) throws(ConfigError) -> TOMLTable {
    var root = root
    for (number, argument) in arguments.enumerated() {
      let line = -(number + 1)
      let entry = try parse(argument, line: line, source: source)
      var found = false
      if root[entry.key] != nil {
        root.set(entry)
        found = true
      }
      if let exp = root.entry("exp") {
        var node = exp.node
        switch node.value {
        case .table(var group) where group[entry.key] != nil:
          group.set(entry)
          node.value = .table(group)
          found = true
        case .array(var groups):
          for index in groups.indices {
            guard case .table(var group) = groups[index].value, group[entry.key] != nil else {
              continue
            }
            group.set(entry)
            groups[index].value = .table(group)
            found = true
          }
          node.value = .array(groups)
        default: break
        }
        root.set(TOMLTable.Entry(key: "exp", keyPosition: exp.keyPosition, node: node))
      }
      if !found { root.set(entry) }
    }
    return root
  }

  private static func parse(
    _ argument: String, line: Int, source: ConfigSource
  ) throws(ConfigError) -> TOMLTable.Entry {
    func error(_ message: String, column: Int, help: String) -> ConfigError {
      source.error(message, at: TOMLPosition(line: line, column: column), help: help)
    }
    guard let equals = argument.firstIndex(of: "=") else {
      throw error(
        "--set takes KEY=VALUE", column: 1, help: "write --set lr=0.1 or --set 'lr=[0.1, 0.01]'")
    }
    let key = String(argument[..<equals])
    guard !key.isEmpty,
      key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
    else {
      throw error(
        "--set takes a key of the jobs (letters, digits, _ and -), not \"\(key)\"", column: 1,
        help: "write --set lr=0.1; [flags] and other tables are set in the file")
    }
    guard !ConfigLoader.tables.contains(key) else {
      throw error(
        "--set sets a key of the jobs, and \(key) is the config's [\(key)] table", column: 1,
        help: key == "flags"
          ? "flags have their own options (-j, --timeout, ...)" : "change the table in the file")
    }
    let valueText = argument[argument.index(after: equals)...]
    let valueColumn = key.unicodeScalars.count + 2
    let table: TOMLTable
    do {
      table = try TOMLParser.parse(Array(("\(key)=" + valueText).utf8))
    } catch {
      // A bare word is a string.
      if !valueText.isEmpty,
        valueText.allSatisfy({ !$0.isWhitespace && !"\"'[]{}=#,".contains($0) })
      {
        let position = TOMLPosition(line: line, column: valueColumn)
        return TOMLTable.Entry(
          key: key, keyPosition: TOMLPosition(line: line, column: 1),
          node: TOMLNode(.string(String(valueText)), at: position))
      }
      throw source.error(
        "--set \(key): "
          + (error.message.hasSuffix("the end of the file")
            ? error.message.dropLast("the end of the file".count) + "the end of the value"
            : error.message),
        at: TOMLPosition(line: line, column: error.position.column),
        help: "the value is TOML: a number, true or false, \"a string\", or a list such as [1, 2]")
    }
    guard let entry = table.entries.first, table.count == 1, entry.key == key else {
      throw error("--set takes one KEY=VALUE", column: 1, help: "repeat --set for each key")
    }
    return TOMLTable.Entry(
      key: key, keyPosition: TOMLPosition(line: line, column: 1),
      node: moved(entry.node, to: line))
  }

  /// `node` with every position moved to `line` (the argument's), columns kept.
  private static func moved(_ node: TOMLNode, to line: Int) -> TOMLNode {
    var node = node
    node.position.line = line
    switch node.value {
    case .array(let items): node.value = .array(items.map { moved($0, to: line) })
    case .table(let table):
      node.value = .table(
        TOMLTable(
          table.entries.map {
            TOMLTable.Entry(
              key: $0.key, keyPosition: TOMLPosition(line: line, column: $0.keyPosition.column),
              node: moved($0.node, to: line))
          }))
    default: break
    }
    return node
  }
}
