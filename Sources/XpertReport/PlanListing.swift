import XpertCore

/// What `xpert list` prints: one line (or JSON object) per job, with its state and what a run
/// would do with it.
public enum PlanListing {
  /// What a run would do.
  public static func action(_ state: JobState, runs: Bool) -> String {
    guard runs else { return "skip" }
    return state == .new ? "run" : "rerun"
  }

  /// The widths of the state and uid columns for `rows` (the uid column at most 40).
  public static func widths(_ rows: [(job: Job, state: JobState, runs: Bool)]) -> (
    state: Int, uid: Int
  ) {
    (
      rows.map { $0.state.rawValue.count }.max() ?? 0,
      min(40, rows.map { ConsoleText.escaped($0.job.uid).count }.max() ?? 0)
    )
  }

  /// `state  action  uid  command`, padded to `widths`.
  public static func line(
    _ row: (job: Job, state: JobState, runs: Bool), widths: (state: Int, uid: Int),
    style: ConsoleStyle = ConsoleStyle(colour: false)
  ) -> String {
    (colour(of: row.state).map { style.paint(row.state.rawValue, $0) } ?? row.state.rawValue)
      + String(repeating: " ", count: max(0, widths.state - row.state.rawValue.count)) + "  "
      + action(row.state, runs: row.runs).padding(to: 5) + "  "
      + ConsoleText.escaped(row.job.uid).padding(to: widths.uid) + "  "
      + ConsoleText.escaped(row.job.command)
  }

  /// The colour a state is shown in: green when done, red when it failed, blue while it runs,
  /// yellow for what needs a look (interrupted, stale, cancelled, pending).
  public static func colour(of state: JobState) -> ConsoleStyle.Colour? {
    switch state {
    case .completed: .green
    case .failed, .timedOut: .red
    case .running: .blue
    case .new: nil
    default: .yellow
    }
  }

  /// The lines for `rows`, padded over all of them.
  public static func lines(_ rows: [(job: Job, state: JobState, runs: Bool)]) -> [String] {
    let widths = widths(rows)
    return rows.map { line($0, widths: widths) }
  }

  /// One JSON object for a job.
  public static func json(_ job: Job, state: JobState, runs: Bool) -> String {
    JSONText.object([
      ("format", "\"xpert-list\""), ("version", "2"),
      ("number", String(job.number)),
      ("group", String(job.group)),
      ("state", JSONText.string(state.rawValue)),
      ("action", JSONText.string(action(state, runs: runs))),
      ("uid", JSONText.string(job.uid)),
      ("directory", JSONText.string(job.directory)),
      ("command", JSONText.string(job.command)),
      ("values", JSONText.object(job.fields.map { ($0.key, $0.json) })),
    ])
  }
}
