/// What Slurm says about one array task (`JOBID_TASK`), from `squeue`, `sacct` or
/// `scontrol show job`.
public struct SlurmTaskStatus: Sendable, Hashable {
  /// Slurm's state name: `PENDING`, `RUNNING`, `COMPLETED`, `TIMEOUT`, ...
  public var state: String
  /// Slurm's reason (why it pends, or why it ended), if any.
  public var reason: String?
  /// The node it runs or ran on, if any.
  public var node: String?

  /// Creates a status.
  public init(state: String, reason: String? = nil, node: String? = nil) {
    self.state = state
    self.reason = reason
    self.node = node
  }

  /// Whether the task still waits or runs: Slurm has not finished with it.
  public var isQueued: Bool { queuedState != nil }

  /// `pending` or `running` while Slurm has the task in its queue, else `nil`.
  public var queuedState: JobState? {
    switch state {
    case "PENDING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESV_DEL_HOLD", "SPECIAL_EXIT":
      .pending
    case "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED", "STOPPED", "SIGNALING",
      "STAGE_OUT", "RESIZING":
      .running
    default: nil
    }
  }

  /// The state an ended task stands for when its job could not record its own ending, and why;
  /// `nil` for a task that is still queued or that completed (its record tells).
  public var ending: (state: JobState, reason: String)? {
    switch state {
    case "TIMEOUT": (.timedOut, "Slurm's time limit ended it")
    case "PREEMPTED": (.interrupted, "Slurm preempted it")
    case "NODE_FAIL": (.interrupted, "its node failed")
    case "BOOT_FAIL": (.interrupted, "its node failed to boot")
    case "DEADLINE": (.interrupted, "it reached its Slurm deadline")
    case "OUT_OF_MEMORY": (.failed, "out of memory (Slurm: OUT_OF_MEMORY)")
    case "CANCELLED": (.cancelled, "cancelled in Slurm")
    case "FAILED": (.failed, "the Slurm task failed" + (reason.map { " (\($0))" } ?? ""))
    default: nil
    }
  }
}

/// Reads what Slurm's commands print into statuses keyed by `JOBID_TASK`.
public enum SlurmOutputParsing {
  /// The `squeue` format that `queue(_:)` reads: job id with task, state, reason, node list.
  public static let squeueFormat = "%i|%T|%r|%N"

  /// `squeue -h -r -o '%i|%T|%r|%N'` output. Lines of jobs that are not array tasks are kept
  /// under their plain id.
  public static func queue(_ text: String) -> [String: SlurmTaskStatus] {
    var statuses: [String: SlurmTaskStatus] = [:]
    for line in text.split(separator: "\n") {
      let parts = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
      guard parts.count >= 4 else { continue }
      let id = parts[0].trimmingSpaces
      guard !id.isEmpty else { continue }
      statuses[id] = SlurmTaskStatus(
        state: parts[1].trimmingSpaces, reason: meaningful(parts[2]), node: meaningful(parts[3]))
    }
    return statuses
  }

  /// `sacct -n -P -o JobID,State,Reason,NodeList` output (steps such as `123_4.batch` skipped;
  /// `CANCELLED by 0` becomes `CANCELLED`).
  public static func accounting(_ text: String) -> [String: SlurmTaskStatus] {
    var statuses: [String: SlurmTaskStatus] = [:]
    for line in text.split(separator: "\n") {
      let parts = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
      guard parts.count >= 4, !parts[0].contains(".") else { continue }
      let state = parts[1].split(separator: " ").first.map(String.init) ?? ""
      statuses[parts[0]] = SlurmTaskStatus(
        state: state, reason: meaningful(parts[2]), node: meaningful(parts[3]))
    }
    return statuses
  }

  /// `scontrol show job -o` output: one line per job, `Key=Value` words.
  public static func jobRecords(_ text: String) -> [String: SlurmTaskStatus] {
    var statuses: [String: SlurmTaskStatus] = [:]
    for line in text.split(separator: "\n") {
      var fields: [Substring: Substring] = [:]
      for word in line.split(separator: " ") {
        guard let equals = word.firstIndex(of: "=") else { continue }
        let key = word[..<equals]
        if fields[key] == nil { fields[key] = word[word.index(after: equals)...] }
      }
      guard let state = fields["JobState"] else { continue }
      let id: String
      if let array = fields["ArrayJobId"], let task = fields["ArrayTaskId"] {
        id = "\(array)_\(task)"
      } else if let job = fields["JobId"] {
        id = String(job)
      } else {
        continue
      }
      statuses[id] = SlurmTaskStatus(
        state: String(state), reason: fields["Reason"].flatMap { meaningful(String($0)) },
        node: fields["NodeList"].flatMap { meaningful(String($0)) })
    }
    return statuses
  }

  /// `MaxArraySize` from `scontrol show config`, if the output names it.
  public static func maxArraySize(_ config: String) -> Int? {
    setting("MaxArraySize", in: config).flatMap { Int($0) }
  }

  /// `KillWait` in seconds from `scontrol show config` (`30 sec`).
  public static func killWait(_ config: String) -> Int? {
    setting("KillWait", in: config).flatMap { Int($0.split(separator: " ").first ?? "") }
  }

  private static func setting(_ name: String, in config: String) -> String? {
    for line in config.split(separator: "\n") {
      let parts = line.split(separator: "=", maxSplits: 1)
      if parts.count == 2, parts[0].trimmingSpaces == name { return parts[1].trimmingSpaces }
    }
    return nil
  }

  private static func meaningful(_ text: String) -> String? {
    let trimmed = text.trimmingSpaces
    return ["", "None", "(null)", "n/a"].contains(trimmed) ? nil : trimmed
  }
}

extension StringProtocol {
  fileprivate var trimmingSpaces: String {
    String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
  }
}
