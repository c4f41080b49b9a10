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

/// One key of a table under construction.
struct TOMLTreeEntry {
  /// The key.
  var key: String
  /// Where the key is first named.
  var keyPosition: TOMLPosition
  /// Where the value starts (for tables: the header, or where first named).
  var position: TOMLPosition
  /// The value.
  var value: TOMLTreeValue
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
final class TOMLTreeTable {
  /// How it came to exist.
  var origin: TOMLTableOrigin
  /// Where it was defined by a header, or first named.
  var definedAt: TOMLPosition
  /// The entries in order of first appearance.
  private(set) var entries: [TOMLTreeEntry] = []
  /// Entry indexes by key; only kept for tables with more than `linearSearchLimit` entries.
  private var index: [TOMLExactKey: Int] = [:]
  private static let linearSearchLimit = 8

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

  /// Adds an entry whose key is not in the table yet.
  func append(_ entry: TOMLTreeEntry) {
    entries.append(entry)
    if entries.count > TOMLTreeTable.linearSearchLimit {
      if index.isEmpty {
        index.reserveCapacity(entries.count * 2)
        for (position, entry) in entries.enumerated() {
          index[TOMLExactKey(string: entry.key)] = position
        }
      } else {
        index[TOMLExactKey(string: entry.key)] = entries.count - 1
      }
    }
  }

  /// Moves the value position of the entry at `position` (when a header defines a table that
  /// was implicit).
  func setValuePosition(_ valuePosition: TOMLPosition, ofEntryAt position: Int) {
    guard entries.indices.contains(position) else { return }
    entries[position].position = valuePosition
  }

  /// The finished table. Releases this table's entries as it goes, so that the tree and the
  /// result don't both stay in memory whole.
  func makeTable() -> TOMLTable {
    var result: [TOMLTable.Entry] = []
    result.reserveCapacity(entries.count)
    for entry in entries {
      let value: TOMLValue
      switch entry.value {
      case .value(let finished):
        value = finished
      case .table(let table):
        value = .table(table.makeTable())
      case .tableArray(let array):
        value = .array(array.elements.map { TOMLNode(.table($0.makeTable()), at: $0.definedAt) })
        array.elements = []
      }
      result.append(
        TOMLTable.Entry(
          key: entry.key, keyPosition: entry.keyPosition, node: TOMLNode(value, at: entry.position)
        ))
    }
    entries = []
    index = [:]
    return TOMLTable(uniqueEntries: result)
  }
}
