#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `--only KEY=VALUE` and `--uid GLOB`: which jobs of the plan a command acts on. Different
/// keys must all match; several values for one key, or several uid patterns, match any.
public struct JobSelection: Sendable, Hashable {
  /// Required values by key.
  public var values: [String: Set<String>]
  /// Shell patterns for the uid (`fnmatch`, `*` crosses `/`).
  public var uidPatterns: [String]

  /// Parses `KEY=VALUE` terms; a term without `=` is `nil`.
  public init?(only: [String], uidPatterns: [String]) {
    var values: [String: Set<String>] = [:]
    for term in only {
      guard let equals = term.firstIndex(of: "="), equals != term.startIndex else { return nil }
      values[String(term[..<equals]), default: []].insert(
        String(term[term.index(after: equals)...]))
    }
    self.values = values
    self.uidPatterns = uidPatterns
  }

  /// Whether nothing is filtered.
  public var isEmpty: Bool { values.isEmpty && uidPatterns.isEmpty }

  /// Whether `job` is selected.
  public func matches(_ job: Job) -> Bool {
    for (key, wanted) in values {
      guard let field = job.fields.first(where: { $0.key == key }), wanted.contains(field.value)
      else { return false }
    }
    return uidPatterns.isEmpty || uidPatterns.contains { fnmatch($0, job.uid, 0) == 0 }
  }

  /// The keys named by `--only` that no job has.
  public func unknownKeys(in jobs: [Job]) -> [String] {
    let known = Set(jobs.flatMap { $0.fields.map(\.key) })
    return values.keys.filter { !known.contains($0) }.sorted()
  }
}
