import Foundation
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
      ("gpu", optional(attempt.gpu)), ("stdout", optional(attempt.stdoutLog)),
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
  }

  /// The record in `text`.
  public static func decode(_ text: String) throws(DecodingError) -> JobRecord {
    guard let data = text.data(using: .utf8),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      object["format"] as? String == "xpert-job-record", let version = object["version"] as? Int
    else { throw .malformed }
    guard version <= JobRecord.currentVersion else { throw .unsupportedVersion(version) }
    guard let uid = object["uid"] as? String, let command = object["command"] as? String,
      let statusText = object["status"] as? String, let status = JobState(rawValue: statusText)
    else { throw .malformed }
    let fields = (object["fields"] as? [String: String] ?? [:]).map {
      JobField(key: $0.key, value: $0.value)
    }.sorted { $0.key < $1.key }
    let git = object["git"] as? [String: Any]
    var record = JobRecord(
      uid: uid, group: object["group"] as? Int ?? 0, config: object["config"] as? String ?? "",
      command: command, fields: fields, status: status,
      xpertVersion: object["xpert_version"] as? String ?? "?",
      gitCommit: git?["commit"] as? String, gitDirty: git?["dirty"] as? Bool,
      attempts: (object["attempts"] as? [[String: Any]] ?? []).compactMap(attempt))
    record.version = version
    if let hash = object["command_hash"] as? String { record.commandHash = hash }
    return record
  }

  private static func attempt(_ object: [String: Any]) -> JobAttempt? {
    guard let number = object["number"] as? Int, let start = object["start"] as? Double,
      let outcomeText = object["outcome"] as? String, let outcome = JobState(rawValue: outcomeText)
    else { return nil }
    var termination: Termination?
    if let status = object["exit_status"] as? Int {
      termination = .exited(Int32(status))
    } else if let signal = object["signal"] as? Int {
      termination = .signalled(Int32(signal))
    }
    return JobAttempt(
      number: number, start: start, end: object["end"] as? Double, termination: termination,
      outcome: outcome, host: object["host"] as? String ?? "?",
      pid: Int32(object["pid"] as? Int ?? 0), gpu: object["gpu"] as? String,
      stdoutLog: object["stdout"] as? String, stderrLog: object["stderr"] as? String,
      message: object["message"] as? String)
  }
}
