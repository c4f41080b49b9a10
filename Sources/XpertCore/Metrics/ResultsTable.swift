/// The results of a sweep as a table, decided from the jobs, their states and their metrics
/// (pure; `XpertReport.ResultsRendering` prints it). One row per configuration, the replicates
/// (`seed`) averaged, or one row per job.
public struct ResultsTable: Sendable, Hashable {
  /// One job with what is known of it.
  public struct Entry: Sendable, Hashable {
    /// The job.
    public var job: Job
    /// Its state now.
    public var state: JobState
    /// What it logged.
    public var metrics: JobMetrics

    /// An entry.
    public init(job: Job, state: JobState, metrics: JobMetrics) {
      self.job = job
      self.state = state
      self.metrics = metrics
    }
  }

  /// How the table is made.
  public struct Options: Sendable, Hashable {
    /// One row per configuration (replicates averaged), or one per job.
    public var grouped = true
    /// Failed (and timed-out) jobs count in the averages.
    public var includeFailed = false
    /// Stale jobs count in the averages.
    public var includeStale = false
    /// Interrupted and cancelled jobs (stopped part way) count in the averages.
    public var includeInterrupted = false
    /// The column to sort by, and whether ascending.
    public var sort: SortOrder?
    /// Only the first rows (after sorting).
    public var top: Int?
    /// Metrics that must be columns (to be plotted), whatever the defaults.
    public var wanted: [MetricColumn] = []

    /// The defaults.
    public init() {}
  }

  /// A column to sort by and the direction.
  public struct SortOrder: Sendable, Hashable {
    /// The column.
    public var column: MetricColumn
    /// Smallest first.
    public var ascending: Bool

    /// An order.
    public init(column: MetricColumn, ascending: Bool) {
      self.column = column
      self.ascending = ascending
    }
  }

  /// How many of a row's jobs are in one state.
  public struct StateCount: Sendable, Hashable {
    /// The state.
    public var state: JobState
    /// How many.
    public var count: Int
  }

  /// One metric cell: a job's value, or the mean and sample standard deviation of a group's.
  public struct Cell: Sendable, Hashable {
    /// The value or the mean; `nil` when no counted job has the metric.
    public var mean: Double?
    /// The sample standard deviation (with two values or more).
    public var sd: Double?
    /// How many counted jobs have the metric.
    public var count: Int
    /// How many jobs the row stands for.
    public var of: Int
    /// The counted jobs' values (the replicates a plot shows as dots).
    public var values: [Double] = []

