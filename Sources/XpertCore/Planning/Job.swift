/// One command of the sweep, fully resolved: what runs, where its files go, and the values that
/// made it.
public struct Job: Sendable, Hashable {
  /// 1-based position in the plan (groups in file order, then cross-product order).
  public var number: Int
  /// The 1-based number of its `[[exp]]` group.
  public var group: Int
  /// 1-based position within its group.
  public var numberInGroup: Int
  /// The resolved uid as the config makes it (a leading `~` already replaced by `$HOME`).
  public var uid: String
  /// The job's directory: the uid made absolute and normalized.
  public var directory: String
  /// The resolved command, run as `/bin/sh -c <command>`.
  public var command: String
  /// The job's other keys and their resolved values, in axis order.
  public var fields: [JobField]
  /// The group's (or top level's) `timeout` in seconds, if it sets one.
  public var timeout: Double?
  /// The group's (or top level's) `retries`, if it sets it.
  public var retries: Int?
  /// The group's (or top level's) `gpus_per_job`, if it sets one.
  public var gpusPerJob: Int?
  /// The group's (or top level's) `jobs_per_gpu`, if it sets one.
  public var jobsPerGPU: Int?

  /// Creates a job.
  public init(
    number: Int, group: Int, numberInGroup: Int, uid: String, directory: String,
    command: String, fields: [JobField], timeout: Double? = nil, retries: Int? = nil
  ) {
    self.number = number
    self.group = group
    self.numberInGroup = numberInGroup
    self.uid = uid
    self.directory = directory
    self.command = command
    self.fields = fields
    self.timeout = timeout
    self.retries = retries
  }

  /// `exp[2] job 3 (seed=1, lr=0.1)`: how messages name the job.
  public var label: String {
    let values = fields.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    return "exp[\(group)] job \(numberInGroup)" + (values.isEmpty ? "" : " (\(values))")
  }
}

/// A key of a job and its resolved value as text.
public struct JobField: Sendable, Hashable {
  /// What a value was in the config, for JSON output (numbers as numbers).
  public enum Kind: Sendable, Hashable {
    case string, integer, float, boolean
    /// A date, time or array (shown as its text).
    case other
  }

  /// The key.
  public var key: String
  /// The value as a template would insert it.
  public var value: String
  /// What the value was in the config (a template's result is a string).
  public var kind: Kind

  /// Creates a field.
  public init(key: String, value: String, kind: Kind = .string) {
    self.key = key
    self.value = value
    self.kind = kind
  }

  /// Fields are equal when their keys and values are (the kind is how JSON shows them).
  public static func == (a: JobField, b: JobField) -> Bool { a.key == b.key && a.value == b.value }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(key)
    hasher.combine(value)
  }

  /// The value as JSON: numbers and booleans as themselves (`nan` and infinities, which JSON
  /// lacks, as strings), the rest as strings.
  public var json: String {
    switch kind {
    case .integer, .boolean: return value
    case .float where Double(value)?.isFinite == true: return value
    default: return JSONText.string(value)
    }
  }
}
