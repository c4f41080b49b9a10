import XpertCore

/// The JSON form of a job record, version 1. Keys are written in a fixed order; readers ignore
/// keys they do not know, and a record of a newer version is not read (it shows as unknown).
public enum JobRecordCoding {
  /// The record as JSON text.
  public static func encode(_ record: JobRecord) -> String {
    let fields = JSONText.object(record.fields.map { ($0.key, JSONText.string($0.value)) })
    var git = "null"
    if let commit = record.gitCommit {
      git = JSONText.object([
        ("commit", JSONText.string(commit)), ("dirty", record.gitDirty == true ? "true" : "false"),
      ])
    }
    let attempts = record.attempts.map(encode).joined(separator: ",\n    ")
    return """
      {
        "format": "xpert-job-record",
        "version": \(record.version),
        "uid": \(JSONText.string(record.uid)),
        "group": \(record.group),
        "config": \(JSONText.string(record.config)),
        "command": \(JSONText.string(record.command)),
        "command_hash": \(JSONText.string(record.commandHash)),
        "fields": \(fields),
        "status": \(JSONText.string(record.status.rawValue)),
        "xpert_version": \(JSONText.string(record.xpertVersion)),
        "git": \(git),
        "attempts": [
          \(attempts)
        ]
      }

      """
  }

  private static func encode(_ attempt: JobAttempt) -> String {
    func optional(_ text: String?) -> String { text.map(JSONText.string) ?? "null" }
    func number(_ value: Double?) -> String { value.map(milliseconds) ?? "null" }
    var exitStatus = "null"
    var signal = "null"
    switch attempt.termination {
    case .exited(let status)?: exitStatus = String(status)
    case .signalled(let number)?: signal = String(number)
    case nil: break
    }
    return JSONText.object([
      ("number", String(attempt.number)), ("start", number(attempt.start)),
      ("end", number(attempt.end)), ("duration", number(attempt.duration)),
      ("outcome", JSONText.string(attempt.outcome.rawValue)), ("exit_status", exitStatus),
      ("signal", signal), ("host", JSONText.string(attempt.host)), ("pid", String(attempt.pid)),
      ("process_start", attempt.processStart.map { String($0) } ?? "null"),
      ("gpu", optional(attempt.gpu)), ("gpu_names", optional(attempt.gpuNames)),
      ("stdout", optional(attempt.stdoutLog)),
      ("stderr", optional(attempt.stderrLog)), ("message", optional(attempt.message)),
    ])
  }

  /// Seconds with three decimals, without Foundation's formatter on the per-job path.
  static func milliseconds(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "0" }
    let total = Int64((seconds * 1000).rounded())
    let magnitude = total.magnitude
    let fraction = String(magnitude % 1000)
    return (total < 0 ? "-" : "") + String(magnitude / 1000) + "."
      + String(repeating: "0", count: 3 - fraction.count) + fraction
  }

  /// Why a record could not be read.
  public enum DecodingError: Error, Equatable {
    /// Not JSON, or not a record.
    case malformed
    /// Written by a newer Xpert.
    case unsupportedVersion(Int)
    /// A value no Xpert writes (a time in the year 10^292, attempt number 2^63): what and where.
    case outOfRange(String)
  }

  /// The largest time accepted, in seconds since 1970 (the year 5138).
  static let latestTime = 1e11

  /// The record in `text`.
  public static func decode(_ text: String) throws(DecodingError) -> JobRecord {
    try decode(bytes: Array(text.utf8))
  }

  /// The record in the UTF-8 bytes `bytes` (a record file's content).
  public static func decode(bytes: [UInt8]) throws(DecodingError) -> JobRecord {
    guard let object = try? JSONParser.parse(bytes),
      object["format"]?.string == "xpert-job-record", let version = object["version"]?.int
    else { throw .malformed }
    guard version <= JobRecord.currentVersion else { throw .unsupportedVersion(version) }
    guard let uid = object["uid"]?.string, let command = object["command"]?.string,
      let statusText = object["status"]?.string, let status = JobState(rawValue: statusText)
    else { throw .malformed }
    let git = object["git"]
    var record = JobRecord(
      uid: uid, group: object["group"]?.int ?? 0, config: object["config"]?.string ?? "",
      command: command, fields: fields(object["fields"]), status: status,
      xpertVersion: object["xpert_version"]?.string ?? "?",
      gitCommit: git?["commit"]?.string, gitDirty: git?["dirty"]?.bool,
      attempts: try attempts(object["attempts"]?.array ?? []))
    record.version = version
    if let hash = object["command_hash"]?.string { record.commandHash = hash }
    return record
  }

  /// The fields, sorted by key; none unless every value is a string.
  private static func fields(_ value: JSONValue?) -> [JobField] {
    var byKey: [String: String] = [:]
    for member in value?.members ?? [] {
      guard let text = member.value.string else { return [] }
      byKey[member.key] = text
    }
    return byKey.map { JobField(key: $0.key, value: $0.value) }.sorted { $0.key < $1.key }
  }

  /// The attempts of a record, oldest first.
  private static func attempts(_ values: [JSONValue]) throws(DecodingError) -> [JobAttempt] {
    var attempts: [JobAttempt] = []
    for (index, value) in values.enumerated() {
      if let attempt = try attempt(value, at: index + 1) { attempts.append(attempt) }
    }
    return attempts
  }

  /// Attempt `index` of a record; `nil` when it is not an attempt at all. Every number is
  /// range-checked: a record is read from disk, and anything may be there.
  private static func attempt(_ object: JSONValue, at index: Int) throws(DecodingError)
    -> JobAttempt?
  {
    guard let number = object["number"]?.int, let start = object["start"]?.double,
      let outcomeText = object["outcome"]?.string, let outcome = JobState(rawValue: outcomeText)
    else { return nil }
    func time(_ value: Double?, _ name: String) throws(DecodingError) -> Double? {
      guard let value else { return nil }
      guard value.isFinite && value.magnitude <= latestTime else {
        throw .outOfRange("attempt \(index): \(name) \(value)")
      }
      return value
    }
    guard number >= 1 && number <= 1_000_000_000 else {
      throw .outOfRange("attempt \(index): number \(number)")
    }
    let end = try time(object["end"]?.double, "end")
    _ = try time(start, "start")
    let pid = object["pid"]?.int ?? 0
    guard pid >= 0 && pid <= Int(Int32.max) else {
      throw .outOfRange("attempt \(index): pid \(pid)")
    }
    var termination: Termination?
    if let status = object["exit_status"]?.int {
      guard status >= Int(Int32.min) && status <= Int(Int32.max) else {
        throw .outOfRange("attempt \(index): exit status \(status)")
      }
      termination = .exited(Int32(status))  // Xpert writes 0...255; any Int32 reads
    } else if let signal = object["signal"]?.int {
      guard signal >= Int(Int32.min) && signal <= Int(Int32.max) else {
        throw .outOfRange("attempt \(index): signal \(signal)")
      }
      termination = .signalled(Int32(signal))
    }
    var attempt = JobAttempt(
      number: number, start: start, end: end, termination: termination,
      outcome: outcome, host: object["host"]?.string ?? "?",
      pid: Int32(pid),
      processStart: object["process_start"]?.int.flatMap { $0 > 0 ? UInt64($0) : nil },
      gpu: object["gpu"]?.string,
      stdoutLog: object["stdout"]?.string, stderrLog: object["stderr"]?.string,
      message: object["message"]?.string)
    attempt.gpuNames = object["gpu_names"]?.string
    return attempt
  }
}
