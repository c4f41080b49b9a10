import TOML

/// Resolves the templates of one job: every key's value in the job's context, recursively,
/// with cycles and unknown keys reported.
struct JobResolver {
  /// A resolved value: a non-string value keeps its type so that `{seed:03d}` can format it.
  enum Resolved {
    case typed(TOMLValue)
    case text(String)

    /// The value as TOML: text becomes a string.
    var typedValue: TOMLValue {
      switch self {
      case .typed(let value): value
      case .text(let text): .string(text)
      }
    }

    /// What the value was, for JSON.
    var kind: JobField.Kind {
      switch self {
      case .text: .string
      case .typed(.string): .string
      case .typed(.integer): .integer
      case .typed(.float): .float
      case .typed(.boolean): .boolean
      case .typed: .other
      }
    }

    var text: String {
      switch self {
      case .typed(let value): ValueRendering.render(value)
      case .text(let text): text
      }
    }
  }

  /// The longest resolved value, in UTF-8 bytes.
  static let maximumValueBytes = 1 << 20

  let group: CompiledGroup
  let row: GroupRows.Row
  let source: ConfigSource
  let home: String
  private var cache: [Resolved?]
  private var resolving: [Int] = []

  init(group: CompiledGroup, row: GroupRows.Row, source: ConfigSource, home: String) {
    self.group = group
    self.row = row
    self.source = source
    self.home = home
    self.cache = Array(repeating: nil, count: group.bindings.count)
  }

  /// The value binding `index` has in this job, if it has one.
  func current(_ index: Int) -> CompiledGroup.Value? {
    if !row.overrides.isEmpty, let value = row.overrides[index] { return value }
    let choice = row.choices[index]
    return choice >= 0 ? group.bindings[index].values[choice] : nil
  }

  /// The value of the group's effective `key` (which must exist).
  mutating func value(of key: String) throws(ConfigError) -> Resolved {
    try value(at: group.effectiveIndex[key]!)
  }

  mutating func value(at index: Int) throws(ConfigError) -> Resolved {
    if let done = cache[index] { return done }
    let binding = group.bindings[index]
    if let start = resolving.firstIndex(of: index) {
      let names = (resolving[start...] + [index]).map { group.bindings[$0].key }
      throw source.error(
        "templates refer to each other in a cycle: " + names.joined(separator: " → "),
        at: current(index)?.node.position ?? binding.position, context: binding.context,
        help: "break the cycle: one of these values must not use the others")
    }
    guard let value = current(index) else {
      throw source.error(
        "\(binding.key) is not set in this job (an included job of its own has only its "
          + "entry's pairs and \(group.spec.name)'s single values)",
        at: binding.position, context: binding.context,
        help: "give \(binding.key) in the include entry")
    }
    var result: Resolved
    if let template = value.template {
      resolving.append(index)
      var text = ""
      var placeholderNumber = 0
      for segment in template.segments {
        switch segment {
        case .literal(let literal): text += literal
        case .placeholder(let placeholder):
          text += try insert(
            placeholder, target: value.targets[placeholderNumber], from: index, value: value)
          placeholderNumber += 1
        }
        // A value that doubles at each of 30 levels, or 3,000 placeholders each padded to a
        // million characters, would take gigabytes: stop at a size no command can have.
        if text.utf8.count > Self.maximumValueBytes {
          throw source.error(
            "the value resolves to more than 1 MiB of text",
            at: value.node.position, context: binding.context,
            help: "a command or value this long cannot be run (the system takes at most 128 KiB "
              + "per argument); check the templates it uses")
        }
      }
      resolving.removeLast()
      if binding.key == "uid" && !binding.isParent {
        text = PathNormalization.expandingTilde(text, home: home)
      }
      result = .text(text)
    } else {
      result = .typed(value.node.value)
    }
    cache[index] = result
    return result
  }

