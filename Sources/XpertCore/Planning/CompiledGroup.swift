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
  }

  var spec: GroupSpec
  var bindings: [Binding] = []
  var effectiveIndex: [String: Int] = [:]
  var parentIndex: [String: Int] = [:]
  var axes: [Int] = []
  var jobCount = 1

  /// The keys a template in this group may name, in order.
  var keys: [String] { bindings.filter { !$0.isParent }.map(\.key) }

  init(_ spec: GroupSpec, defaults: [ConfigBinding], source: ConfigSource) throws(ConfigError) {
    self.spec = spec
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
    for index in bindings.indices {
      let binding = bindings[index]
      for offset in binding.values.indices {
        guard let template = binding.values[offset].template else { continue }
        bindings[index].values[offset].targets = template.placeholders.map { placeholder in
          placeholder.key == binding.key
            ? (binding.isParent ? nil : parentIndex[binding.key])
            : effectiveIndex[placeholder.key]
        }
      }
    }
    for required in ["cmd", "uid"] where effectiveIndex[required] == nil {
      throw source.error(
        "the group has no \(required), and there is no top-level \(required) to inherit",
        at: spec.position, context: spec.name,
        help: "add \(required) = \"...\" to the group or at the top level")
    }
    for required in ["cmd", "uid"] {
      let binding = bindings[effectiveIndex[required]!]
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
      key: binding.key, context: context, isParent: false, isAxis: binding.isAxis, values: values)
  }
}
