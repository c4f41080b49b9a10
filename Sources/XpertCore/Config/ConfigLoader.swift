import TOML

/// Reads a sweep config from TOML: shapes and types, with an error for every mistake.
///
/// Pure apart from `expandGlob`, which the caller supplies to list the matches of a
/// `{ value = "data/*.csv", type = "path" }` value (sorted, absolute).
public struct ConfigLoader {
  /// The file being read.
  public var source: ConfigSource
  /// Lists the absolute paths matching a glob pattern, sorted.
  public var expandGlob: @Sendable (String) -> [String]

  /// Creates a loader.
  public init(source: ConfigSource, expandGlob: @escaping @Sendable (String) -> [String]) {
    self.source = source
    self.expandGlob = expandGlob
  }

  /// Parses and checks the config.
  public func load() throws(ConfigError) -> SweepConfig {
    var root: TOMLTable
    do {
      root = try TOMLParser.parse(source.bytes)
    } catch {
      throw source.error(error)
    }
    root = try ConfigOverrides.apply(source.overrides, to: root, source: source)
    var defaults: [ConfigBinding] = []
    var groups: [GroupSpec] = []
    var flags = SweepFlags()
    var slurm = SlurmRequest()
    var results = ResultsSpec()
    var sweep: SweepSpec?
    for entry in root.entries {
      switch entry.key {
      case "exp": groups = try loadGroups(entry)
      case "flags": flags = try FlagsLoader(source: source).load(entry)
      case "slurm":
        slurm = try SlurmRequestLoader(source: source).load(entry.node, context: "slurm")
      // A table only: a top-level `results = "..."` stays a key of the jobs, as it always was.
      case "results" where entry.node.value.isTable:
        results = try ResultsSpecLoader(source: source).load(entry)
      // Also a table only: an old config's `sweep = "..."` stays a key.
      case "sweep" where entry.node.value.isTable:
        sweep = try SweepSpecLoader(source: source).load(entry.node, context: "sweep")
      default:
        try checkNotAMisspeltTable(entry)
        defaults.append(try binding(entry, context: entry.key))
      }
    }
    if groups.isEmpty {
      guard let cmd = defaults.first(where: { $0.key == "cmd" }) else {
        throw source.error(
          "the config defines no [[exp]] group and no top-level cmd, so there is nothing to run",
          at: root.entries.first?.keyPosition ?? TOMLPosition(line: 1, column: 1),
          help: "add a top-level cmd = \"...\" or an [[exp]] table with a cmd")
      }
      var implicit = GroupSpec(number: 1, position: cmd.keyPosition, bindings: [])
      implicit.isImplicit = true
      groups = [implicit]
    }
    var config = SweepConfig(source: source, defaults: defaults, groups: groups, flags: flags)
    for (key, position) in flags.order ?? [] where !config.fieldKeys.contains(key) {
      let suggestion = EditDistance.suggestion(for: key, among: config.fieldKeys)
      throw source.error(
        "order names \(key), which no job has" + (suggestion.map { "; did you mean \($0)?" } ?? ""),
        at: position, context: "flags.order",
        help: "name keys of the sweep: " + config.fieldKeys.joined(separator: ", "))
    }
    config.slurm = slurm
    config.results = results
    config.sweep = sweep
    return config
  }

  /// The tables a config has.
  static let tables = ["exp", "flags", "slurm", "results", "sweep"]

  /// `[flag]`, `[[exps]]`: a table whose name is close to one of the config's tables is a
  /// misspelling, not a key of the jobs.
  private func checkNotAMisspeltTable(_ entry: TOMLTable.Entry) throws(ConfigError) {
    let isTables: Bool
    switch entry.node.value {
    case .table(let table): isTables = table["type"] == nil
    case .array(let items):
      isTables = items.allSatisfy { if case .table = $0.value { true } else { false } }
    default: isTables = false
    }
    guard isTables, let name = EditDistance.suggestion(for: entry.key, among: Self.tables)
    else { return }
    let written = name == "exp" ? "[[\(entry.key)]]" : "[\(entry.key)]"
    let meant = name == "exp" ? "[[exp]]" : "[\(name)]"
    throw source.error(
      "unknown table \(written); did you mean \(meant)?", at: entry.keyPosition,
      context: entry.key,
      help: "a config's tables are [[exp]], [flags], [slurm], [results] and [sweep]")
  }