    /// The cell of `values` (the counted jobs' values) in a row of `of` jobs: their mean and
    /// sample standard deviation (none for one value; 0 for equal values, not the rounding
    /// error of their mean).
    public init(values: [Double], of: Int) {
      self.values = values
      self.count = values.count
      self.of = of
      guard !values.isEmpty else { return }
      let mean = values.reduce(0, +) / Double(values.count)
      self.mean = mean
      if values.count > 1 {
        sd =
          values.allSatisfy({ $0 == values[0] })
          ? 0
          : (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1))
            .squareRoot()
      }
    }
  }

  /// One row.
  public struct Row: Sendable, Hashable {
    /// The job's uid (one row per job only).
    public var uid: String?
    /// The states of the row's jobs, with how many are in each, in plan order of first
    /// appearance.
    public var states: [StateCount]
    /// The value of each axis, in `axes` order (`""` where a job has no such key).
    public var values: [String]
    /// One cell per metric column.
    public var cells: [Cell]
    /// The jobs counted in the row's averages, as positions in the entries the table was made
    /// of (a report draws their learning curves).
    public var counted: [Int] = []
  }

  /// Keys with one value in every job, shown above the table.
  public var constants: [JobField]
  /// Keys whose values differ, one column each (the replicate key left out when grouped).
  public var axes: [String]
  /// What each axis's values were in the config (for JSON), from the first job that has it.
  public var axisKinds: [JobField.Kind] = []
  /// The key averaged over, when grouped and present.
  public var replicate: String?
  /// The metric columns.
  public var columns: [MetricColumn]
  /// The rows.
  public var rows: [Row]
  /// Whether rows stand for configurations (`true`) or jobs.
  public var grouped: Bool

  /// Makes the table of `entries` (in plan order).
  public init(_ entries: [Entry], spec: ResultsSpec, options: Options) {
    let keys = Self.keys(of: entries.map(\.job))
    let differing = keys.filter { key in
      Set(entries.map { Self.value(of: key, in: $0.job) }).count > 1
    }
    constants = keys.filter { !differing.contains($0) }.compactMap { key in
      entries.first.flatMap { $0.job.fields.first { $0.key == key } }
    }
    let replicateKey = spec.replicate ?? "seed"
    let replicate = options.grouped && differing.contains(replicateKey) ? replicateKey : nil
    let axes = differing.filter { $0 != replicate }
    var columns = spec.metrics ?? Self.allColumns(entries)
    // Metrics asked for by name come first, the column sorted by first of all (it is the one
    // that must fit the terminal); one that a job has but no column shows becomes a column.
    for wanted in options.wanted + (options.sort.map { [$0.column] } ?? []) {
      if let at = Self.index(of: wanted, in: columns) {
        columns.insert(columns.remove(at: at), at: 0)
      } else if entries.contains(where: { $0.metrics.summaries[wanted.name] != nil }) {
        columns.insert(wanted, at: 0)
      }
    }
    self.replicate = replicate
    self.axes = axes
    axisKinds = axes.map { key in
      entries.lazy.compactMap { $0.job.fields.first { $0.key == key }?.kind }.first ?? .string
    }
    self.columns = columns
    grouped = options.grouped
    var groups: [[String]: [Int]] = [:]
    var order: [[String]] = []
    for (index, entry) in entries.enumerated() {
      let values = axes.map { Self.value(of: $0, in: entry.job) }
      let key = options.grouped ? values : values + [entry.job.directory]
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(index)
    }
    var rows = order.map { key in
      let members = groups[key]!
      // One row per job shows what each job has; averages leave failed and stale jobs out.
      let counted = members.filter { Self.counts(entries[$0].state, options: options) }
      return Row(
        uid: options.grouped ? nil : entries[members[0]].job.uid,
        states: Self.stateCounts(members.map { entries[$0] }),
        values: Array(key.prefix(axes.count)),
        cells: columns.map { column in
          Cell(
            values: counted.compactMap { entries[$0].metrics.value(of: column) },
            of: members.count)
        }, counted: counted)
    }
    if let sort = options.sort, let column = Self.index(of: sort.column, in: columns) {
      rows = rows.enumerated().sorted { a, b in
        switch (a.element.cells[column].mean, b.element.cells[column].mean) {
        case (nil, nil): a.offset < b.offset
        case (nil, _): false
        case (_, nil): true
        case (let x?, let y?):
          x.isNaN || y.isNaN
            ? (!x.isNaN && y.isNaN) || (x.isNaN == y.isNaN && a.offset < b.offset)
            : x == y ? a.offset < b.offset : (sort.ascending ? x < y : x > y)
        }
      }.map(\.element)
    }
    if let top = options.top { rows = Array(rows.prefix(top)) }
    self.rows = rows
  }

  /// The column that `wanted` names: itself, or for a bare name the column of that name with
  /// another reducer (`loss` when the table shows `loss:min`); `nil` when no job has it.
  public func column(matching wanted: MetricColumn) -> MetricColumn? {
    Self.index(of: wanted, in: columns).map { columns[$0] }
  }

  private static func index(of wanted: MetricColumn, in columns: [MetricColumn]) -> Int? {
    columns.firstIndex(of: wanted)
      ?? (wanted.reducer == .last ? columns.firstIndex { $0.name == wanted.name } : nil)
  }

  /// Every metric found that reads as a result: logged more than once by some job (a series),
  /// or with values that differ between jobs. Series first, then those that the most jobs have,
  /// then by name. Left out: a value logged once with the same value in every job that has it,
  /// two jobs or more (a preamble:
  /// `batch_size=32`, `rank: 0`), and a metric named like one of the jobs' keys (a job that
  /// echoes `lr=0.1`). `[results] metrics` can still name them.
  static func allColumns(_ entries: [Entry]) -> [MetricColumn] {
    let keys = Set(entries.flatMap { $0.job.fields.map(\.key) })
    var counts: [String: Int] = [:]
    var series: Set<String> = []
    var values: [String: Set<Double>] = [:]
    for entry in entries {
      for (name, summary) in entry.metrics.summaries where !keys.contains(name) {
        counts[name, default: 0] += 1
        if summary.count > 1 { series.insert(name) }
        if let last = summary.value(.last), values[name, default: []].count < 2 {
          values[name, default: []].insert(last)
        }
      }
    }
    return counts.filter {
      $0.value < 2 || series.contains($0.key) || (values[$0.key]?.count ?? 0) > 1
    }
    .sorted {
      (series.contains($0.key) ? 1 : 0, $0.value, $1.key)
        > (series.contains($1.key) ? 1 : 0, $1.value, $0.key)
    }
    .map { MetricColumn(name: $0.key) }
  }

  /// Whether a job in `state` counts in a row's averages (in a table of one row per job,
  /// every job does).
  private static func counts(_ state: JobState, options: Options) -> Bool {
    guard options.grouped else { return true }
    switch state {
    case .failed, .timedOut: return options.includeFailed
    case .stale: return options.includeStale
    case .interrupted, .cancelled: return options.includeInterrupted
    default: return true
    }
  }

  /// How many of `members` are in each state, in order of first appearance.
  public static func stateCounts(_ members: [Entry]) -> [StateCount] {
    var counts: [StateCount] = []
    for member in members {
      if let index = counts.firstIndex(where: { $0.state == member.state }) {
        counts[index].count += 1
      } else {
        counts.append(StateCount(state: member.state, count: 1))
      }
    }
    return counts
  }

  /// The jobs' keys, in order of first appearance.
  private static func keys(of jobs: [Job]) -> [String] {
    var seen: Set<String> = []
    var keys: [String] = []
    for job in jobs {
      for field in job.fields where seen.insert(field.key).inserted { keys.append(field.key) }
    }
    return keys
  }

  private static func value(of key: String, in job: Job) -> String {
    job.fields.first { $0.key == key }?.value ?? ""
  }
}
