import TOML

/// Reads and checks the `[flags]` table.
struct FlagsLoader {
  var source: ConfigSource

  func load(_ entry: TOMLTable.Entry) throws(ConfigError) -> SweepFlags {
    guard case .table(let table) = entry.node.value else {
      throw source.error(
        "flags must be a table, but it is \(ValueRendering.typeDescription(entry.node.value))",
        at: entry.node.position, context: "flags", help: "write the flags under a [flags] header")
    }
    var flags = SweepFlags()
    for flag in table.entries {
      let context = "flags.\(flag.key)"
      let node = flag.node
      switch flag.key {
      case "num_proc":
        guard case .integer(let count) = node.value else {
          throw typeError(
            node, context: context, expected: "an integer",
            help: "write the number without quotes, e.g. num_proc = 2")
        }
        guard count >= 1, count <= 100_000 else {
          throw source.error(
            "num_proc must be at least 1 (and at most 100000), but it is \(count)",
            at: node.position, context: context,
            help: "set num_proc to the number of jobs to run at once")
        }
        flags.numProc = Int(count)
      case "jobs_per_gpu", "gpus_per_job":
        guard let count = JobLimitsReader.gpuCount(node.value) else {
          throw source.error(
            "\(flag.key) must be an integer from 1 to 64, but it is "
              + ValueRendering.literal(node.value), at: node.position, context: context,
            help: flag.key == "jobs_per_gpu"
              ? "write jobs_per_gpu = 2 to let two jobs share each GPU"
              : "write gpus_per_job = 2 to give each job two GPUs")
        }
        if flag.key == "jobs_per_gpu" { flags.jobsPerGPU = count } else { flags.gpusPerJob = count }
      case "gpu_busy_memory":
        guard case .string(let text) = node.value, let limit = GPUBusyMemory(text) else {
          throw source.error(
            "gpu_busy_memory must be a size such as \"2GiB\" or a share such as \"10%\", but "
              + "it is \(ValueRendering.literal(node.value))", at: node.position, context: context,
            help: "write gpu_busy_memory = \"10%\" (the default) or gpu_busy_memory = \"2GiB\"")
        }
        flags.gpuBusyMemory = limit
      case "gpu_busy_check":
        guard case .boolean(let check) = node.value else {
          throw typeError(
            node, context: context, expected: "true or false",
            help: "write gpu_busy_check = false to use the listed GPUs even when others use them")
        }
        flags.gpuBusyCheck = check
      case "gpu_indices":
        if case .string("auto") = node.value {
          flags.gpuAuto = true
        } else {
          flags.gpuIndices = try gpuIndices(node, context: context)
        }
      case "restart":
        guard case .boolean(let restart) = node.value else {
          throw typeError(
            node, context: context, expected: "true or false",
            help: "write restart = true or restart = false, without quotes")
        }
        flags.restart = restart
      case "timeout":
        flags.timeout = try JobLimitsReader.timeout(node.value).get(
          or: source.error(
            "timeout must be a duration such as \"90m\", \"2h\", \"30s\" or a number of "
              + "seconds, but it is \(ValueRendering.literal(node.value))", at: node.position,
            context: context, help: "write timeout = \"2h\""))
      case "retries":
        flags.retries = try JobLimitsReader.retries(node.value).get(
          or: source.error(
            "retries must be an integer ≥ 0, but it is \(ValueRendering.literal(node.value))",
            at: node.position, context: context, help: "write retries = 2"))
      case "fail_fast":
        guard case .boolean(let failFast) = node.value else {
          throw typeError(
            node, context: context, expected: "true or false",
            help: "write fail_fast = true or fail_fast = false, without quotes")
        }
        flags.failFast = failFast
      case "backend":
        guard case .string(let name) = node.value, let backend = SweepFlags.Backend(rawValue: name)
        else {
          throw source.error(
            "backend must be \"local\" or \"slurm\", but it is \(ValueRendering.literal(node.value))",
            at: node.position, context: context, help: "write backend = \"slurm\"")
        }
        flags.backend = backend
      case "on_finish", "on_failure":
        guard case .string(let command) = node.value, !command.isEmpty else {
          throw typeError(
            node, context: context, expected: "a shell command (a string)",
            help: "write \(flag.key) = \"notify-send 'sweep done'\"")
        }
        if flag.key == "on_finish" { flags.onFinish = command } else { flags.onFailure = command }
      case "order":
        guard case .array(let keys) = node.value,
          case let names = keys.compactMap({ $0.value.stringValue }), names.count == keys.count
        else {
          throw typeError(
            node, context: context, expected: "a list of key names",
            help: "write order = [\"seed\"] to run the first seed of every configuration first")
        }
        flags.order = zip(names, keys.map(\.position)).map { ($0, $1) }
      default:
        throw source.unknownKey(
          flag, named: "flag", in: "[flags]", known: SweepFlags.knownKeys, context: context)
      }
    }
    return flags
  }

  private func gpuIndices(_ node: TOMLNode, context: String) throws(ConfigError) -> [String] {
    let example = "gpu_indices = [\"0\", \"1,2\"]"
    guard case .array(let elements) = node.value else {
      throw typeError(
        node, context: context, expected: "\"auto\" or a list of strings or integers",
        help: "write \(example), or gpu_indices = \"auto\" to use every GPU nvidia-smi finds")
    }
    guard !elements.isEmpty else {
      throw source.error(
        "gpu_indices is empty, so no job could ever start", at: node.position, context: context,
        help: "list at least one GPU entry (\(example)), or remove gpu_indices")
    }
    var entries: [String] = []
    for element in elements {
      switch element.value {
      case .string(let text) where !text.isEmpty && !text.contains(where: \.isWhitespace):
        entries.append(text)
      case .integer(let index) where index >= 0:
        entries.append(String(index))
      default:
        throw source.error(
          "each GPU entry must be a non-empty string such as \"2,4\" or an integer ≥ 0, "
            + "but this one is \(ValueRendering.literal(element.value))",
          at: element.position, context: context, help: "write \(example)")
      }
    }
    return entries
  }

  private func typeError(
    _ node: TOMLNode, context: String, expected: String, help: String
  ) -> ConfigError {
    source.error(
      "expected \(expected), but found \(ValueRendering.typeDescription(node.value)) \(ValueRendering.literal(node.value))",
      at: node.position, context: context, help: help)
  }
}
