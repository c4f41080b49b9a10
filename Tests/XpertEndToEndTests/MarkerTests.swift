import Foundation
import Testing
import XpertTestSupport

/// Only a readable regular file marks a job complete: whatever else is there is an error for
/// that job, with the reason, never a skip.
@Suite struct MarkerTests {
  @Test func aUidTooLongForTheFileSystemFailsOnEveryRun() async throws {
    try await withSandbox { sandbox in
      let long = String(repeating: "x", count: 300)
      try sandbox.write("cmd = \"true\"\nuid = \"o/\(long)\"\n", to: "s.toml")
      for _ in 0..<2 {
        let result = try await xpert("s.toml", in: sandbox)
        #expect(result.status == 1)
        #expect(
          result.lines.contains { $0.contains("[FAILED]") && $0.contains("File name too long") },
          "\(result.stdout)")
        #expect(!result.lines.contains { $0.contains("[SKIP]") })
      }
    }
  }

  @Test(arguments: ["directory", "fifo", "loop", "device"])
  func somethingThatIsNotAMarkerIsAnErrorNotASkip(kind: String) async throws {
    try await withSandbox { sandbox in
      try sandbox.write("cmd = \"true\"\nuid = \"o/job\"\n", to: "s.toml")
      let flag = sandbox.path + "/o/job/completed.flag"
      switch kind {
      case "directory":
        try FileManager.default.createDirectory(atPath: flag, withIntermediateDirectories: true)
      case "fifo":
        try FileManager.default.createDirectory(
          atPath: sandbox.path + "/o/job", withIntermediateDirectories: true)
        #expect(mkfifo(flag, 0o644) == 0)
      case "device":
        try FileManager.default.createDirectory(
          atPath: sandbox.path + "/o/job", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: flag, withDestinationPath: "/dev/zero")
      default:
        try FileManager.default.createDirectory(
          atPath: sandbox.path + "/o", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
          atPath: sandbox.path + "/o/job", withDestinationPath: "job")
      }
      let result = try await XpertProcess.run(["s.toml"], in: sandbox.path, timeout: .seconds(120))
      #expect(result.status == 1, "\(result.stdout)")
      #expect(result.lines.contains { $0.hasPrefix("[FAILED] true (could not start: ") })
      #expect(!result.lines.contains { $0.contains("[SKIP]") })
      let status = try await xpert("status", "s.toml", "--json", in: sandbox)
      #expect(status.stdout.contains("\"completed\":0"), "\(status.stdout)")
    }
  }
}
