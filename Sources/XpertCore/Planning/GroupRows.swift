import TOML

/// How a group's jobs are formed (pure; docs/sweeps.md): the cross product of its axes (a
/// zipped set counting as one axis, in the place of its first member, first axis slowest),
/// less the combinations an `exclude` entry matches, with `include` entries added as GitHub
/// Actions does for `strategy.matrix`, all of it once per random draw (draws slowest).
struct GroupRows {
  /// One job's values: for each binding the index of its value (`-1`: the job has no such key),
  /// and values that replace them (included pairs, random draws, the built-ins).
  struct Row {
    var choices: [Int]
    var overrides: [Int: CompiledGroup.Value] = [:]
    /// The random draw, for a group with random keys or `samples`.
    var sample: Int?
  }

  let group: CompiledGroup
  /// The bindings of each axis of the cross product (several for a zipped set).
  private(set) var units: [[Int]] = []
  /// The cross product's size.
  private(set) var combinations = 1
  /// For each `exclude` entry, each pair's binding and the value's text.
  private var excludes: [[(binding: Int, text: String)]] = []
  /// For each `include` entry, its pairs on the group's own keys (which it must not change).
  private var includeOriginals: [[(binding: Int, text: String)]] = []
  /// The `include` entries that fit no combination: each a job of its own.
  private(set) var standalone: [Int] = []
  /// How many draws (1 without a random search).
  private(set) var samples = 1
  private var seed: Int64 = 0
  /// The keys drawn at random.
  private var random: [Int] = []
  /// Whether the group draws at all (`samples` set).
  private(set) var draws = false
  /// Every binding at its first value, the row-only ones absent: where each row starts.
  private let firstChoices: [Int]

  /// The rows of one draw: the combinations, then the included jobs of their own.
  var rowsPerSample: Int { combinations + standalone.count }
  /// Every row, excluded ones included.
  var count: Int {
    let (product, overflow) = samples.multipliedReportingOverflow(by: rowsPerSample)
    return overflow ? Int.max : product
  }

  init(_ group: CompiledGroup, source: ConfigSource) throws(ConfigError) {
    self.group = group
    firstChoices = group.bindings.map { $0.rowOnly ? -1 : 0 }
    let sweep = group.sweep
    let name = group.spec.name
    // Zipped sets: axes of equal length, each in one set only.
    var zipOf: [Int: Int] = [:]
    for (number, zip) in (sweep.zip ?? []).enumerated() {
      var length: Int?
      for key in zip.keys {
        guard let index = group.effectiveIndex[key], group.bindings[index].isAxis else {
          throw source.error(
            "zip names \(key), which is not a list (an axis) of \(name)", at: zip.position,
            context: "\(name).sweep.zip",
            help: "zip the keys whose values are lists: "
              + group.axes.map { group.bindings[$0].key }.joined(separator: ", "))
        }
        if zipOf[index] != nil {
          throw source.error(
            "\(key) is in two zip sets", at: zip.position, context: "\(name).sweep.zip",
            help: "put each key in one zip set")
        }
        let count = group.bindings[index].values.count
        if let length, length != count {
          throw source.error(
            "zip pairs lists of unequal lengths: "
              + zip.keys.map {
                "\($0) has \(group.effectiveIndex[$0].map { group.bindings[$0].values.count } ?? 0)"
              }
              .joined(separator: ", "),
            at: zip.position, context: "\(name).sweep.zip",
            help: "give each zipped key the same number of values")
        }
        length = count
        zipOf[index] = number
      }
    }
    var placed: Set<Int> = []
    for axis in group.axes {
      guard let zip = zipOf[axis] else {
        units.append([axis])
        continue
      }
      guard placed.insert(zip).inserted else { continue }
      units.append(sweep.zip![zip].keys.map { group.effectiveIndex[$0]! })
    }
    for unit in units {
      let size = group.bindings[unit[0]].values.count
      let (product, overflow) = combinations.multipliedReportingOverflow(by: size)
      combinations = overflow ? Int.max : product
    }
    // Beyond the job limit nothing below is done (it would go through every combination).
    guard combinations <= SweepPlanner.maximumJobs else {
      throw source.error(
        "the sweep has more than \(SweepPlanner.maximumJobs) jobs; \(name) alone is the cross "
          + "product of "
          + units.map { unit in
            unit.map { group.bindings[$0].key }.joined(separator: "+")
              + " (\(group.bindings[unit[0]].values.count))"
          }.joined(separator: " × "),
        at: group.spec.position, context: name,
        help: "split the sweep into several configs, or use fewer values per axis")
    }
    // A random key's value is drawn after exclude and include, so they cannot name one.
    for entry in (sweep.exclude ?? []) + (sweep.include ?? []) {
      for pair in entry.pairs {
        guard let index = group.effectiveIndex[pair.key], group.bindings[index].distribution != nil
        else { continue }
        throw source.error(
          "\(entry.name) names \(pair.key), which is drawn at random: exclude and include act on "
            + "the combinations before the draws",
          at: pair.keyPosition, context: "\(name).sweep",
          help: "narrow the distribution itself (low, high, values) instead")
      }
    }
    excludes = try (sweep.exclude ?? []).map { (entry) throws(ConfigError) in
      try entry.pairs.map { (pair) throws(ConfigError) in
        guard let index = group.effectiveIndex[pair.key], !group.bindings[index].rowOnly else {
          let keys = group.keys.filter { !$0.hasPrefix("_") }
          let suggestion = EditDistance.suggestion(for: pair.key, among: keys)
          throw source.error(
            "\(entry.name) names \(pair.key), which \(name) does not have"
              + (suggestion.map { "; did you mean \($0)?" } ?? ""),
            at: pair.keyPosition, context: "\(name).sweep.exclude",
            help: "the keys of \(name) are: " + keys.joined(separator: ", "))
        }
        return (index, ValueRendering.render(pair.node.value))
      }
    }
    includeOriginals = (sweep.include ?? []).map { entry in
      entry.pairs.compactMap { pair in
        guard let index = group.effectiveIndex[pair.key], !group.bindings[index].rowOnly else {
          return nil
        }
        return (index, ValueRendering.render(pair.node.value))
      }
    }
    random = group.bindings.indices.filter { group.bindings[$0].distribution != nil }
    if let count = sweep.samples {
      samples = count
      seed = sweep.sampleSeed ?? 0
      draws = true
    } else if let first = random.first {
      let binding = group.bindings[first]
      let table = group.spec.isImplicit ? "[sweep]" : "\(name)'s sweep table"
      throw source.error(
        "\(binding.key) is drawn at random, but \(table) sets no samples",
        at: binding.position, context: binding.context,
        help: "add samples = N (and sample_seed = S) to \(table)")
    }
    // A group whose every combination is excluded is almost always a mistake.
    if !excludes.isEmpty, combinations > 0,
      (0..<combinations).allSatisfy({ isExcluded(choices($0)) })
    {
      let first = sweep.exclude![0]
      throw source.error(
        "exclude drops every combination of \(name), so it has no jobs (but what include adds)",
        at: first.position, context: "\(name).sweep.exclude",
        help: "an entry drops the jobs that match all its keys; name more keys to drop fewer")
    }
    // An include entry that fits no combination is a job of its own.
    for entry in includeOriginals.indices {
      var fits = false
      var offset = 0
      while offset < combinations && !fits {
        let choices = self.choices(offset)
        fits = !isExcluded(choices) && self.fits(entry, choices)
        offset += 1
      }
      if !fits { standalone.append(entry) }
    }
  }

