import XpertCore

/// What `xpert list` prints: one line (or JSON object) per job.
public enum PlanListing {
  /// A job's state before a run.
  public enum State: String, Sendable {
    /// It has not completed.
    case new
    /// It has completed; a run skips it.
    case done
  }

  /// `new   <uid>  <command>`, with the uid column padded over all rows.
  public static func lines(_ rows: [(Job, State)]) -> [String] {
    let width = min(40, rows.map { $0.0.uid.count }.max() ?? 0)
    return rows.map { job, state in
      let status = state.rawValue.padding(to: 4)
      return status + "  " + job.uid.padding(to: width) + "  " + job.command
    }
  }

  /// One JSON object for a job.
  public static func json(_ job: Job, state: State) -> String {
    JSONText.object([
      ("number", String(job.number)),
      ("group", String(job.group)),
      ("status", JSONText.string(state.rawValue)),
      ("uid", JSONText.string(job.uid)),
      ("directory", JSONText.string(job.directory)),
      ("command", JSONText.string(job.command)),
      ("fields", JSONText.object(job.fields.map { ($0.key, JSONText.string($0.value)) })),
    ])
  }
}

extension String {
  fileprivate func padding(to width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
