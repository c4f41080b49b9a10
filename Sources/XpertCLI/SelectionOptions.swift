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

  /// The selected jobs of `jobs`, or a usage error when a key is unknown or nothing matches.
  func apply(to jobs: [Job]) throws -> [Job] {
    guard let selection = JobSelection(only: only, uidPatterns: uidPatterns),
      !selection.isEmpty
    else { return jobs }
    let unknown = selection.unknownKeys(in: jobs)
    if !unknown.isEmpty {
      let keys = Set(jobs.flatMap { $0.fields.map(\.key) }).sorted().joined(separator: ", ")
      throw ValidationError(
        "--only names \(unknown.joined(separator: ", ")), which no job has; the keys are: \(keys)")
    }
    let selected = jobs.filter(selection.matches)
    if selected.isEmpty {
      throw ValidationError(
        "--only/--uid select none of the \(jobs.count) jobs; `xpert list` shows their values")
    }
    return selected
  }
}

extension RerunPolicy: ExpressibleByArgument {}
