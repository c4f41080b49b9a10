import Testing

@testable import XpertCore

@Suite struct ResultsTableTests {
  /// A job of the `lr × seed` sweep with `acc` (if given) and state.
  static func entry(
    _ lr: String, _ seed: String, acc: Double?, state: JobState = .completed, model: String = "r"
  ) -> ResultsTable.Entry {
    let job = Job(
      number: 0, group: 1, numberInGroup: 0, uid: "runs/\(lr)/\(seed)",
      directory: "/x/runs/\(lr)/\(seed)", command: "train",
      fields: [
        JobField(key: "lr", value: lr), JobField(key: "seed", value: seed),
        JobField(key: "model", value: model),
      ])
    var source = SourceMetrics(name: "stdout")
    if let acc { source.add([MetricPoint(name: "acc", value: acc)]) }
    var metrics = JobMetrics()
    metrics.merge(source)
    return ResultsTable.Entry(job: job, state: state, metrics: metrics)
  }

  static let entries = [
    entry("0.1", "1", acc: 0.8), entry("0.1", "2", acc: 0.9),
    entry("0.1", "3", acc: nil, state: .running),
    entry("0.01", "1", acc: 0.5, state: .failed), entry("0.01", "2", acc: 0.7),
    entry("0.01", "3", acc: 0.6, state: .stale),
  ]

  @Test func replicatesAreAveragedWithTheirCount() throws {
    let table = ResultsTable(Self.entries, spec: ResultsSpec(), options: .init())
    #expect(table.constants == [JobField(key: "model", value: "r")])
    #expect(table.replicate == "seed" && table.axes == ["lr"])
    #expect(table.columns == [MetricColumn(name: "acc")])
    #expect(table.rows.map(\.values) == [["0.1"], ["0.01"]])
    let first = table.rows[0].cells[0]
    #expect(abs(first.mean! - 0.85) < 1e-12 && abs(first.sd! - 0.0707106781) < 1e-9)
    #expect(first.count == 2 && first.of == 3, "the running seed has no value yet")
    let second = table.rows[1].cells[0]
    #expect(second.mean == 0.7 && second.sd == nil && second.count == 1 && second.of == 3)
    #expect(
      table.rows[1].states == [
        .init(state: .failed, count: 1), .init(state: .completed, count: 1),
        .init(state: .stale, count: 1),
      ])
  }

  @Test func interruptedJobsStayOutOfTheAveragesAndEqualValuesHaveNoSpread() {
    let entries = [
      Self.entry("0.1", "1", acc: 0.091), Self.entry("0.1", "2", acc: 0.091),
      Self.entry("0.1", "3", acc: 0.5, state: .interrupted),
    ]
    let cell = ResultsTable(entries, spec: ResultsSpec(), options: .init()).rows[0].cells[0]
    #expect(cell.mean == 0.091 && cell.sd == 0 && cell.count == 2 && cell.of == 3)
    var options = ResultsTable.Options()
    options.includeInterrupted = true
    #expect(
      ResultsTable(entries, spec: ResultsSpec(), options: options).rows[0].cells[0].count == 3)
  }

  @Test func failedAndStaleJobsCountOnlyWhenAskedFor() {
    var options = ResultsTable.Options()
    options.includeFailed = true
    options.includeStale = true
    let table = ResultsTable(Self.entries, spec: ResultsSpec(), options: options)
    #expect(table.rows[1].cells[0].count == 3)
    #expect(abs(table.rows[1].cells[0].mean! - 0.6) < 1e-12)
  }

  @Test func oneRowPerJobSortedAndCut() {
    var options = ResultsTable.Options()
    options.grouped = false
    options.sort = .init(column: MetricColumn(name: "acc"), ascending: true)
    options.top = 3
    let table = ResultsTable(Self.entries, spec: ResultsSpec(), options: options)
    #expect(table.replicate == nil && table.axes == ["lr", "seed"])
    #expect(table.rows.map(\.uid) == ["runs/0.01/1", "runs/0.01/3", "runs/0.01/2"])
    options.sort = .init(column: MetricColumn(name: "acc"), ascending: false)
    options.top = nil
    let descending = ResultsTable(Self.entries, spec: ResultsSpec(), options: options)
    #expect(descending.rows.last?.uid == "runs/0.1/3", "a job without the metric sorts last")
  }

  @Test func anotherKeyCanBeTheReplicateAndMetricsCanBeNamed() {
    var spec = ResultsSpec()
    spec.replicate = "lr"
    spec.metrics = [MetricColumn(name: "acc", reducer: .max), MetricColumn(name: "missing")]
    let table = ResultsTable(Self.entries, spec: spec, options: .init())
    #expect(table.replicate == "lr" && table.axes == ["seed"] && table.rows.count == 3)
    #expect(table.rows[1].cells[1].mean == nil && table.rows[1].cells[1].of == 2)
  }
}

@Suite struct ResultsColumnsTests {
  @Test func aValueLoggedOnceAndTheSameEverywhereIsAPreambleNotAResult() {
    func entry(_ seed: String, _ points: [MetricPoint]) -> ResultsTable.Entry {
      var entry = ResultsTableTests.entry("0.1", seed, acc: nil)
      var source = SourceMetrics(name: "stdout")
      source.add(points)
      entry.metrics.merge(source)
      return entry
    }
    let entries = [
      entry(
        "1",
        [
          .init(name: "batch_size", value: 32), .init(name: "test_acc", value: 0.8),
          .init(name: "loss", value: 1), .init(name: "loss", value: 1),
        ]),
      entry("2", [.init(name: "batch_size", value: 32), .init(name: "test_acc", value: 0.9)]),
    ]
    let table = ResultsTable(entries, spec: ResultsSpec(), options: .init())
    #expect(table.columns.map(\.name) == ["loss", "test_acc"], "series first, then varying values")
  }

  @Test func lossesAreBestSmallest() {
    #expect(
      MetricColumn(name: "val_loss").lowerIsBetter && MetricColumn(name: "eval/wer").lowerIsBetter)
    #expect(
      !MetricColumn(name: "answer_acc").lowerIsBetter && !MetricColumn(name: "power").lowerIsBetter)
  }

  @Test func aMetricNamedLikeAKeyIsAnEchoedParameterNotAResult() {
    var entry = ResultsTableTests.entry("0.1", "1", acc: 0.5)
    var echoed = SourceMetrics(name: "stdout")
    echoed.add([MetricPoint(name: "lr", value: 0.1), MetricPoint(name: "seed", value: 1)])
    entry.metrics.merge(echoed)
    let table = ResultsTable([entry], spec: ResultsSpec(), options: .init())
    #expect(table.columns == [MetricColumn(name: "acc")])
    var spec = ResultsSpec()
    spec.metrics = [MetricColumn(name: "lr")]
    #expect(ResultsTable([entry], spec: spec, options: .init()).rows[0].cells[0].mean == 0.1)
  }
}
