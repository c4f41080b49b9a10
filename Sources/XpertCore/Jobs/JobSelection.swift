#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `--only KEY=VALUE` and `--uid GLOB`: which jobs of the plan a command acts on. Different
/// keys must all match; several values for one key (`--only lr=0.1 --only lr=0.01`, or
/// `--only lr=0.1,0.01`), or several uid patterns, match any. Numbers compare by value
/// (`lr=1e-2` selects `0.01`). A uid pattern may end in `/`, and an absolute one is matched
/// against the job's directory.
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
      let value = String(term[term.index(after: equals)...])
      // The value as written, and each comma-separated part (a value may hold commas).
      var wanted: Set<String> = [value]
      if value.contains(",") { wanted.formUnion(value.split(separator: ",").map(String.init)) }
      values[String(term[..<equals]), default: []].formUnion(wanted)
    }
    self.values = values
    self.uidPatterns = uidPatterns.map { pattern in
      var pattern = pattern
      while pattern.count > 1 && pattern.hasSuffix("/") { pattern.removeLast() }
      return pattern
    }
  }

  /// Whether nothing is filtered.
  public var isEmpty: Bool { values.isEmpty && uidPatterns.isEmpty }

  /// Whether `job` is selected.
  public func matches(_ job: Job) -> Bool {
    for (key, wanted) in values {
      guard let field = job.fields.first(where: { $0.key == key }),
        wanted.contains(field.value) || Self.sameNumber(field.value, in: wanted)
      else { return false }
    }
    return uidPatterns.isEmpty
      || uidPatterns.contains { pattern in
        fnmatch(pattern, pattern.hasPrefix("/") ? job.directory : job.uid, 0) == 0
      }
  }

  /// Whether `value` is a number equal to one of `wanted`'s.
  private static func sameNumber(_ value: String, in wanted: Set<String>) -> Bool {
    guard let number = Double(value), number.isFinite else { return false }
    return wanted.contains { Double($0) == number }
  }

  /// The keys named by `--only` that no job has.
  public func unknownKeys(in jobs: [Job]) -> [String] {
    let known = Set(jobs.flatMap { $0.fields.map(\.key) })
    return values.keys.filter { !known.contains($0) }.sorted()
  }
}
