/// How a table under construction came to exist, which decides how it may be extended.
enum TOMLTableOrigin {
  /// Named as a parent in a header (`a` in `[a.b]`) and not defined yet: a later `[a]` may
  /// define it once.
  case implicit
  /// Defined by a `[header]`, or an element of an array of tables.
  case header
  /// Created by dotted keys (or claimed by them while still implicit) in one table section;
  /// only dotted keys of that same section may add to it.
  case dotted(section: Int)
}

/// What a key of a table under construction holds.
enum TOMLTreeValue {
  /// A finished value: a scalar, a static array or an inline table (which can't be extended).
  case value(TOMLValue)
  /// A table that may still grow.
  case table(TOMLTreeTable)
  /// An array of tables (`[[name]]`).
  case tableArray(TOMLTreeTableArray)
}

/// A table or an array of tables under construction, held by an entry of its parent.
enum TOMLTreeChild {
  case table(TOMLTreeTable)
  case tableArray(TOMLTreeTableArray)
}

/// The elements of an array of tables under construction.
final class TOMLTreeTableArray {
  /// The tables, one per `[[name]]` header; never empty.
  var elements: [TOMLTreeTable]

  init(first: TOMLTreeTable) {
    elements = [first]
  }
}

/// A table under construction: mutable in place, so nested tables don't get copied on write.
///
/// Its entries are kept in their final form (`TOMLTable.Entry`) from the start; an entry that
/// holds a table or an array of tables still under construction has a placeholder value and its
/// tree node beside it in `children`. Finishing fills the placeholders in and hands the entries
/// over to the `TOMLTable` without copying them.
final class TOMLTreeTable {
  /// How it came to exist.
  var origin: TOMLTableOrigin
  /// Where it was defined by a header, or first named.
  var definedAt: TOMLPosition
  /// The entries in order of first appearance.
  private(set) var entries: [TOMLTable.Entry] = []
  /// For each entry, the table or array of tables under construction it holds, if any; empty
  /// (no allocation) while the table holds only finished values.
  private var children: [TOMLTreeChild?] = []
  /// Entry indexes by key; only kept for tables with more than `TOMLTable.linearSearchLimit`
  /// entries.
  private var index: [TOMLExactKey: Int] = [:]

  init(origin: TOMLTableOrigin, definedAt: TOMLPosition) {
    self.origin = origin
    self.definedAt = definedAt
  }

  /// The index of `key`'s entry, if any.
  func find(_ key: String) -> Int? {
    if index.isEmpty {
      for position in entries.indices where TOMLExactKey.same(entries[position].key, key) {
        return position
      }
      return nil
    }
    return index[TOMLExactKey(string: key)]
  }

  /// What the entry at `position` holds.
  func value(at position: Int) -> TOMLTreeValue {
    if position < children.count {
      switch children[position] {
      case .table(let table): return .table(table)
      case .tableArray(let array): return .tableArray(array)
      case nil: break
      }
    }
    return .value(entries[position].node.value)
  }

  /// Adds an entry whose key is not in the table yet.
  func append(
    key: String, keyPosition: TOMLPosition, position: TOMLPosition, value: TOMLTreeValue
  ) {
    let finished: TOMLValue
    switch value {
    case .value(let leaf):
      finished = leaf
      if !children.isEmpty { children.append(nil) }
    case .table(let table):
      finished = .table(TOMLTable())
      addChild(.table(table))
    case .tableArray(let array):
      finished = .table(TOMLTable())
      addChild(.tableArray(array))
    }
    entries.append(
      TOMLTable.Entry(key: key, keyPosition: keyPosition, node: TOMLNode(finished, at: position)))
    if entries.count > TOMLTable.linearSearchLimit {
      if index.isEmpty {
        index.reserveCapacity(entries.count * 2)
        for (position, entry) in entries.enumerated() {
          index[TOMLExactKey(string: entry.key)] = position
        }
      } else {
        index[TOMLExactKey(string: key)] = entries.count - 1
      }
    }
  }

  /// Records the child of the entry about to be appended.
  private func addChild(_ child: TOMLTreeChild) {
    if children.isEmpty {
      children.reserveCapacity(entries.count + 1)
      for _ in 0..<entries.count { children.append(nil) }
    }
    children.append(child)
  }

  /// Moves the value position of the entry at `position` (when a header defines a table that
  /// was implicit).
  func setValuePosition(_ valuePosition: TOMLPosition, ofEntryAt position: Int) {
    guard entries.indices.contains(position) else { return }
    entries[position].node.position = valuePosition
  }

  /// The finished table. Empties this one: its entries move into the result.
  func makeTable() -> TOMLTable {
    for (position, child) in children.enumerated() {
      switch child {
      case .table(let table):
        entries[position].node.value = .table(table.makeTable())
      case .tableArray(let array):
        let tables = array.elements.map { TOMLNode(.table($0.makeTable()), at: $0.definedAt) }
        array.elements = []
        entries[position].node.value = .array(tables)
      case nil:
        break
      }
    }
    children = []
    let finished = TOMLTable(uniqueEntries: entries, index: index)
    entries = []
    index = [:]
    return finished
  }
}