  private mutating func insert(
    _ placeholder: Template.Placeholder, target: Int?, from index: Int,
    value: CompiledGroup.Value
  ) throws(ConfigError) -> String {
    let binding = group.bindings[index]
    // Only errors need the caret's place, and finding it scans the source line.
    var position: TOMLPosition {
      TemplatePosition.of(offset: placeholder.offset, in: value.node, source: source)
    }
    guard let target else {
      if placeholder.key == binding.key {
        throw source.error(
          "the top-level \(binding.key) refers to itself as {\(binding.key)}", at: position,
          context: binding.context, help: "remove {\(binding.key)} from the top-level value")
      }
      if let literal = Self.literalBraces(placeholder, in: value.node) {
        throw source.error(
          literal.message, at: position, context: binding.context, help: literal.help)
      }
      let keys = group.keys
      let suggestion = EditDistance.suggestion(for: placeholder.key, among: keys)
      throw source.error(
        "unknown key {\(placeholder.key)}"
          + (suggestion.map { "; did you mean {\($0)}?" } ?? "")
          + (suggestion == nil ? "." : "")
          + " The keys of \(group.spec.name) are: " + keys.joined(separator: ", "),
        at: position, context: binding.context,
        help: "use one of those keys, or define \(placeholder.key) in the group or at the top level"
      )
    }
    guard current(target) != nil else {
      throw source.error(
        "{\(placeholder.key)} is not set in this job: it comes from an include entry that "
          + "does not give it (\(group.spec.name)'s included jobs have only their own pairs "
          + "and the group's single values)",
        at: position, context: binding.context,
        help: "give \(placeholder.key) in the include entry, or use {_index} or {_hash} in the uid")
    }
    let resolved = try self.value(at: target)
    do {
      return try Self.format(resolved, placeholder)
    } catch {
      throw source.error(
        "\(placeholder.text): \(error.message) (\(placeholder.key) = \(resolved.text))",
        at: position, context: binding.context,
        help: "change the format spec, e.g. {seed:03d} for integers, {lr:.1e} for floats")
    }
  }

  /// For a placeholder that is not meant as one, what it is and how to write it: a shell
  /// `${VAR}`, or braces of an awk program, a JSON literal or a shell brace group.
  static func literalBraces(
    _ placeholder: Template.Placeholder, in node: TOMLNode
  ) -> (message: String, help: String)? {
    guard case .string(let text) = node.value else { return nil }
    let scalars = Array(text.unicodeScalars)
    let key = placeholder.key
    let inside = placeholder.text.dropFirst().dropLast()
    if placeholder.offset > 0, scalars[placeholder.offset - 1] == "$",
      key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
    {
      return (
        "${\(key)} is the shell's syntax, but in a template {\(key)} inserts the value of a "
          + "key \(key), which the job does not have",
        "for the shell variable write $\(key) (without braces), or ${{\(key)}} to keep the braces"
      )
    }
    let isName = key.allSatisfy { $0.isLetter || $0.isNumber || "_-.".contains($0) }
    guard !isName else { return nil }
    return (
      "{\(inside)} is not a key: in a template, braces insert the value of a key",
      "write literal braces doubled, {{\(inside)}}, as awk programs, JSON and shell brace "
        + "groups need"
    )
  }

  static func format(
    _ value: Resolved, _ placeholder: Template.Placeholder
  ) throws(FormatSpec.Invalid) -> String {
    guard let spec = placeholder.spec else {
      return placeholder.conversion == .shellQuoted ? ShellQuoting.quote(value.text) : value.text
    }
    if placeholder.conversion == .string { return try spec.format(text: value.text) }
    if placeholder.conversion == .shellQuoted {
      // Format first, then quote: the quotes always stay whole.
      var plain = placeholder
      plain.conversion = nil
      return ShellQuoting.quote(try format(value, plain))
    }
    switch value {
    case .typed(.integer(let number)): return try spec.format(integer: number)
    case .typed(.float(let number)): return try spec.format(float: number)
    default: return try spec.format(text: value.text)
    }
  }
}
