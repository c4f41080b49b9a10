import ArgumentParser
import XpertCore

/// `--only` and `--uid`, shared by `run`, `list` and `status`.
struct SelectionOptions: ParsableArguments {
  @Option(
    name: .customLong("only"),
    help: ArgumentHelp(
      "Only jobs whose KEY has VALUE (repeatable; different keys must all match).",
      valueName: "key=value"))
  var only: [String] = []

  @Option(
    name: .customLong("uid"),
    help: ArgumentHelp(
      "Only jobs whose uid matches this shell pattern (repeatable).",
      valueName: "glob"))
  var uidPatterns: [String] = []

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
  static func noneSelected(of total: Int, values: [String: [String]] = [:]) -> ValidationError {
    let known = values.keys.sorted().map { key in
      "\(key) is " + values[key]!.joined(separator: ", ")
        + (values[key]!.count >= 12 ? ", ..." : "")
    }
    return ValidationError(
      "--only/--uid select none of the \(total) jobs; "
        + (known.isEmpty
          ? "`xpert list` shows their values" : "their values: " + known.joined(separator: "; ")))
  }

  /// The selected jobs of `jobs`.
  func apply(to jobs: [Job], config: SweepConfig) throws -> [Job] {
    guard let selection = try selection(for: config) else { return jobs }
    let selected = jobs.filter(selection.matches)
    if selected.isEmpty {
      var values: [String: [String]] = [:]
      for key in selection.values.keys {
        var seen: [String] = []
        for job in jobs {
          guard let value = job.fields.first(where: { $0.key == key })?.value,
            !seen.contains(value)
          else { continue }
          seen.append(value)
          if seen.count == 12 { break }
        }
        values[key] = seen
      }
      throw Self.noneSelected(of: jobs.count, values: values)
    }
    return selected
  }
}

extension RerunPolicy: ExpressibleByArgument {}
