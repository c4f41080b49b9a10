import TOML

/// What a config probably does not mean, said as warnings before anything runs (the config is
/// still valid): a flag written among the jobs' keys, and a value with spaces or shell
/// characters inserted into `cmd` unquoted.
public enum ConfigWarnings {
  /// Flags that are only flags (the others are also keys of a group: `timeout`, `retries`,
  /// `gpus_per_job`, `jobs_per_gpu`).
  static let flagOnly = SweepFlags.knownKeys.filter {
    !["timeout", "retries", "gpus_per_job", "jobs_per_gpu"].contains($0)
  }

  /// The warnings, each `file:line:column: warning: ...` and a help line.
  public static func of(_ config: SweepConfig) -> [String] {
    var warnings: [String] = []
    let source = config.source
    func warn(_ message: String, at position: TOMLPosition, help: String) {
      // A key from `--set` is on line -k (ConfigOverrides): name the option instead.
      let place =
        position.line < 0 ? "--set:1:\(position.column)" : "\(source.path):\(position)"
      warnings.append("\(place): warning: \(message)\n  help: \(help)")
    }
    let placed =
      config.defaults.map { ($0, "at the top level") }
      + config.groups.flatMap { group in group.bindings.map { ($0, "in \(group.name)") } }
    for (binding, place) in placed where flagOnly.contains(binding.key) {
      warn(
        "\(binding.key) \(place) is a key of the jobs, not a flag, so it changes nothing but "
          + "the jobs' values", at: binding.keyPosition,
        help: "move it under [flags]")
    }
    var said: Set<String> = []
    for spec in config.groups {
      guard
        let group = try? CompiledGroup(
          spec, defaults: config.defaults, sweep: config.sweepSpec(ofGroup: spec.number),
          source: source),
        let cmd = group.effectiveIndex["cmd"]
      else { continue }
      for value in group.bindings[cmd].values {
        guard let template = value.template else { continue }
        for (placeholder, target) in zip(template.placeholders, value.targets)
        where placeholder.conversion == nil && placeholder.spec == nil {
          guard let target, !said.contains(placeholder.key),
            let risky = group.bindings[target].values.lazy.compactMap({ value -> String? in
              guard value.template?.placeholders.isEmpty ?? true,
                case .string(let text) = value.node.value,
                text.contains(where: { $0.isWhitespace || ";&|<>()$`\\\"'*?[]#~".contains($0) })
              else { return nil }
              return text
            }).first
          else { continue }
          said.insert(placeholder.key)
          warn(
            "{\(placeholder.key)} puts \"\(risky)\" into cmd unquoted: the shell splits it at "
              + "spaces and reads its special characters",
            at: TemplatePosition.of(offset: placeholder.offset, in: value.node, source: source),
            help: "write {\(placeholder.key)!q} to pass each value as one argument")
        }
      }
    }
    return warnings
  }
}
