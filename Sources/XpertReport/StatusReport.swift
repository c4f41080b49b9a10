import XpertCore

/// What `xpert status` prints: counts per group and in total for each state, and optionally one
/// row per job.
public struct StatusReport: Sendable {
  /// One job's row.
  public struct Row: Sendable {
    /// The job.
    public var job: Job
    /// Its state.
    public var state: JobState
    /// Its record, if it has one.
    public var record: JobRecord?
    /// Its latest Slurm task, if it was submitted to Slurm.
    public var slurm: SlurmTask?
    /// Something the state alone does not say (e.g. that its runner is gone).
    public var note: String?
    /// A running job's last log line.
    public var lastLine: String?

    /// Creates a row.
    public init(job: Job, state: JobState, record: JobRecord?) {
      self.job = job
      self.state = state
      self.record = record
    }
  }

  /// A job's Slurm task: `JOBID_TASK`, and Slurm's word on it (pending reason, node, ending).
  public struct SlurmTask: Sendable {
    /// `JOBID_TASK`.
    public var id: String
    /// Why it pends, where it runs, or how Slurm ended it.
    public var detail: String?

    /// Creates a task entry.
    public init(id: String, detail: String?) {
      self.id = id
      self.detail = detail
    }

    /// `123_4 (Priority)`.
    public var text: String { id + (detail.map { " (\($0))" } ?? "") }
  }

  /// The selected jobs' rows, in plan order (only when the report keeps them).
  public private(set) var rows: [Row] = []
  private var countsByGroup: [Int: [JobState: Int]] = [:]
  private let keepsRows: Bool

  /// An empty report; with `keepsRows`, it keeps every row for the per-job table.
  public init(keepsRows: Bool) {
    self.keepsRows = keepsRows
  }

  /// Counts `row` (and keeps it, if the report keeps rows).
  public mutating func add(_ row: Row) {
    countsByGroup[row.job.group, default: [:]][row.state, default: 0] += 1
    if keepsRows { rows.append(row) }
  }

  /// The number of jobs counted.
  public var jobCount: Int { countsByGroup.values.reduce(0) { $0 + $1.values.reduce(0, +) } }

  static let states: [JobState] = JobState.allCases

  /// Counts by state for the jobs of `group` (all groups when `nil`).
  public func counts(group: Int?) -> [JobState: Int] {
    if let group { return countsByGroup[group] ?? [:] }
    var total: [JobState: Int] = [:]
    for counts in countsByGroup.values {
      for (state, count) in counts { total[state, default: 0] += count }
    }
    return total
  }

  /// The table of counts: a row per group and a total row.
  public func countTable() -> [String] {
    let groups = countsByGroup.keys.sorted()
    var table = [["group", "jobs"] + Self.states.map(\.rawValue)]
    for group in groups + [nil] {
      let counts = counts(group: group)
      let total = counts.values.reduce(0, +)
      table.append(
        [group.map { "exp[\($0)]" } ?? "total", String(total)]
          + Self.states.map { String(counts[$0] ?? 0) })
    }
    return TextTable.render(table)
  }