  private func loadGroups(_ entry: TOMLTable.Entry) throws(ConfigError) -> [GroupSpec] {
    let tables: [TOMLNode]
    switch entry.node.value {
    case .table: tables = [entry.node]
    case .array(let elements):
      guard !elements.isEmpty else {
        throw source.error(
          "exp is an empty list, so there is no group to run", at: entry.node.position,
          context: "exp", help: "write each group as an [[exp]] table, or remove exp")
      }
      tables = elements
    default:
      throw source.error(
        "exp must be a table ([exp] or [[exp]]), but it is \(ValueRendering.typeDescription(entry.node.value))",
        at: entry.node.position, context: "exp",
        help: "write each group as an [[exp]] table")
    }
    var groups: [GroupSpec] = []
    for (offset, node) in tables.enumerated() {
      let name = "exp[\(offset + 1)]"
      guard case .table(let table) = node.value else {
        throw source.error(
          "\(name) must be a table, but it is \(ValueRendering.typeDescription(node.value))",
          at: node.position,
          context: name, help: "write each group as an [[exp]] table")
      }
      var bindings: [ConfigBinding] = []
      var slurm: SlurmRequest?
      var sweep: SweepSpec?
      for groupEntry in table.entries {
        if groupEntry.key == "slurm" {
          slurm = try SlurmRequestLoader(source: source).load(
            groupEntry.node, context: "\(name).slurm")
          continue
        }
        if groupEntry.key == "sweep", groupEntry.node.value.isTable {
          sweep = try SweepSpecLoader(source: source).load(
            groupEntry.node, context: "\(name).sweep")
          continue
        }
        bindings.append(try binding(groupEntry, context: "\(name).\(groupEntry.key)"))
      }
      var group = GroupSpec(number: offset + 1, position: node.position, bindings: bindings)
      group.slurm = slurm
      group.sweep = sweep
      groups.append(group)
    }
    return groups
  }

  private func binding(
    _ entry: TOMLTable.Entry, context: String
  ) throws(ConfigError) -> ConfigBinding {
    let node = entry.node
    if entry.key.hasPrefix("_") {
      throw source.error(
        "keys starting with _ are reserved for Xpert's own ({_index}, {_hash})",
        at: entry.keyPosition, context: context,
        help: "rename the key, e.g. \(entry.key.drop { $0 == "_" })")
    }
    if case .table(let table) = node.value, case .string(let kind)? = table["type"]?.value,
      RandomDistribution.kinds.contains(kind)
    {
      do {
        let (distribution, choices) = try RandomDistribution.parse(kind, table)
        var binding = ConfigBinding(
          key: entry.key, keyPosition: entry.keyPosition,
          values: choices.isEmpty ? [node] : choices, isAxis: false)
        binding.distribution = distribution
        return binding
      } catch {
        throw source.error(
          error.message,
          at: error.key.flatMap { table.entry($0)?.keyPosition } ?? node.position,
          context: context, help: error.help)
      }
    }
    switch node.value {
    case .array(let elements):
      guard !elements.isEmpty else {
        throw source.error(
          "the list is empty, so this group would have no jobs", at: node.position,
          context: context, help: "give at least one value, or remove the key")
      }
      return ConfigBinding(
        key: entry.key, keyPosition: entry.keyPosition, values: elements, isAxis: true)
    case .table(let table):
      if case .string(let kind)? = table["type"]?.value, AxisValues.kinds.contains(kind) {
        do {
          let values = try AxisValues.values(kind, table, limit: SweepPlanner.maximumJobs)
          return ConfigBinding(
            key: entry.key, keyPosition: entry.keyPosition,
            values: values.map { TOMLNode($0, at: node.position) }, isAxis: true)
        } catch {
          throw source.error(
            error.message,
            at: error.key.flatMap { table.entry($0)?.keyPosition } ?? node.position,
            context: context, help: error.help)
        }
      }
      let paths = try globValues(table, node: node, context: context)
      return ConfigBinding(
        key: entry.key, keyPosition: entry.keyPosition, values: paths, isAxis: true)
    default:
      return ConfigBinding(
        key: entry.key, keyPosition: entry.keyPosition, values: [node], isAxis: false)
    }
  }

  private func globValues(
    _ table: TOMLTable, node: TOMLNode, context: String
  ) throws(ConfigError) -> [TOMLNode] {
    let form = "{ value = \"data/*.csv\", type = \"path\" }"
    guard case .string("path")? = table["type"]?.value else {
      let kinds = (["path"] + AxisValues.kinds + RandomDistribution.kinds).joined(separator: ", ")
      throw source.error(
        "a table value must have a type: \(kinds)"
          + (table["type"].map { ", not \"\(ValueRendering.render($0.value))\"" } ?? ""),
        at: table["type"]?.position ?? node.position, context: context,
        help: "write a single value, a list, \(form), or "
          + "{ type = \"range\", start = 1, stop = 5 } (docs/sweeps.md)")
    }
    guard case .string(let pattern)? = table["value"]?.value else {
      throw source.error(
        "a path glob needs value = \"PATTERN\" (a string)", at: node.position, context: context,
        help: "write \(form)")
    }
    if let extra = table.keys.first(where: { $0 != "type" && $0 != "value" }) {
      throw source.error(
        "unknown key \"\(extra)\" in a path glob", at: table.entry(extra)?.keyPosition,
        context: context, help: "a path glob has only value and type: \(form)")
    }
    let matches = expandGlob(pattern)
    guard !matches.isEmpty else {
      throw source.error(
        "no file matches the path glob \"\(pattern)\"", at: table["value"]?.position,
        context: context,
        help: "check the pattern; it is relative to the directory xpert runs in")
    }
    let position = table["value"]?.position ?? node.position
    return matches.map { TOMLNode(.string($0), at: position) }
  }
}

extension TOMLValue {
  /// Whether the value is a table.
  fileprivate var isTable: Bool {
    if case .table = self { return true }
    return false
  }
}
