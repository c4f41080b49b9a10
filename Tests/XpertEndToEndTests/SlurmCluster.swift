import Foundation
import Testing
import XpertTestSupport

/// The test cluster that `scripts/slurm-cluster.sh start` brings up (`.ci/run` does): where its
/// config is, whether it answers, and a few Slurm commands for checks.
enum SlurmCluster {
  /// `SLURM_CONF`, or the script's default place.
  static let conf: String? = {
    if let conf = ProcessInfo.processInfo.environment["SLURM_CONF"] { return conf }
    let fallback = "/tmp/xpert-slurm/slurm.conf"
    return FileManager.default.fileExists(atPath: fallback) ? fallback : nil
  }()

  /// The environment xpert and Slurm's commands need.
  static var environment: [String: String] { conf.map { ["SLURM_CONF": $0] } ?? [:] }

  /// Whether a cluster answers `squeue`.
  static let isUp: Bool = {
    guard conf != nil, let result = try? command(["squeue", "--noheader"]) else { return false }
    return result.status == 0
  }()

  /// Runs a Slurm command (found on PATH) to the end.
  static func command(_ arguments: [String]) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    for (key, value) in Self.environment { environment[key] = value }
    process.environment = environment
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(
      status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }

  /// The array tasks of job name `name` that Slurm runs now.
  static func running(name: String) throws -> [String] {
    try command([
      "squeue", "--noheader", "--array", "--states=RUNNING", "--name=" + name, "--format=%i",
    ])
    .lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
  }

  /// Every queued task of job name `name`.
  static func queued(name: String) throws -> [String] {
    try command(["squeue", "--noheader", "--array", "--name=" + name, "--format=%i"])
      .lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
  }

  static let skipReason: Comment =
    "no Slurm cluster is up: start one with `scripts/slurm-cluster.sh start` (as root)"
}

/// Runs xpert against the test cluster.
func xpertOnSlurm(
  _ arguments: String..., in sandbox: TemporaryDirectory, environment: [String: String] = [:],
  timeout: Duration = .seconds(120)
) async throws -> CommandResult {
  var merged = SlurmCluster.environment
  for (key, value) in environment { merged[key] = value }
  return try await XpertProcess.run(
    arguments, in: sandbox.path, environment: merged, timeout: timeout)
}

/// A job's own start and end times (the job writes them with `date +%s.%N`).
struct JobSpan {
  var start: Double
  var end: Double

  /// How many of `spans` run at once, at most.
  static func maximumOverlap(_ spans: [JobSpan]) -> Int {
    var events: [(time: Double, change: Int)] = []
    for span in spans {
      events.append((span.start, 1))
      events.append((span.end, -1))
    }
    events.sort { first, second in
      first.time == second.time ? first.change < second.change : first.time < second.time
    }
    var current = 0
    var highest = 0
    for event in events {
      current += event.change
      highest = max(highest, current)
    }
    return highest
  }

  func overlaps(_ other: JobSpan) -> Bool { start < other.end && other.start < end }
}

/// The shell that a job runs to record its span: `start`, then the work, then `end`.
func spanCommand(_ work: String) -> String {
  "date +%s.%N > $XPERT_UID/start; \(work); date +%s.%N > $XPERT_UID/end"
}

/// The span a job recorded in `directory`.
func span(in directory: String, of sandbox: TemporaryDirectory) throws -> JobSpan {
  let start = try sandbox.read(directory + "/start").trimmingCharacters(in: .whitespacesAndNewlines)
  let end = try sandbox.read(directory + "/end").trimmingCharacters(in: .whitespacesAndNewlines)
  return JobSpan(start: Double(start) ?? 0, end: Double(end) ?? 0)
}

/// CI sets `XPERT_REQUIRE_SLURM=1` after starting the cluster: there, a cluster that does not
/// answer is a failure, not a reason to skip the Slurm tests.
@Suite struct SlurmClusterRequirement {
  @Test(.enabled(if: ProcessInfo.processInfo.environment["XPERT_REQUIRE_SLURM"] == "1"))
  func theClusterAnswersWhereItIsRequired() {
    #expect(SlurmCluster.isUp, "XPERT_REQUIRE_SLURM=1, but squeue does not answer")
  }
}