  /// One line per job: uid, state, attempts, last exit status, duration (how long a running
  /// job has run, `now` being the time), GPU, and for running jobs their last log line, cut so
  /// that the row fits `width` columns.
  public func jobTable(
    now: Double = 0, width: Int = 120, style: ConsoleStyle = ConsoleStyle(colour: false)
  ) -> [String] {
    let slurm = rows.contains { $0.slurm != nil }
    let lastLines = rows.contains { $0.lastLine != nil }
    var table = [
      ["uid", "state", "attempts", "last exit", "duration", "gpu"] + (slurm ? ["slurm"] : [])
    ]
    for row in rows {
      let last = row.record?.attempts.last
      let duration =
        last?.duration.map(DurationFormatting.text)
        ?? (row.state == .running
          ? last.map { "running " + DurationFormatting.text(max(0, now - $0.start)) } : nil)
      table.append(
        [
          ConsoleText.escaped(row.job.uid), row.state.rawValue,
          String(row.record?.attempts.count ?? 0),
          row.note ?? last?.termination?.description
            ?? (last?.message != nil ? "not started" : "-"),
          duration ?? "-", last?.gpuNames ?? last?.gpu ?? "-",
        ] + (slurm ? [row.slurm?.text ?? "-"] : []))
    }
    var lines = TextTable.render(table)
    if lastLines {
      // The last log line after the columns, in what is left of the width (at least 20).
      let used = lines.map(\.count).max() ?? 0
      let room = max(20, width - used - 2)
      lines[0] = lines[0].padding(to: used) + "  last line"
      for (index, row) in rows.enumerated() {
        if let text = row.lastLine {
          lines[index + 1] =
            lines[index + 1].padding(to: used) + "  "
            + ConsoleText.escaped(ConsoleText.cut(text, to: room))
        }
      }
    }
    // The state column in its colour, painted after the widths were taken.
    guard style.colour else { return lines }
    let offset = max(3, rows.map { ConsoleText.escaped($0.job.uid).count }.max() ?? 0) + 2
    for (index, row) in rows.enumerated() {
      guard let colour = PlanListing.colour(of: row.state) else { continue }
      var line = lines[index + 1]
      let from = line.index(line.startIndex, offsetBy: offset)
      let to = line.index(from, offsetBy: row.state.rawValue.count)
      line.replaceSubrange(from..<to, with: style.paint(row.state.rawValue, colour))
      lines[index + 1] = line
    }
    return lines
  }

  /// The report as one JSON document.
  public func json(includeJobs: Bool) -> String {
    func countsObject(_ counts: [JobState: Int]) -> String {
      JSONText.object(Self.states.map { ($0.rawValue, String(counts[$0] ?? 0)) })
    }
    let groups = countsByGroup.keys.sorted().map { group in
      JSONText.object([("group", String(group)), ("counts", countsObject(counts(group: group)))])
    }
    var members = [
      ("format", "\"xpert-status\""), ("version", "2"),
      ("job_count", String(jobCount)), ("counts", countsObject(counts(group: nil))),
      ("groups", "[" + groups.joined(separator: ",") + "]"),
    ]
    if includeJobs {
      let jobs = rows.map { row in
        let last = row.record?.attempts.last
        var exit = "null"
        var signal = "null"
        switch last?.termination {
        case .exited(let status)?: exit = String(status)
        case .signalled(let number)?: signal = String(number)
        case nil: break
        }
        return JSONText.object([
          ("uid", JSONText.string(row.job.uid)), ("group", String(row.job.group)),
          ("state", JSONText.string(row.state.rawValue)),
          ("attempts", String(row.record?.attempts.count ?? 0)), ("exit_status", exit),
          ("signal", signal),
          (
            "duration",
            last?.duration.map { NumberText.exact(($0 * 1000).rounded() / 1000) } ?? "null"
          ),
          ("gpu", last?.gpu.map(JSONText.string) ?? "null"),
          ("gpu_names", last?.gpuNames.map(JSONText.string) ?? "null"),
          ("slurm_job", row.slurm.map { JSONText.string($0.id) } ?? "null"),
          ("slurm_detail", row.slurm?.detail.map(JSONText.string) ?? "null"),
          ("note", row.note.map(JSONText.string) ?? "null"),
        ])
      }
      members.append(("jobs", "[" + jobs.joined(separator: ",") + "]"))
    }
    return JSONText.object(members)
  }
}

/// Left-aligned columns separated by two spaces.
enum TextTable {
  static func render(_ rows: [[String]]) -> [String] {
    let widths = (0..<(rows.first?.count ?? 0)).map { column in
      rows.map { $0[column].count }.max() ?? 0
    }
    return rows.map { row in
      row.enumerated().map { column, cell in
        column == row.count - 1
          ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
      }.joined(separator: "  ")
    }
  }
}
