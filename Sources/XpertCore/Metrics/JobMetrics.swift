/// Everything one job logged: a summary per metric, from the first source that has it (the
/// metrics file, then `[results]` patterns and files, then framework files, then the logs).
public struct JobMetrics: Sendable, Hashable {
  /// Each metric's summary.
  public internal(set) var summaries: [String: MetricSummary] = [:]
  /// Which source each metric came from (`metrics.jsonl`, `stdout`, a file's path).
  public internal(set) var origin: [String: String] = [:]

  /// No metrics.
  public init() {}

  /// Merges the metrics of one source: only metrics that no earlier source had.
  public mutating func merge(_ source: SourceMetrics) {
    for (name, summary) in source.summaries where summaries[name] == nil {
      summaries[name] = summary
      origin[name] = source.name
    }
  }

  /// The metrics' names, sorted.
  public var names: [String] { summaries.keys.sorted() }

  /// The value of `column`, if the job logged that metric.
  public func value(of column: MetricColumn) -> Double? {
    summaries[column.name]?.value(column.reducer)
  }
}

/// The metrics of one source of one job, summed up as its points arrive.
public struct SourceMetrics: Sendable, Hashable {
  /// The source (`metrics.jsonl`, `stdout`, a file's path relative to the job directory).
  public var name: String
  /// Each metric's summary.
  public var summaries: [String: MetricSummary] = [:]

  /// An empty source.
  public init(name: String) {
    self.name = name
  }

  /// Counts `points`.
  public mutating func add(_ points: [MetricPoint]) {
    for point in points {
      summaries[point.name, default: MetricSummary()].add(point.value, step: point.step)
    }
  }
}
