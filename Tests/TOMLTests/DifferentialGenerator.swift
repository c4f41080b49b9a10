import XpertTestSupport

/// Generates random valid TOML 1.0 documents for the differential test.
///
/// A document is first drawn as a tree (`Table`), then written out choosing at random, for each
/// table, one of the ways TOML allows to spell it: an inline table, dotted keys in the parent's
/// body, a `[header]` section (possibly implicit, possibly after its own sub-tables), and for an
/// array of tables `[[header]]` sections or an inline array of inline tables. Keys are unique
/// within each table by construction, so every document is valid; `features` records which
/// constructs were used so the test can check that the generator covers them.
struct DifferentialGenerator {
  /// A node of the drawn tree: scalars are already TOML text.
  indirect enum Node {
    case scalar(String)
    case array([Node])
    case table(Table)
    case tables([Table])
  }

  /// A table of the drawn tree, with keys unique by Unicode scalars.
  struct Table {
    var entries: [(key: String, node: Node)] = []
  }

  private enum SectionKind {
    case root
    case standard
    case element
  }

  var rng: SplitMix64
  /// The constructs used so far (names such as `table.implicit`, `string.mlbasic`).
  var features: Set<String> = []
  /// The line break of the current document: `\n`, or `\r\n` for some documents.
  var newline = "\n"
  private var text = ""
  private let maximumDepth = 3

  init(seed: UInt64) { rng = SplitMix64(seed: seed) }

  /// A new random document.
  mutating func document() -> String {
    text = ""
    newline = rng.chance(0.2) ? "\r\n" : "\n"
    if newline == "\r\n" { features.insert("newline.crlf") }
    if rng.chance(0.3) { commentLine() }
    section(table(depth: 0), path: [], kind: .root)
    if rng.chance(0.2), text.hasSuffix(newline) {
      text.removeLast()  // "\r\n" is a single Character, so this drops the whole line break
      features.insert("document.no-final-newline")
    }
    return text
  }

  // MARK: - Drawing the tree

  private mutating func table(depth: Int) -> Table {
    var result = Table()
    var used: Set<[Unicode.Scalar]> = []
    for _ in 0..<(depth == 0 ? rng.int(3...12) : rng.int(0...5)) {
      result.entries.append((freshKey(&used), node(depth: depth)))
    }
    return result
  }

  private mutating func node(depth: Int) -> Node {
    let roll = rng.int(0...99)
    if depth >= maximumDepth || roll < 50 { return .scalar(scalar()) }
    if roll < 66 { return .array(arrayElements(depth: depth + 1)) }
    if roll < 86 { return .table(table(depth: depth + 1)) }
    return .tables((0..<rng.int(1...3)).map { _ in table(depth: depth + 1) })
  }

  private mutating func arrayElements(depth: Int) -> [Node] {
    (0..<rng.int(0...5)).map { _ in
      let roll = rng.int(0...99)
      if depth < maximumDepth && roll < 15 { return .array(arrayElements(depth: depth + 1)) }
      if depth < maximumDepth && roll < 30 { return .table(table(depth: depth + 1)) }
      return .scalar(scalar())
    }
  }

  // MARK: - Writing sections

  private mutating func section(_ table: Table, path: [String], kind: SectionKind) {
    var body: [String] = []
    var deferred: [(key: String, node: Node)] = []
    for (key, node) in table.entries {
      let written = renderedKey(key)
      switch node {
      case .scalar(let value): body.append(keyValue([written], value))
      case .array(let elements): body.append(keyValue([written], array(elements)))
      case .table(let child):
        let roll = rng.int(0...99)
        if roll < 25 {
          body.append(keyValue([written], inlineTable(child)))
        } else if roll < 50 && !child.entries.isEmpty {
          dotted(prefix: [written], child, into: &body)
        } else {
          deferred.append((written, node))
        }
      case .tables(let elements):
        if rng.chance(0.3) {
          features.insert("aot.inline")
          body.append(keyValue([written], array(elements.map { .table($0) })))
        } else {
          deferred.append((written, node))
        }
      }
    }
    if rng.chance(0.25) { body = rng.shuffled(body) }
    if rng.chance(0.5) { deferred = rng.shuffled(deferred) }
    let childrenFirst = kind == .standard && !deferred.isEmpty && rng.chance(0.15)
    let implicit = kind == .standard && body.isEmpty && !deferred.isEmpty && rng.chance(0.4)
    if childrenFirst {
      features.insert("table.children-first")
      sections(deferred, path: path)
    }
    switch kind {
    case .root: break
    case .standard:
      if implicit {
        features.insert("table.implicit")
      } else {
        features.insert("table.header")
        header(open: "[", path: path, close: "]")
      }
    case .element:
      features.insert("aot.header")
      header(open: "[[", path: path, close: "]]")
    }
    for line in body { emit(line) }
    if !childrenFirst { sections(deferred, path: path) }
  }