  /// How the group's jobs were formed, for `xpert list`: `exp[1]: 4 × 4 × 6 axes, zip
  /// lr+warmup, 2 excluded, 1 included = 95 jobs`.
  var description: String {
    let sizes = units.map { "\(group.bindings[$0[0]].values.count)" }
    var parts = [
      sizes.isEmpty
        ? "no axes"
        : sizes.count == 1 ? "1 axis of \(sizes[0])" : sizes.joined(separator: " × ") + " axes"
    ]
    for zip in group.sweep.zip ?? [] { parts.append("zip " + zip.keys.joined(separator: "+")) }
    let excluded = (0..<combinations).count { row($0) == nil }
    if excluded > 0 { parts.append("\(excluded) excluded") }
    if !standalone.isEmpty { parts.append("\(standalone.count) included") }
    if draws { parts.append("× \(samples) sample\(samples == 1 ? "" : "s")") }
    let jobs = samples * (rowsPerSample - excluded)
    return "\(group.spec.name): " + parts.joined(separator: ", ")
      + " = \(jobs) job\(jobs == 1 ? "" : "s")"
  }

  /// The row `id` (`0 ..< count`), or `nil` when an `exclude` entry drops it.
  func row(_ id: Int) -> Row? {
    let sample = id / rowsPerSample
    let offset = id % rowsPerSample
    var row: Row
    if offset < combinations {
      let choices = self.choices(offset)
      if isExcluded(choices) { return nil }
      row = Row(choices: choices)
      for entry in group.includes.indices where fits(entry, choices) {
        for pair in group.includes[entry] { row.overrides[pair.binding] = pair.value }
      }
    } else {
      // An included job of its own: the group's single values and the entry's pairs.
      row = Row(
        choices: group.bindings.map { binding in
          (binding.isAxis && binding.values.count > 1) || binding.rowOnly
            || binding.values.isEmpty ? -1 : 0
        })
      for pair in group.includes[standalone[offset - combinations]] {
        row.overrides[pair.binding] = pair.value
      }
    }
    if draws {
      row.sample = sample
      for index in random {
        let binding = group.bindings[index]
        let drawn = binding.distribution!.draw(seed: seed, sample: sample, key: binding.key)
        if case .choice = binding.distribution!, case .integer(let choice) = drawn {
          row.choices[index] = Int(choice)
        } else {
          row.overrides[index] = CompiledGroup.Value(
            node: TOMLNode(drawn, at: binding.position), template: nil)
        }
      }
    }
    return row
  }

  /// The value index of each binding in combination `offset`: the last unit varies fastest.
  private func choices(_ offset: Int) -> [Int] {
    var choices = firstChoices
    var rest = offset
    for unit in units.reversed() {
      let size = group.bindings[unit[0]].values.count
      for member in unit { choices[member] = rest % size }
      rest /= size
    }
    return choices
  }

  private func text(_ binding: Int, _ choices: [Int]) -> String? {
    let choice = choices[binding]
    guard choice >= 0,
      group.bindings[binding].distribution == nil
        || group.bindings[binding].values.count > choice
    else { return nil }
    return ValueRendering.render(group.bindings[binding].values[choice].node.value)
  }

  private func isExcluded(_ choices: [Int]) -> Bool {
    excludes.contains { entry in entry.allSatisfy { text($0.binding, choices) == $0.text } }
  }

  /// Whether include entry `entry` changes none of the combination's own values.
  private func fits(_ entry: Int, _ choices: [Int]) -> Bool {
    includeOriginals[entry].allSatisfy { text($0.binding, choices) == $0.text }
  }
}
