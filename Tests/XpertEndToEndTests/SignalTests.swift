import Foundation
import Testing
import XpertTestSupport

@Suite struct SignalTests {
  /// Three jobs, two at once, each starting a grandchild; all carry `mark` in their environment.
  static func startSweep(
    in sandbox: TemporaryDirectory, mark: String, job: String, extra: [String] = []
  ) async throws -> XpertProcess {
    try sandbox.write(
      """
      cmd = "\(job)"
      uid = "out/{i}"
      i = [1, 2, 3]

      [flags]
      num_proc = 2
      """, to: "s.toml")
    let process = try XpertProcess(
      ["run", "s.toml"] + extra, in: sandbox.path, environment: ["XPERT_TEST_MARK": mark])
    try await waitUntil("two jobs and their grandchildren run") {
      process.stdoutSoFar.components(separatedBy: "[RUN]").count == 3
        && ProcessTable.pids(withEnvironment: "XPERT_TEST_MARK", value: mark).count >= 4
    }
    return process
  }

  static func expectNothingLeft(_ mark: String, _ sandbox: TemporaryDirectory) async throws {
    try await waitUntil("no job process is left", timeout: .seconds(5)) {
      ProcessTable.pids(withEnvironment: "XPERT_TEST_MARK", value: mark).isEmpty
    }
    #expect(!sandbox.tree().contains { $0.hasSuffix("completed.flag") })
  }

  @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143)), (SIGHUP, Int32(129))])
  func aSignalStopsEveryJobAndItsGrandchildren(signal: Int32, status: Int32) async throws {
    try await withSandbox { sandbox in
      let mark = UUID().uuidString
      let process = try await Self.startSweep(
        in: sandbox, mark: mark, job: "sh -c 'sleep 300' & sleep 300; wait")
      process.send(signal)
      let result = try await process.finish(timeout: .seconds(120))
      #expect(result.status == status)
      #expect(result.lines.contains("Interrupted [2/3]"))
      #expect(result.lines.contains("Not started [1/3]"))
      #expect(result.lines.contains("Job is done!"))
      try await Self.expectNothingLeft(mark, sandbox)
    }
  }

  @Test func aJobIgnoringSIGTERMIsKilledAfterTheGracePeriod() async throws {
    try await withSandbox { sandbox in
      let mark = UUID().uuidString
      let process = try await Self.startSweep(
        in: sandbox, mark: mark,
        job: "trap '' TERM; sh -c 'trap \\\"\\\" TERM; sleep 300' & sleep 300",
        extra: ["--grace", "0.5"])
      process.send(SIGTERM)
      // Well below the job's 300 s: without the SIGKILL this times out.
      let result = try await process.finish(timeout: .seconds(120))
      #expect(result.status == 143)
      #expect(result.lines.contains { $0.contains("[INTERRUPTED]") && $0.contains("SIGKILL") })
      try await Self.expectNothingLeft(mark, sandbox)
    }
  }

  @Test func aSecondSIGINTKillsAtOnce() async throws {
    try await withSandbox { sandbox in
      let mark = UUID().uuidString
      let process = try await Self.startSweep(
        in: sandbox, mark: mark,
        job: "trap '' TERM; sh -c 'trap \\\"\\\" TERM; sleep 300' & sleep 300",
        extra: ["--grace", "120"])
      process.send(SIGINT)
      try await waitUntil("xpert reports the first SIGINT") {
        process.stdoutSoFar.contains("SIGINT received")
      }
      process.send(SIGINT)
      let result = try await process.finish(timeout: .seconds(120))
      #expect(result.status == 130)
      #expect(result.lines.contains("Interrupted [2/3]"))
      try await Self.expectNothingLeft(mark, sandbox)
    }
  }
}

@Suite struct StopEdgeCaseTests {
  @Test func aJobThatExitsZeroOnSIGTERMIsInterruptedNotCompleted() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        "cmd = \"trap 'exit 0' TERM; sleep 300 & wait\"\nuid = \"o/{i}\"\ni = [1, 2]\n",
        to: "s.toml")
      let process = try XpertProcess(["s.toml"], in: sandbox.path)
      try await waitUntil("both jobs run") {
        process.stdoutSoFar.components(separatedBy: "[RUN]").count == 3
      }
      process.send(SIGTERM)
      let result = try await process.finish(timeout: .seconds(120))
      #expect(result.status == 143)
      #expect(result.lines.contains("Interrupted [2/2]"))
      #expect(!sandbox.exists("o/1/completed.flag") && !sandbox.exists("o/2/completed.flag"))
    }
  }

  @Test func backgroundProcessesOfFinishedJobsGoToo() async throws {
    try await withSandbox { sandbox in
      let mark = UUID().uuidString
      try sandbox.write(
        """
        cmd = "{body}"
        uid = "o/{i}"
        [[exp]]
        i = [1]
        body = "sleep 311 & true"
        [[exp]]
        i = [2]
        body = "sleep 0.2; trap '' TERM; sleep 312"
        """, to: "s.toml")
      let process = try XpertProcess(
        ["s.toml", "-j", "2", "--grace", "0.2"], in: sandbox.path,
        environment: ["XPERT_TEST_MARK": mark])
      try await waitUntil("job 1 is done and job 2 runs") {
        process.stdoutSoFar.contains("[SUCCESS] sleep 311 & true")
      }
      process.send(SIGINT)
      let result = try await process.finish(timeout: .seconds(120))
      #expect(result.status == 130)
      try await waitUntil("no job process is left", timeout: .seconds(5)) {
        ProcessTable.pids(withEnvironment: "XPERT_TEST_MARK", value: mark).isEmpty
      }
    }
  }

  @Test func aRunStartedWithNohupOutlivesItsTerminal() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        "cmd = \"while [ ! -f go ]; do sleep 0.02; done\"\nuid = \"o\"\n", to: "s.toml")
      let xpert = BuiltProducts.path(of: "xpert")
      // What nohup does: SIGHUP ignored, then exec.
      let process = try XpertProcess(
        ["-c", "trap '' HUP; exec '\(xpert)' s.toml"], in: sandbox.path, executable: "/bin/sh")
      try await waitUntil("the job runs") { process.stdoutSoFar.contains("[RUN]") }
      process.send(SIGHUP)
      try sandbox.write("", to: "go")
      let result = try await process.finish()
      #expect(result.status == 0, "\(result.stdout)")
      #expect(result.lines.contains("Successfully completed [1/1]"))
    }
  }
}
