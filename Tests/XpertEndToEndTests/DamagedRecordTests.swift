import Foundation
import Testing
import XpertTestSupport

/// A record that cannot be used is never silently replaced: it is kept aside (damaged) or left
/// alone (newer), and every number read from one is range-checked.
@Suite struct DamagedRecordTests {
  /// A failed job's record, with `start` and the attempt `number` as given.
  static func record(version: Int = 1, start: String = "1796000000.5", number: String = "1")
    -> String
  {
    """
    {"format": "xpert-job-record", "version": \(version), "uid": "o", "group": 1,
     "config": "/c/s.toml", "command": "sh job.sh", "fields": {}, "status": "failed",
     "xpert_version": "0.1.0", "git": null,
     "attempts": [{"number": \(number), "start": \(start), "end": 1796000001.5,
       "outcome": "failed", "exit_status": 1, "signal": null, "host": "h", "pid": 7,
       "stdout": "stdout.1796000000.log", "stderr": "stderr.1796000000.log"}]}
    """
  }

  static func setUp(_ sandbox: TemporaryDirectory, record: String?) throws {
    try sandbox.write("echo attempt $XPERT_ATTEMPT\n", to: "job.sh")
    try sandbox.write("cmd = \"sh job.sh\"\nuid = \"o\"\n", to: "s.toml")
    try sandbox.write("attempt 1\n", to: "o/stdout.1796000000.log")
    try sandbox.write("", to: "o/stderr.1796000000.log")
    try sandbox.write("attempt 2\n", to: "o/stdout.1796000100.log")
    try sandbox.write("", to: "o/stderr.1796000100.log")
    if let record { try sandbox.write(record, to: "o/xpert-record.json") }
  }

  @Test(arguments: [
    ("truncated", String(record().prefix(80))),
    ("garbage", "\u{0}\u{1}not json at all"),
    ("empty", ""),
    ("far future", record(start: "1e300")),
    ("huge attempt number", record(number: "9223372036854775807")),
  ])
  func aDamagedRecordIsKeptAsideAndTheJobRunsAgain(kind: String, text: String) async throws {
    try await withSandbox { sandbox in
      try Self.setUp(sandbox, record: text)
      let status = try await xpert("status", "s.toml", "--jobs", in: sandbox)
      #expect(status.status == 0, "\(kind): \(status.stderr)")
      #expect(status.stderr.contains("xpert-record.json is damaged"), "\(kind): \(status.stderr)")
      #expect(status.lines.contains { $0.hasPrefix("o ") && $0.contains("interrupted") })
      let run = try await xpert("s.toml", in: sandbox)
      #expect(run.status == 0, "\(kind): \(run.stdout)\(run.stderr)")
      #expect(run.lines.contains { $0.contains("was damaged") && $0.contains("kept as") })
      let aside = sandbox.list("o").filter { $0.hasPrefix("xpert-record.json.damaged-") }
      #expect(aside.count == 1)
      #expect(try sandbox.read("o/" + aside[0]) == text, "\(kind): the damaged record changed")
      // Two attempts left logs: this one is the third.
      let newest = logs(in: "o", of: sandbox).filter { $0.hasPrefix("stdout") }.sorted().last!
      #expect(try sandbox.read("o/" + newest) == "attempt 3\n")
    }
  }

  @Test func aRecordDirectoryIsKeptAsideToo() async throws {
    try await withSandbox { sandbox in
      try Self.setUp(sandbox, record: nil)
      try FileManager.default.createDirectory(
        atPath: sandbox.path + "/o/xpert-record.json", withIntermediateDirectories: true)
      let run = try await xpert("s.toml", in: sandbox)
      #expect(run.status == 0, "\(run.stdout)")
      #expect(sandbox.list("o").contains { $0.hasPrefix("xpert-record.json.damaged-") })
      #expect(try sandbox.read("o/xpert-record.json").contains("\"status\": \"completed\""))
    }
  }

  @Test func aRecordOfANewerVersionIsNeverOverwritten() async throws {
    try await withSandbox { sandbox in
      let newer = Self.record(version: 99)
      try Self.setUp(sandbox, record: newer)
      let status = try await xpert("status", "s.toml", in: sandbox)
      #expect(status.stderr.contains("newer than this xpert reads"), "\(status.stderr)")
      let run = try await xpert("s.toml", in: sandbox)
      #expect(
        run.lines.contains { $0.contains("[SKIP]") && $0.contains("upgrade xpert to run it") },
        "\(run.stdout)")
      #expect(try sandbox.read("o/xpert-record.json") == newer)
      #expect(logs(in: "o", of: sandbox).count == 4, "the job did not run")
    }
  }
}
