import Testing
import XpertCore

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
        outcome: .interrupted, host: "h", pid: 12, gpu: "1,2", stdoutLog: "stdout.1.log",
        stderrLog: "stderr.1.log", message: "gone"),
      JobAttempt(
        number: 2, start: 1_796_000_002, end: 1_796_000_003, termination: .exited(3),
        outcome: .failed, host: "h", pid: 13),
    ]
    let decoded = try JobRecordCoding.decode(JobRecordCoding.encode(record))
    #expect(decoded == record)
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
    #expect(throws: JobRecordCoding.DecodingError.malformed) {
      try JobRecordCoding.decode("{not json")
    }
  }
}
