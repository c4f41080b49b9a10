import ArgumentParser
import XpertCore
import XpertStore

/// `--only` and `--uid`, shared by `run`, `list` and `status`.
struct SelectionOptions: ParsableArguments {
  @Option(
    name: .customLong("only"),
    help: ArgumentHelp(
      "Only jobs whose KEY has VALUE (repeatable; different keys must all match).",
      valueName: "key=value"),
    completion: .custom { words, _, prefix in SelectionOptions.completions(words, prefix) })
  var only: [String] = []

  @Option(
    name: .customLong("uid"),
    help: ArgumentHelp(
      "Only jobs whose uid matches this shell pattern (repeatable).",
      valueName: "glob"))
  var uidPatterns: [String] = []

  /// Shell completion of `--only`: the keys of the config on the command line (`lr=`), then
  /// the values the file writes for the key (`lr=0.1`).
  static func completions(_ words: [String], _ prefix: String) -> [String] {
    guard let path = words.first(where: { $0.hasSuffix(".toml") && FileSystem.exists($0) }),
      let bytes = try? FileSystem.readFile(path, limit: SweepLoading.maximumConfigBytes),
      let config = try? ConfigLoader(
        source: ConfigSource(path: path, bytes: bytes), expandGlob: { _ in [] }
      ).load()
    else { return [] }
    guard let equals = prefix.firstIndex(of: "=") else {
      return config.fieldKeys.map { $0 + "=" }
    }
    let key = String(prefix[..<equals])
    let bindings = config.defaults + config.groups.flatMap(\.bindings)
    var values: [String] = []
    for binding in bindings where binding.key == key && binding.distribution == nil {
      for node in binding.values {
        let text = key + "=" + ValueRendering.render(node.value)
        if !values.contains(text) { values.append(text) }
      }
    }
    return values
  }

  func validate() throws {
    if JobSelection(only: only, uidPatterns: uidPatterns) == nil {
      throw ValidationError("--only takes KEY=VALUE, e.g. --only lr=0.1")
    }
  }

  /// The selection for `config`, or `nil` when nothing is filtered; a usage error when a key
  /// is one no job has.
  func selection(for config: SweepConfig) throws -> JobSelection? {
    guard let selection = JobSelection(only: only, uidPatterns: uidPatterns),
      !selection.isEmpty
    else { return nil }
    let keys = config.fieldKeys
    let unknown = selection.values.keys.filter { !keys.contains($0) }.sorted()
    if !unknown.isEmpty {
      throw ValidationError(
        "--only names \(unknown.joined(separator: ", ")), which no job has; the keys are: "
          + keys.joined(separator: ", "))
    }
    return selection
  }

  /// The error for a selection that matched none of `total` jobs.
  static func noneSelected(
    of total: Int, values: [String: [String]] = [:], uids: [String] = []
  ) -> CommandProblem {
    let known = values.keys.sorted().map { key in
      "\(key) is " + values[key]!.joined(separator: ", ")
        + (values[key]!.count >= 12 ? ", ..." : "")
    }
    var message = "--only/--uid select none of the \(total) jobs"
    if !known.isEmpty { message += "; their values: " + known.joined(separator: "; ") }
    if known.isEmpty && !uids.isEmpty {
      message += "; their uids are like " + uids.joined(separator: ", ")
    }
    return CommandProblem(message: message, help: "`xpert list` shows every job")
  }

  /// Notes `job`'s values of `keys` (at most 12 different ones per key), for the error when
  /// a selection matches nothing.
  static func noteValues(
    of job: Job, keys: some Sequence<String>, in seen: inout [String: [String]]
  ) {
    for key in keys {
      if let value = job.fields.first(where: { $0.key == key })?.value,
        seen[key, default: []].count < 12, !seen[key, default: []].contains(value)
      {
        seen[key, default: []].append(value)
      }
    }
  }

  func apply(to jobs: [Job], config: SweepConfig) throws -> [Job] {
    guard let selection = try selection(for: config) else { return jobs }
    let selected = jobs.filter(selection.matches)
    if selected.isEmpty {
      var values: [String: [String]] = [:]
      for job in jobs { Self.noteValues(of: job, keys: selection.values.keys, in: &values) }
      throw Self.noneSelected(
        of: jobs.count, values: values, uids: jobs.prefix(3).map(\.uid))
    }
    return selected
  }
}

extension RerunPolicy: ExpressibleByArgument {}
