/// A TOML table: its keys in the order they first appear in the document, each with the position
/// of the key and its value.
public struct TOMLTable: Sendable, Hashable {
  /// One key of a table.
  public struct Entry: Sendable, Hashable {
    /// The key, unquoted and unescaped (for a dotted key, just this table's part of it).
    public var key: String
    /// Where the key is written (for a dotted key, where this part of it starts).
    public var keyPosition: TOMLPosition
    /// The value and its position.
    public var node: TOMLNode

    /// Creates an entry.
    public init(key: String, keyPosition: TOMLPosition, node: TOMLNode) {
      self.key = key
      self.keyPosition = keyPosition
      self.node = node
    }
  }

  /// The entries in order of first appearance.
  public private(set) var entries: [Entry] = []
  /// Entry indexes by key; only kept for tables with more than `linearSearchLimit` entries.
  /// Keys are compared by their exact code points, as TOML does.
  private var indexByKey: [TOMLExactKey: Int] = [:]
  static let linearSearchLimit = 8

  /// An empty table.
  public init() {}

  /// Creates a table from entries; a later entry with the same key replaces the earlier one's
  /// node but keeps its place.
  public init(_ entries: [Entry]) {
    for entry in entries { set(entry) }
  }

  /// Creates a table from entries whose keys are known to be distinct, with their index when
  /// the caller has one (it must map each key to its entry's position, or be empty).
  init(uniqueEntries entries: [Entry], index: [TOMLExactKey: Int] = [:]) {
    self.entries = entries
    if entries.count > TOMLTable.linearSearchLimit && index.count == entries.count {
      indexByKey = index
    } else {
      rebuildIndex()
    }
  }

  /// The keys in order of first appearance.
  public var keys: [String] { entries.map(\.key) }
  /// The number of keys.
  public var count: Int { entries.count }
  /// Whether the table has no keys.
  public var isEmpty: Bool { entries.isEmpty }

  /// The node stored under `key`, if any.
  public subscript(key: String) -> TOMLNode? {
    entry(key)?.node
  }

  /// The entry for `key`, if any.
  public func entry(_ key: String) -> Entry? {
    index(of: key).map { entries[$0] }
  }

  /// Adds an entry at the end, or replaces the node of an existing key in place.
  public mutating func set(_ entry: Entry) {
    if let index = index(of: entry.key) {
      entries[index].node = entry.node
    } else {
      entries.append(entry)
      if entries.count > TOMLTable.linearSearchLimit {
        if indexByKey.isEmpty {
          rebuildIndex()
        } else {
          indexByKey[TOMLExactKey(string: entry.key)] = entries.count - 1
        }
      }
    }
  }

  /// Removes `key`, keeping the order of the others.
  public mutating func remove(_ key: String) {
    guard let index = index(of: key) else { return }
    entries.remove(at: index)
    rebuildIndex()
  }

  private func index(of key: String) -> Int? {
    if indexByKey.isEmpty {
      return entries.firstIndex { TOMLExactKey.same($0.key, key) }
    }
    return indexByKey[TOMLExactKey(string: key)]
  }

  private mutating func rebuildIndex() {
    indexByKey = [:]
    guard entries.count > TOMLTable.linearSearchLimit else { return }
    indexByKey.reserveCapacity(entries.count)
    for (index, entry) in entries.enumerated() {
      indexByKey[TOMLExactKey(string: entry.key)] = index
    }
  }

  /// Tables are equal when they have the same entries (keys, positions and values) in the same
  /// order.
  public static func == (lhs: TOMLTable, rhs: TOMLTable) -> Bool {
    lhs.entries == rhs.entries
  }

  /// Hashes the entries in order, consistently with `==`.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(entries)
  }
}
