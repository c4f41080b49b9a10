import TOML

/// A group's `sweep` table (or the top-level `[sweep]`, which every group takes key by key
/// unless it sets the key itself): how its jobs are formed beyond the cross product
/// (docs/sweeps.md).
public struct SweepSpec: Sendable, Hashable {
  /// Keys that vary together (`zip = [["lr", "warmup"]]`).
  public struct Zip: Sendable, Hashable {
    /// The keys.
    public var keys: [String]
    /// Where the set is written.
    public var position: TOMLPosition
  }

  /// An entry of `exclude` or `include`: keys and values.
  public struct Entry: Sendable, Hashable {
    /// The pairs in file order.
    public var pairs: [TOMLTable.Entry]
    /// Where the entry is written.
    public var position: TOMLPosition
    /// `exclude[2]`, as messages name it.
    public var name: String
  }

  /// The zipped sets.
  public var zip: [Zip]?
  /// Combinations dropped.
  public var exclude: [Entry]?
  /// Pairs added to combinations, or jobs of their own.
  public var include: [Entry]?
  /// How many random draws (`samples`), and where it is written.
  public var samples: Int?
  /// The seed of the draws (`sample_seed`, default 0).
  public var sampleSeed: Int64?
  /// Where the table is (for errors about it as a whole).
  public var position: TOMLPosition?

  /// Nothing beyond the cross product.
  public init() {}

  /// The keys `sweep` accepts.
  public static let knownKeys = ["zip", "exclude", "include", "samples", "sample_seed"]

  /// This table's keys, each replaced by `group`'s where it sets it.
  public func overridden(by group: SweepSpec?) -> SweepSpec {
    guard let group else { return self }
    var result = self
    if group.zip != nil { result.zip = group.zip }
    if group.exclude != nil { result.exclude = group.exclude }
    if group.include != nil { result.include = group.include }
    if group.samples != nil { result.samples = group.samples }
    if group.sampleSeed != nil { result.sampleSeed = group.sampleSeed }
    result.position = group.position ?? position
    return result
  }
}

/// Reads a `sweep` table, checking its shape (the keys it names are checked against the
/// group when the plan is made).
struct SweepSpecLoader {
  var source: ConfigSource

  func load(_ node: TOMLNode, context: String) throws(ConfigError) -> SweepSpec {
    guard case .table(let table) = node.value else {
      throw source.error(
        "\(context) must be a table", at: node.position, context: context,
        help: "write [sweep] or sweep = { zip = [[\"lr\", \"warmup\"]] }")
    }
    var spec = SweepSpec()
    spec.position = node.position
    for entry in table.entries {
      let here = "\(context).\(entry.key)"
      switch entry.key {
      case "zip":
        spec.zip = try list(entry, context: here).map { (set) throws(ConfigError) in
          guard case .array(let keys) = set.value, keys.count >= 2,
            case let names = keys.compactMap({ $0.value.stringValue }), names.count == keys.count
          else {
            throw source.error(
              "each zip entry must be a list of two key names or more", at: set.position,
              context: here, help: "write zip = [[\"lr\", \"warmup\"]]")
          }
          return SweepSpec.Zip(keys: names, position: set.position)
        }
      case "exclude", "include":
        spec.setEntries(
          entry.key,
          try list(entry, context: here).enumerated().map { (offset, item) throws(ConfigError) in
            guard case .table(let pairs) = item.value, !pairs.isEmpty else {
              throw source.error(
                "each \(entry.key) entry must be a table of keys and values", at: item.position,
                context: here,
                help: "write \(entry.key) = [{ model = \"large\", bs = 1024 }]")
            }
            return SweepSpec.Entry(
              pairs: pairs.entries, position: item.position,
              name: "\(entry.key)[\(offset + 1)]")
          })
      case "samples":
        guard case .integer(let count) = entry.node.value, count >= 1, count <= 10_000_000 else {
          throw source.error(
            "samples must be an integer from 1 to 10,000,000", at: entry.node.position,
            context: here, help: "write samples = 20")
        }
        spec.samples = Int(count)
      case "sample_seed":
        guard case .integer(let seed) = entry.node.value else {
          throw source.error(
            "sample_seed must be an integer", at: entry.node.position, context: here,
            help: "write sample_seed = 0")
        }
        spec.sampleSeed = seed
      default:
        throw source.unknownKey(
          entry, named: "sweep key", in: "a sweep table", known: SweepSpec.knownKeys,
          context: context)
      }
    }
    return spec
  }

  private func list(_ entry: TOMLTable.Entry, context: String) throws(ConfigError) -> [TOMLNode] {
    guard case .array(let items) = entry.node.value else {
      throw source.error(
        "\(entry.key) must be a list", at: entry.node.position, context: context,
        help: entry.key == "zip"
          ? "write zip = [[\"lr\", \"warmup\"]]" : "write \(entry.key) = [{ key = value }]")
    }
    return items
  }
}

extension SweepSpec {
  fileprivate mutating func setEntries(_ key: String, _ entries: [Entry]) {
    if key == "exclude" { exclude = entries } else { include = entries }
  }
}

extension TOMLValue {
  /// The string, if this is one.
  var stringValue: String? {
    if case .string(let text) = self { return text }
    return nil
  }
}
