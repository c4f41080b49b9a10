/// Everything one job logged: a summary per metric, from the first source that has it (the
/// metrics file, then `[results]` patterns and files, then framework files, then the logs).
public struct JobMetrics: Sendable, Hashable {
  /// Each metric's summary.
  public internal(set) var summaries: [String: MetricSummary] = [:]
  /// Which source each metric came from (`metrics.jsonl`, `stdout`, a file's path).
  public internal(set) var origin: [String: String] = [:]
  /// Each metric's learning curve, from the same source as its summary (where they were read).
  public var curves: [String: MetricCurve] = [:]

  /// No metrics.
  public init() {}

  /// Merges the metrics of one source: only metrics that no earlier source had.
  public mutating func merge(_ source: SourceMetrics) {
    for (name, series) in source.series where summaries[name] == nil {
      summaries[name] = series.summary
      origin[name] = source.name
      if let curve = series.curve { curves[name] = curve }
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
  /// One metric of the source: its summary, and its learning curve where it was read (a
  /// summary from the metrics cache comes without one). Kept together so that a point costs one
  /// lookup of its name.
  public struct Series: Sendable, Hashable {
    /// The summary.
    public var summary = MetricSummary()
    /// The curve.
    public var curve: MetricCurve?

    /// A metric's series.
    public init(summary: MetricSummary = MetricSummary(), curve: MetricCurve? = nil) {
      self.summary = summary
      self.curve = curve
    }
  }

  /// The source (`metrics.jsonl`, `stdout`, a file's path relative to the job directory).
  public var name: String
  /// Each metric's series.
  public var series: [String: Series] = [:]
  /// Whether points also go into learning curves (only a report needs them).
  public var keepsCurves: Bool

  /// An empty source, which keeps learning curves if asked to.
  public init(name: String, keepsCurves: Bool = false) {
    self.name = name
    self.keepsCurves = keepsCurves
  }

  /// Each metric's summary.
  public var summaries: [String: MetricSummary] { series.mapValues(\.summary) }
  /// Each metric's learning curve, where kept (the metrics cache does not keep them:
  /// `xpert results` has no use for them; a report keeps those it draws beside it,
  /// `MetricsCurvesCoding`).
  public var curves: [String: MetricCurve] { series.compactMapValues(\.curve) }

  /// Counts `points` (those of one line, row or record: a curve takes their `epoch` for the
  /// step where they have none).
  public mutating func add(_ points: [MetricPoint]) {
    let epoch = keepsCurves ? points.first { $0.name == "epoch" && $0.step == nil }?.value : nil
    for point in points {
      series[point.name, default: Series(curve: keepsCurves ? MetricCurve() : nil)].add(
        point.value, step: point.step, epoch: epoch)
    }
  }
}

extension SourceMetrics.Series {
  mutating func add(_ value: Double, step: Double?, epoch: Double?) {
    summary.add(value, step: step)
    curve?.add(value, step: step, epoch: epoch)
  }
}
