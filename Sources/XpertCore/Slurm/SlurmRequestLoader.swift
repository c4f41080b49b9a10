import TOML

/// Reads and checks a `[slurm]` table (top level, `[exp.slurm]` or an inline `slurm = {...}`).
struct SlurmRequestLoader {
  var source: ConfigSource

  func load(_ node: TOMLNode, context: String) throws(ConfigError) -> SlurmRequest {
    guard case .table(let table) = node.value else {
      throw source.error(
        "slurm must be a table, but it is \(ValueRendering.typeDescription(node.value))",
        at: node.position, context: context,
        help: "write the resource request under a [slurm] header, or as slurm = { ... }")
    }
    var request = SlurmRequest()
    for entry in table.entries {
      let key = "\(context).\(entry.key)"
      let node = entry.node
      switch entry.key {
      case "partition": request.partition = try word(node, key, example: "partition = \"gpu\"")
      case "account": request.account = try word(node, key, example: "account = \"lab\"")
      case "qos": request.qos = try word(node, key, example: "qos = \"normal\"")
      case "constraint":
        request.constraint = try word(node, key, example: "constraint = \"a100\"")
      case "job_name": request.jobName = try word(node, key, example: "job_name = \"sweep\"")
      case "mem": request.mem = try word(node, key, example: "mem = \"16G\"")
      case "time": request.time = try time(node, key)
      case "cpus_per_task":
        request.cpusPerTask = try count(node, key, minimum: 1, example: "cpus_per_task = 4")
      case "gpus_per_job":
        request.gpusPerJob = try count(node, key, minimum: 0, example: "gpus_per_job = 1")
      case "extra": request.extra = try options(node, key)
      default:
        throw source.unknownKey(
          entry, named: "Slurm key", in: "[slurm]", known: SlurmRequest.knownKeys, context: key,
          more: "; pass other sbatch options in extra = [\"--option=value\"]")
      }
    }
    return request
  }

  private func word(_ node: TOMLNode, _ key: String, example: String) throws(ConfigError)
    -> String
  {
    guard case .string(let text) = node.value, !text.isEmpty,
      !text.contains(where: { $0.isWhitespace })
    else {
      throw source.error(
        "expected a non-empty string without spaces, but found "
          + "\(ValueRendering.typeDescription(node.value)) \(ValueRendering.literal(node.value))",
        at: node.position, context: key, help: "write \(example)")
    }
    return text
  }

  private func count(_ node: TOMLNode, _ key: String, minimum: Int64, example: String)
    throws(ConfigError) -> Int
  {
    guard case .integer(let value) = node.value, value >= minimum, value <= 1_000_000 else {
      throw source.error(
        "expected an integer ≥ \(minimum), but found \(ValueRendering.literal(node.value))",
        at: node.position, context: key, help: "write \(example)")
    }
    return Int(value)
  }

  /// A duration as Xpert writes it (`"2h"`, `"90m"`) or a Slurm time (`"1-00:00:00"`, `"2:00:00"`).
  /// A bare number is refused: Slurm reads it as minutes, Xpert's `timeout` as seconds.
  private func time(_ node: TOMLNode, _ key: String) throws(ConfigError) -> String {
    if case .string(let text) = node.value {
      if text.contains(":") || text.contains("-") {
        if SlurmRequest.seconds(ofSlurmTime: text) != nil { return text }
      } else if text.contains(where: { $0.isLetter }), let seconds = DurationText.seconds(text) {
        return SlurmRequest.slurmTime(seconds: seconds)
      }
    }
    let bare: Bool
    switch node.value {
    case .integer, .float: bare = true
    case .string(let text): bare = !text.isEmpty && text.allSatisfy { $0.isNumber || $0 == "." }
    default: bare = false
    }
    throw source.error(
      bare
        ? "time \(ValueRendering.literal(node.value)) has no unit: Slurm would read minutes, "
          + "Xpert's timeout reads seconds"
        : "time must be a duration such as \"2h\" or \"90m\", or a Slurm time such as "
          + "\"1-00:00:00\", but it is \(ValueRendering.literal(node.value))",
      at: node.position, context: key,
      help: bare
        ? "write the unit: time = \"90m\", or Slurm's form time = \"1:30:00\""
        : "write time = \"2h\"")
  }

  /// `sbatch` options that Xpert sets and `extra` must not override.
  static let reserved = [
    "--array", "-a", "--output", "-o", "--error", "-e", "--chdir", "-D", "--signal",
    "--dependency", "-d", "--hold", "-H", "--parsable", "--wrap", "--test-only", "--input", "-i",
  ]

  /// Whether the option `text` is `name` (`--name`, `--name=value`, `-n`, `-nvalue`).
  static func names(_ text: String, _ name: String) -> Bool {
    if name.hasPrefix("--") { return text == name || text.hasPrefix(name + "=") }
    return text.hasPrefix(name) && !text.hasPrefix("--")
  }

  private func options(_ node: TOMLNode, _ key: String) throws(ConfigError) -> [String] {
    let example = "extra = [\"--exclusive\", \"--nice=10\"]"
    guard case .array(let elements) = node.value else {
      throw source.error(
        "extra must be a list of sbatch options, but it is "
          + ValueRendering.typeDescription(node.value), at: node.position, context: key,
        help: "write \(example)")
    }
    var options: [String] = []
    for element in elements {
      if case .string(let text) = element.value,
        let reserved = Self.reserved.first(where: { Self.names(text, $0) })
      {
        throw source.error(
          "extra cannot set \(reserved): Xpert sets it itself (each job array's tasks, Xpert's "
            + "own log files, the time-limit warning, the order of arrays)", at: element.position,
          context: key,
          help: "remove it; use the [slurm] keys for the resource request and num_proc for the "
            + "throttle")
      }
      guard case .string(let text) = element.value, text.hasPrefix("-") else {
        throw source.error(
          "each entry of extra must be one sbatch option starting with \"-\", but this one is "
            + ValueRendering.literal(element.value), at: element.position, context: key,
          help: "write \(example)")
      }
      options.append(text)
    }
    return options
  }
}
