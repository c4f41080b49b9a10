import TOML

/// A group ready to expand: its effective keys (top-level defaults first, then its own), each
/// string value parsed as a template once, and its axes in cross-product order.
struct CompiledGroup: Sendable {
  /// A string value's template, or a non-string value as it is.
  struct Value: Sendable {
    var node: TOMLNode
    var template: Template?
    /// For each placeholder, the index of the binding it names (`nil`: no such key), found
    /// once here so that expanding a job looks nothing up by name.
    var targets: [Int?] = []
  }

  /// One key of the group. A `parent` binding is the top-level value of a key that the group
  /// sets itself and refers to as `{key}` inside its own value.
  struct Binding: Sendable {
    var key: String
    var context: String
    var isParent: Bool
    var isAxis: Bool
    var values: [Value]
    /// How a random search draws it.
    var distribution: RandomDistribution?
    /// Where the key is written.
    var position: TOMLPosition
    /// Set by a job's row only: a key that only `include` entries give, or a built-in
    /// (`_index`, `_hash`).
    var rowOnly = false
  }

  /// The built-in keys, set for each job: its place in the plan, a hash of its values.
  static let builtins = ["_index", "_hash"]

  var spec: GroupSpec
  var bindings: [Binding] = []
  var effectiveIndex: [String: Int] = [:]
  var parentIndex: [String: Int] = [:]
  var axes: [Int] = []
  var jobCount = 1
  /// How the group's jobs are formed beyond the cross product.
  var sweep: SweepSpec
  /// Whether some value names `{_hash}` (which costs a hash of every job's values).
  var usesHash = false
  /// Whether some value names `{_index}`.
  var usesIndex = false
  /// The bindings that are a job's fields: not `cmd`, `uid`, a parent or a built-in.
  var fieldBindings: [Int] = []
  /// The `include` entries, each pair's value compiled, in file order.
  var includes: [[(binding: Int, value: Value)]] = []

  /// The keys a template in this group may name, in order.
  var keys: [String] { bindings.filter { !$0.isParent }.map(\.key) }

