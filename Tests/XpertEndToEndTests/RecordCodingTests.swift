import Foundation
import Testing
import XpertCore
import XpertTestSupport

@testable import XpertStore

@Suite struct RecordCodingTests {
  @Test func aRecordSurvivesEncodingAndDecoding() throws {
    var record = JobRecord(
      uid: "runs/a \"b\"", group: 2, config: "/c/s.toml", command: "echo 'x'\n\ty",
      fields: [JobField(key: "lr", value: "0.1"), JobField(key: "name", value: "é")],
      status: .failed, gitCommit: "abc", gitDirty: true)
    record.attempts = [
      JobAttempt(
        number: 1, start: 1_796_000_000.25, end: 1_796_000_001.5, termination: .signalled(9),
        outcome: .interrupted, host: "h", pid: 12, processStart: 46_791, gpu: "1,2",
        stdoutLog: "stdout.1.log",
        stderrLog: "stderr.1.log", message: "gone"),
      JobAttempt(
        number: 2, start: 1_796_000_002, end: 1_796_000_003, termination: .exited(3),
        outcome: .failed, host: "h", pid: 13),
    ]
    record.attempts[0].gpuNames = "1: NVIDIA A100 (GPU-aa); 2: NVIDIA A100 (GPU-bb)"
    let decoded = try JobRecordCoding.decode(JobRecordCoding.encode(record))
    #expect(decoded == record)
  }

  @Test func recordsOfEveryStringAndNumberSurviveEncodingAndDecoding() throws {
    let awkward = "ctl \u{1}\u{1F} del \u{7F} \"q\" \\ / é 漢 😀 \r\n\t"
    var record = JobRecord(
      uid: awkward, group: Int.max, config: awkward, command: awkward,
      fields: [JobField(key: "", value: ""), JobField(key: awkward, value: awkward)],
      status: .running, xpertVersion: awkward, gitCommit: awkward, gitDirty: false)
    record.attempts = [
      JobAttempt(
        number: 7, start: -1.5, end: 0, termination: .exited(-1), outcome: .running,
        host: awkward, pid: Int32.max, gpu: awkward, stdoutLog: awkward, stderrLog: awkward,
        message: awkward)
    ]
    let text = JobRecordCoding.encode(record)
    #expect(try JobRecordCoding.decode(text) == record)
    #expect(try JobRecordCoding.decode(bytes: Array(text.utf8)) == record)
  }

  @Test func theFixtureRecordsReadAsWritten() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/record-v1/runs")
    for (name, status, exitStatus, start) in [
      ("a", JobState.completed, Int32(0), 1_796_164_225.9),
      ("b", .failed, 4, 1_796_000_000.9),
    ] {
      let text = try String(
        contentsOf: folder.appendingPathComponent("\(name)/xpert-record.json"), encoding: .utf8)
      let record = try JobRecordCoding.decode(text)
      #expect(record.uid == "runs/\(name)")
      #expect(record.group == 1)
      #expect(record.config == "/home/someone/sweep.toml")
      #expect(record.command == "echo \(name)")
      #expect(record.commandHash == CommandHash.of("echo \(name)"))
      #expect(record.fields == [JobField(key: "name", value: name)])
      #expect(record.status == status)
      #expect(record.xpertVersion == "0.1.0")
      #expect(record.gitCommit == nil && record.gitDirty == nil)
      let attempt = try #require(record.attempts.first)
      #expect(record.attempts.count == 1)
      #expect(attempt.number == 1 && attempt.start == start)
      #expect(abs((attempt.end ?? 0) - (start + 0.003)) < 1e-6)
      #expect(attempt.termination == .exited(exitStatus) && attempt.outcome == status)
      #expect(attempt.host == "vm" && attempt.pid == 2603 && attempt.gpu == nil)
      #expect(attempt.stdoutLog == "stdout.\(Int(start)).log" && attempt.message == nil)
      #expect(try JobRecordCoding.decode(JobRecordCoding.encode(record)) == record)
    }
  }

  @Test(arguments: [
    (0.0, "0.000"), (1.5, "1.500"), (1_796_000_000.1234, "1796000000.123"),
    (-0.25, "-0.250"), (2.0005, "2.001"),
  ])
  func secondsHaveThreeDecimals(seconds: Double, text: String) {
    #expect(JobRecordCoding.milliseconds(seconds) == text)
  }

  @Test func newerOrBrokenRecordsAreNotRead() {
    #expect(throws: JobRecordCoding.DecodingError.unsupportedVersion(2)) {
      try JobRecordCoding.decode(#"{"format": "xpert-job-record", "version": 2}"#)
    }
    for text in [
      "{not json", "[]", #"{"format": "other", "version": 1}"#,
      #"{"format": "xpert-job-record", "version": 1, "uid": "u", "command": "c"}"#,
      #"{"format": "xpert-job-record", "version": 1, "uid": "u", "command": "c", "status": "x"}"#,
      #"{"format": "xpert-job-record", "version": "1"}"#,
    ] {
      #expect(throws: JobRecordCoding.DecodingError.malformed) {
        try JobRecordCoding.decode(text)
      }
    }
  }
}

@Suite struct GitProvenanceTests {
  @Test func recordsNameTheCommitAndWhetherTheTreeWasDirty() async throws {
    try await withSandbox { sandbox in
      try sandbox.write("cmd = \"true\"\nuid = \"o/{x}\"\nx = [1]\n", to: "s.toml")
      for arguments in [
        ["init", "-q"], ["add", "s.toml"],
        ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "sweep"],
      ] {
        let git = try await XpertProcess.run(
          arguments, in: sandbox.path, executable: "/usr/bin/git")
        try #require(git.status == 0, "git \(arguments): \(git.stderr)")
      }
      let head = try await XpertProcess.run(
        ["rev-parse", "HEAD"], in: sandbox.path, executable: "/usr/bin/git")
      let commit = head.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
      #expect(try await xpert("s.toml", in: sandbox).status == 0)
      let clean = try sandbox.read("o/1/xpert-record.json")
      #expect(clean.contains("\"git\": {\"commit\":\"\(commit)\",\"dirty\":false}"))
      try sandbox.write("cmd = \"true\"\nuid = \"o/{x}\"\nx = [1]\n# edited\n", to: "s.toml")
      #expect(try await xpert("s.toml", "--restart", in: sandbox).status == 0)
      #expect(try sandbox.read("o/1/xpert-record.json").contains("\"dirty\":true}"))
    }
  }
}