  private mutating func sections(_ children: [(key: String, node: Node)], path: [String]) {
    for (key, node) in children {
      switch node {
      case .table(let child): section(child, path: path + [key], kind: .standard)
      case .tables(let elements):
        for element in elements { section(element, path: path + [key], kind: .element) }
      case .scalar, .array: preconditionFailure("only tables are written as sections")
      }
    }
  }

  /// Appends `prefix.key = value` lines for every leaf of `table`, recursing into sub-tables.
  private mutating func dotted(prefix: [String], _ table: Table, into lines: inout [String]) {
    features.insert("key.dotted")
    for (key, node) in table.entries {
      let path = prefix + [renderedKey(key)]
      switch node {
      case .scalar(let value): lines.append(keyValue(path, value))
      case .array(let elements): lines.append(keyValue(path, array(elements)))
      case .table(let child):
        if !child.entries.isEmpty && rng.chance(0.5) {
          dotted(prefix: path, child, into: &lines)
        } else {
          lines.append(keyValue(path, inlineTable(child)))
        }
      case .tables(let elements):
        lines.append(keyValue(path, array(elements.map { .table($0) })))
      }
    }
  }

  // MARK: - Writing values

  private mutating func inlineTable(_ table: Table) -> String {
    features.insert("inline-table")
    if table.entries.isEmpty { return rng.pick(["{}", "{ }", "{\t}"]) }
    var parts: [String] = []
    for (key, node) in table.entries {
      let written = renderedKey(key)
      if case .table(let child) = node, !child.entries.isEmpty, rng.chance(0.3) {
        features.insert("inline-table.dotted")
        dotted(prefix: [written], child, into: &parts)
      } else {
        parts.append(keyValue([written], value(node)))
      }
    }
    let separator = rng.pick([", ", ",", " , ", ",\t"])
    let (open, close) = rng.pick([("{ ", " }"), ("{", "}"), ("{\t", " }")])
    return open + parts.joined(separator: separator) + close
  }

  private mutating func value(_ node: Node) -> String {
    switch node {
    case .scalar(let text): text
    case .array(let elements): array(elements)
    case .table(let table): inlineTable(table)
    case .tables(let elements): array(elements.map { .table($0) })
    }
  }

  private mutating func array(_ elements: [Node]) -> String {
    if elements.contains(where: { if case .array = $0 { true } else { false } }) {
      features.insert("array.nested")
    }
    if elements.isEmpty { return rng.pick(["[]", "[ ]", "[" + newline + "]"]) }
    let values = elements.map { value($0) }
    if rng.chance(0.7) {
      let trailing = rng.chance(0.2) ? "," : ""
      return "[" + values.joined(separator: rng.pick([", ", ",", " ,  "])) + trailing + "]"
    }
    features.insert("array.multiline")
    var result = "["
    for (index, element) in values.enumerated() {
      result += newline + rng.pick(["  ", "\t", "", "    "]) + element
      if index < values.count - 1 || rng.chance(0.5) {
        result += ","
        if index == values.count - 1 { features.insert("array.trailing-comma") }
      }
      if rng.chance(0.2) { result += " " + comment() }
    }
    if rng.chance(0.3) { result += newline + "  " + comment() }
    return result + newline + "]"
  }

  // MARK: - Lines

  private mutating func keyValue(_ path: [String], _ value: String) -> String {
    let equals = rng.pick([" = ", "=", " =\t", "\t= ", "  =  "])
    return dottedKey(path) + equals + value
  }

  private mutating func dottedKey(_ path: [String]) -> String {
    let dot = rng.chance(0.85) ? "." : rng.pick([" . ", "\t.", ". "])
    return path.joined(separator: dot)
  }

  private mutating func header(open: String, path: [String], close: String) {
    let pad = rng.chance(0.8) ? "" : rng.pick([" ", "\t", "  "])
    if rng.chance(0.3) { text += newline }
    emit(open + pad + dottedKey(path) + pad + close)
  }

  private mutating func emit(_ line: String) {
    if rng.chance(0.1) { commentLine() }
    if rng.chance(0.1) { text += rng.pick(["", "  ", "\t"]) + newline }
    let indent = rng.chance(0.8) ? "" : rng.pick([" ", "  ", "\t"])
    let trailing = rng.chance(0.15) ? rng.pick([" ", "  ", "\t"]) + comment() : ""
    text += indent + line + trailing + newline
  }

  private mutating func commentLine() {
    text += rng.pick(["", " ", "\t"]) + comment() + newline
  }

  /// `# ...` without the line break; no control characters but tab.
  private mutating func comment() -> String {
    features.insert("comment")
    let pool: [String] = ["a", "b", " ", "\t", "#", "\"", "'", "=", "[", "]", "é", "日本", "😀", "\\"]
    return "#" + (0..<rng.int(0...12)).map { _ in rng.pick(pool) }.joined()
  }
}