  init(
    _ spec: GroupSpec, defaults: [ConfigBinding], sweep: SweepSpec = SweepSpec(),
    source: ConfigSource
  ) throws(ConfigError) {
    self.spec = spec
    self.sweep = sweep
    let own = try spec.bindings.map { (binding) throws(ConfigError) in
      try Self.compile(binding, context: "\(spec.name).\(binding.key)", source: source)
    }
    let ownKeys = Set(own.map(\.key))
    let referencing = Set(
      own.filter { binding in
        binding.values.contains {
          $0.template?.placeholders.contains { $0.key == binding.key } ?? false
        }
      }.map(\.key))
    for binding in defaults {
      let overridden = ownKeys.contains(binding.key)
      guard !overridden || referencing.contains(binding.key) else { continue }
      let context = spec.isImplicit ? binding.key : "\(spec.name): top-level \(binding.key)"
      var compiled = try Self.compile(binding, context: context, source: source)
      compiled.isParent = overridden
      add(compiled)
    }
    for binding in own {
      if referencing.contains(binding.key) && parentIndex[binding.key] == nil {
        let node = binding.values[0].node
        throw source.error(
          "{\(binding.key)} inside \(spec.name).\(binding.key) refers to the top-level "
            + "\(binding.key), but the config has no top-level \(binding.key)",
          at: node.position, context: binding.context,
          help: "define \(binding.key) at the top level, or remove {\(binding.key)} from this value"
        )
      }
      add(binding)
    }
    // Keys that only include entries give, and the built-ins, are bindings without values.
    for entry in sweep.include ?? [] {
      for pair in entry.pairs where effectiveIndex[pair.key] == nil {
        add(
          Binding(
            key: pair.key, context: "\(spec.name).sweep.\(entry.name)", isParent: false,
            isAxis: false, values: [], position: pair.keyPosition, rowOnly: true))
      }
    }
    for key in Self.builtins {
      add(
        Binding(
          key: key, context: spec.name, isParent: false, isAxis: false, values: [],
          position: spec.position, rowOnly: true))
    }
    for entry in sweep.include ?? [] {
      var pairs: [(binding: Int, value: Value)] = []
      for pair in entry.pairs {
        let context = "\(spec.name).sweep.\(entry.name).\(pair.key)"
        let compiled = try Self.compile(
          ConfigBinding(
            key: pair.key, keyPosition: pair.keyPosition, values: [pair.node], isAxis: false),
          context: context, source: source)
        pairs.append((effectiveIndex[pair.key]!, compiled.values[0]))
      }
      includes.append(pairs)
    }
    for index in bindings.indices {
      for offset in bindings[index].values.indices {
        bindings[index].values[offset].targets = targets(
          of: bindings[index].values[offset], in: index)
      }
    }
    for entry in includes.indices {
      for pair in includes[entry].indices {
        includes[entry][pair].value.targets = targets(
          of: includes[entry][pair].value, in: includes[entry][pair].binding)
      }
    }
    func used(_ key: String) -> Bool {
      let index = effectiveIndex[key]
      return bindings.contains { $0.values.contains { $0.targets.contains(index) } }
        || includes.contains { $0.contains { $0.value.targets.contains(index) } }
    }
    usesHash = used("_hash")
    usesIndex = used("_index")
    fieldBindings = bindings.indices.filter { index in
      let binding = bindings[index]
      return !binding.isParent && binding.key != "cmd" && binding.key != "uid"
        && !Self.builtins.contains(binding.key)
    }
    for required in ["cmd", "uid"]
    where effectiveIndex[required].map({ bindings[$0].rowOnly }) ?? true {
      throw source.error(
        "the group has no \(required), and there is no top-level \(required) to inherit",
        at: spec.position, context: spec.name,
        help: "add \(required) = \"...\" to the group or at the top level")
    }
    for required in ["cmd", "uid"] {
      let binding = bindings[effectiveIndex[required]!]
      if binding.isAxis && binding.values.count > 1 {
        throw source.error(
          "\(required) is a list, but a group has one \(required) template (a list would make "
            + "it an axis)", at: binding.values[0].node.position, context: binding.context,
          help: required == "cmd"
            ? "put what varies in a key: cmd = \"python {script}\" with script = [\"a.py\", \"b.py\"], or use one [[exp]] group per command"
            : "write one template that names the keys: uid = \"runs/{model}/{seed}\"")
      }
      for value in binding.values {
        guard case .string = value.node.value else {
          throw source.error(
            "\(required) must be a string, but it is \(ValueRendering.typeDescription(value.node.value))",
            at: value.node.position, context: binding.context,
            help: "write \(required) = \"...\" (one template per group)")
        }
      }
    }
  }

  /// For each placeholder of `value` (a value of binding `index`), the binding it names.
  private func targets(of value: Value, in index: Int) -> [Int?] {
    guard let template = value.template else { return [] }
    let binding = bindings[index]
    return template.placeholders.map { placeholder in
      placeholder.key == binding.key
        ? (binding.isParent ? nil : parentIndex[binding.key])
        : effectiveIndex[placeholder.key]
    }
  }

  private mutating func add(_ binding: Binding) {
    let index = bindings.count
    bindings.append(binding)
    if binding.isParent {
      parentIndex[binding.key] = index
    } else {
      effectiveIndex[binding.key] = index
    }
    if binding.isAxis {
      axes.append(index)
      jobCount =
        jobCount.multipliedReportingOverflow(by: binding.values.count).overflow
        ? Int.max : jobCount * binding.values.count
    }
  }

  private static func compile(
    _ binding: ConfigBinding, context: String, source: ConfigSource
  ) throws(ConfigError) -> Binding {
    var values: [Value] = []
    values.reserveCapacity(binding.values.count)
    for node in binding.values {
      guard case .string(let text) = node.value else {
        values.append(Value(node: node, template: nil))
        continue
      }
      do {
        values.append(Value(node: node, template: try Template(parsing: text)))
      } catch {
        throw source.error(
          error.message, at: TemplatePosition.of(offset: error.offset, in: node, source: source),
          context: context, help: "write {key} to insert a value, {{ and }} for literal braces")
      }
    }
    return Binding(
      key: binding.key, context: context, isParent: false, isAxis: binding.isAxis, values: values,
      distribution: binding.distribution, position: binding.keyPosition)
  }
}
