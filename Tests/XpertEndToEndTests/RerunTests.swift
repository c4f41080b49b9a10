import Foundation
import Testing
import XpertTestSupport

@Suite struct RerunTests {
  /// Copies the fixture folder `name` into the sandbox.
  static func copyFixture(_ name: String, into sandbox: TemporaryDirectory) throws {
    let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/\(name)")
    for item in try FileManager.default.contentsOfDirectory(atPath: source.path) {
      try FileManager.default.copyItem(
        at: source.appendingPathComponent(item), to: sandbox.url(item))
    }
  }

  @Test func editingACommandMakesItsJobStaleUntilRerunStale() async throws {
    try await withSandbox { sandbox in
      try sandbox.write("cmd = \"echo v1 {x}\"\nuid = \"o/{x}\"\nx = [1, 2]\n", to: "s.toml")
      #expect(try await xpert("s.toml", in: sandbox).status == 0)
      try sandbox.write(
        "cmd = \"echo v1 {x}\"\nuid = \"o/{x}\"\nx = [1, 2]\n[[exp]]\ncmd = \"echo v2 {x}\"\nx = 2\nuid = \"o/{x}\"\n[[exp]]\nx = 1\n",
        to: "s.toml")
      let list = try await xpert("list", "s.toml", in: sandbox)
      #expect(list.lines.first { $0.hasSuffix("echo v2 2") }?.hasPrefix("stale") == true)
      let plain = try await xpert("s.toml", in: sandbox)
      #expect(plain.status == 0)
      #expect(plain.lines.contains("[SKIP] [STALE] echo v2 2"))
      #expect(plain.lines.contains { $0.hasPrefix("Stale [1/2]") })
      let status = try await xpert("status", "s.toml", "--json", in: sandbox)
      #expect(status.stdout.contains("\"stale\":1"))
      let rerun = try await xpert("s.toml", "--rerun", "stale", in: sandbox)
      #expect(rerun.lines.contains { $0.contains("[SUCCESS] echo v2 2") })
      #expect(rerun.lines.contains("[SKIP] [COMPLETED] echo v1 1"))
      let after = try await xpert("list", "s.toml", in: sandbox)
      #expect(after.lines.allSatisfy { $0.hasPrefix("completed") })
    }
  }

  @Test func rerunFailedRunsOnlyFailedTimedOutAndInterruptedJobs() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        "cmd = \"echo {x} >> ran.txt; test {x} != 2\"\nuid = \"o/{x}\"\nx = [1, 2]\n",
        to: "s.toml")
      #expect(try await xpert("s.toml", "--only", "x=1", "--only", "x=2", in: sandbox).status == 1)
      try sandbox.write(
        "cmd = \"echo {x} >> ran.txt; true\"\nuid = \"o/{x}\"\nx = [1, 2, 3]\n", to: "s.toml")
      let rerun = try await xpert("s.toml", "--rerun", "failed", in: sandbox)
      #expect(rerun.status == 0)
      #expect(
        try sandbox.read("ran.txt").split(separator: "\n").sorted() == ["1", "2", "2"],
        "job 3 is new, not failed: not run")
      #expect(rerun.lines.contains("[SKIP] [NEW] echo 3 >> ran.txt; true"))
      let status = try await xpert("status", "s.toml", "--jobs", in: sandbox)
      #expect(status.lines.contains { $0.hasPrefix("o/2") && $0.contains("completed  2") })
    }
  }

  @Test func markersOfEveryShapeAreReadAsTheyWereWritten() async throws {
    try await withSandbox { sandbox in
      try sandbox.write("cmd = \"echo {i}\"\nuid = \"d/{i}\"\ni = [1, 2, 3, 4, 5]\n", to: "s.toml")
      #expect(try await xpert("s.toml", in: sandbox).status == 0)
      let ours = try sandbox.read("d/1/completed.flag")
      // 1: as written; 2: another command's hash (stale); 3: empty (the original tool's);
      // 4: our marker padded past any short read; 5: no marker.
      try sandbox.write("xpert-completed 1 fnv1a64:0000000000000000\n", to: "d/2/completed.flag")
      try sandbox.write("", to: "d/3/completed.flag")
      try sandbox.write(
        "xpert-completed 1 fnv1a64:0000000000000000 " + String(repeating: "x", count: 300),
        to: "d/4/completed.flag")
      try FileManager.default.removeItem(atPath: sandbox.path + "/d/5/completed.flag")
      let status = try await xpert("status", "s.toml", "--jobs", in: sandbox)
      let states = status.lines.filter { $0.hasPrefix("d/") }.map {
        $0.split(separator: " ", omittingEmptySubsequences: true)[1]
      }
      #expect(states == ["completed", "stale", "completed", "stale", "new"], "\(status.stdout)")
      #expect(ours.hasPrefix("xpert-completed 1 fnv1a64:"))
    }
  }

  @Test func aDirectoryFromTheOriginalToolCountsAsCompleted() async throws {
    try await withSandbox { sandbox in
      try Self.copyFixture("original-tool", into: sandbox)
      let result = try await xpert("config-example.toml", in: sandbox)
      #expect(result.status == 0)
      #expect(result.lines.contains("[SKIP] [COMPLETED] echo job-0"))
      #expect(result.lines.contains { $0.contains("[SUCCESS] echo job-1") })
      #expect(logs(in: "xpert.logs/0", of: sandbox).count == 2, "the old logs are kept as they are")
      let status = try await xpert("status", "config-example.toml", "--json", in: sandbox)
      #expect(status.stdout.contains("\"completed\":2"))
    }
  }

  @Test func version1RecordsAreRead() async throws {
    try await withSandbox { sandbox in
      try Self.copyFixture("record-v1", into: sandbox)
      let status = try await xpert("status", "sweep.toml", "--jobs", in: sandbox)
      #expect(status.lines.contains { $0.hasPrefix("runs/a") && $0.contains("completed  1") })
      #expect(
        status.lines.contains {
          $0.hasPrefix("runs/b") && $0.contains("failed     1") && $0.contains("exit status 4")
        })
      let rerun = try await xpert("sweep.toml", "--rerun", "failed", in: sandbox)
      #expect(rerun.status == 0)
      let record = try sandbox.read("runs/b/xpert-record.json")
      #expect(record.contains("\"number\":1") && record.contains("\"number\":2"))
      #expect(record.contains("\"status\": \"completed\""))
      #expect(sandbox.exists("runs/b/stdout.1796000000.log"), "the first attempt's logs are kept")
    }
  }

  @Test func selectionErrorsExitTwo() async throws {
    try await withSandbox { sandbox in
      try sandbox.write("cmd = \"true\"\nuid = \"o/{x}\"\nx = [1, 2]\n", to: "s.toml")
      let unknown = try await xpert("s.toml", "--only", "y=1", in: sandbox)
      #expect(unknown.status == 2 && unknown.stderr.contains("which no job has; the keys are: x"))
      let none = try await xpert("list", "s.toml", "--uid", "nope/*", in: sandbox)
      #expect(none.status == 2 && none.stderr.contains("select none of the 2 jobs"))
      let some = try await xpert("s.toml", "--uid", "o/2", in: sandbox)
      #expect(some.status == 0 && some.lines.contains("Successfully completed [1/1]"))
      #expect(!sandbox.exists("o/1"))
    }
  }
}
