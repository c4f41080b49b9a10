import Foundation
import Testing
import XpertTestSupport

/// Whether this machine can make PID namespaces for the tests.
let namespacesAvailable =
  getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")

/// Runners in different PID namespaces on one machine (containers sharing a file system): a
/// pid means nothing across them, so only heartbeats count, and a runner that lost its job
/// while stopped writes nothing over the new owner's files.
@Suite(.enabled(if: namespacesAvailable, "needs root and unshare(1)"))
struct NamespaceTests {
  /// `xpert arguments` in a new PID namespace, with a pid near the top of the range (so that
  /// the same number is no live process outside); `mark` finds it from outside.
  static func startInNamespace(
    _ arguments: [String], in sandbox: TemporaryDirectory, mark: String
  ) throws -> XpertProcess {
    let top =
      (try? String(contentsOfFile: "/proc/sys/kernel/pid_max", encoding: .utf8))
      .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 32768
    let xpert = BuiltProducts.path(of: "xpert")
    let script =
      "echo \(top - 200) > /proc/sys/kernel/ns_last_pid; "
      + ([xpert] + arguments).map { "'\($0)'" }.joined(separator: " ")
    return try XpertProcess(
      ["--pid", "--fork", "--mount-proc", "sh", "-c", script], in: sandbox.path,
      environment: ["XPERT_TEST_RUNNER": mark], executable: "/usr/bin/unshare")
  }

  /// The pid (outside) of the runner that carries `mark`.
  static func runner(_ mark: String) -> Int32? {
    ProcessTable.pids(withEnvironment: "XPERT_TEST_RUNNER", value: mark).first {
      (try? String(contentsOfFile: "/proc/\($0)/comm", encoding: .utf8)) == "xpert\n"
    }
  }

  /// A job that runs until the test creates `release-<attempt>`.
  static let waitingJob =
    "echo $XPERT_ATTEMPT >> runs.txt; while [ ! -f release-$XPERT_ATTEMPT ]; do sleep 0.05; done"

  @Test func aLiveRunnerInAnotherNamespaceKeepsItsJob() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        "cmd = \"\(Self.waitingJob)\"\nuid = \"o\"\n", to: "s.toml")
      let mark = UUID().uuidString
      let inside = try Self.startInNamespace(["run", "s.toml"], in: sandbox, mark: mark)
      try await waitUntil("the job runs") { sandbox.exists("runs.txt") }
      let outside = try await xpert("s.toml", in: sandbox)
      #expect(outside.lines.contains("[SKIP] [RUNNING] \(Self.waitingJob)"), "\(outside.stdout)")
      try sandbox.write("", to: "release-1")
      let result = try await inside.finish()
      #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
      #expect(try sandbox.read("runs.txt") == "1\n")
    }
  }

  @Test func aStoppedRunnerThatLostItsJobWritesNothingWhenItResumes() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        "cmd = \"\(Self.waitingJob)\"\nuid = \"o\"\n", to: "s.toml")
      let mark = UUID().uuidString
      let inside = try Self.startInNamespace(
        ["run", "s.toml", "--lock-timeout", "1"], in: sandbox, mark: mark)
      try await waitUntil("attempt 1 runs") { sandbox.exists("runs.txt") }
      var found: Int32?
      try await waitUntil("the runner is found") {
        found = Self.runner(mark)
        return found != nil
      }
      let paused = try #require(found)
      kill(paused, SIGSTOP)
      // Once the stopped runner's heartbeat is older than the lock timeout (1 s), a runner
      // outside takes the job over.
      try await waitUntil("the stopped runner's heartbeat is older than the lock timeout") {
        let attributes = try FileManager.default.attributesOfItem(
          atPath: sandbox.path + "/o/xpert.lock")
        let beat = attributes[.modificationDate] as! Date
        return Date().timeIntervalSince(beat) > 1.5
      }
      let outside = try XpertProcess(
        ["run", "s.toml", "--lock-timeout", "1"], in: sandbox.path)
      try await waitUntil("attempt 2 runs") {
        (try? sandbox.read("runs.txt")) == "1\n2\n"
      }
      kill(paused, SIGCONT)
      let resumed = try await inside.finish(timeout: .seconds(30))
      #expect(resumed.stdout.contains("was taken over by"), "\(resumed.stdout)")
      #expect(resumed.stdout.contains("[TAKEN OVER]"))
      // The resumed runner left the new owner's lock and record alone.
      #expect(sandbox.exists("o/xpert.lock"))
      #expect(try sandbox.read("o/xpert-record.json").contains("\"status\": \"running\""))
      try sandbox.write("", to: "release-2")
      let result = try await outside.finish(timeout: .seconds(30))
      #expect(result.lines.contains("Successfully completed [1/1]"), "\(result.stdout)")
      let record = try sandbox.read("o/xpert-record.json")
      #expect(record.contains("\"status\": \"completed\""))
      #expect(record.contains("\"number\":2"))
    }
  }
}
