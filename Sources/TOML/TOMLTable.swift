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
  private var indexByKey: [String: Int] = [:]

  /// An empty table.
  public init() {}

  /// Creates a table from entries; a later entry with the same key replaces the earlier one's
  /// node but keeps its place.
  public init(_ entries: [Entry]) {
    for entry in entries { set(entry) }
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
    indexByKey[key].map { entries[$0] }
  }

  /// Adds an entry at the end, or replaces the node of an existing key in place.
  public mutating func set(_ entry: Entry) {
    if let index = indexByKey[entry.key] {
      entries[index].node = entry.node
    } else {
      indexByKey[entry.key] = entries.count
      entries.append(entry)
    }
  }

  /// Removes `key`, keeping the order of the others.
  public mutating func remove(_ key: String) {
    guard let index = indexByKey.removeValue(forKey: key) else { return }
    entries.remove(at: index)
    for later in index..<entries.count { indexByKey[entries[later].key] = later }
  }

  public static func == (lhs: TOMLTable, rhs: TOMLTable) -> Bool {
    lhs.entries == rhs.entries
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(entries)
  }
}
