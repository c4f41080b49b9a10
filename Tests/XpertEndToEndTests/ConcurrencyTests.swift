import Foundation
import Testing
import XpertTestSupport

@Suite struct ConcurrencyTests {
  @Test func twoRunnersSplitTheWorkAndRunEachJobOnce() async throws {
    try await withSandbox { sandbox in
      let values = (1...50).map(String.init).joined(separator: ", ")
      try sandbox.write(
        "cmd = \"sleep 0.02; echo {i} >> ran.txt\"\nuid = \"o/{i}\"\ni = [\(values)]\n[flags]\nnum_proc = 4\n",
        to: "s.toml")
      let first = try XpertProcess(["s.toml"], in: sandbox.path)
      let second = try XpertProcess(["s.toml"], in: sandbox.path)
      let results = [try await first.finish(), try await second.finish()]
      #expect(results.allSatisfy { $0.status == 0 }, "\(results.map(\.stderr))")
      let ran = try sandbox.read("ran.txt").split(separator: "\n").map(String.init)
      #expect(ran.count == 50, "each job ran exactly once")
      #expect(Set(ran).count == 50)
      let successes = results.map { $0.lines.filter { $0.contains("[SUCCESS]") }.count }
      #expect(successes.reduce(0, +) == 50)
    }
  }

  @Test func statusWorksWhileARunIsInProgress() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "while [ ! -e go ]; do sleep 0.02; done"
        uid = "o/{i}"
        i = [1, 2, 3]

        [flags]
        num_proc = 2
        """, to: "s.toml")
      let run = try XpertProcess(["s.toml"], in: sandbox.path)
      try await waitUntil("two jobs run") {
        run.stdoutSoFar.components(separatedBy: "[RUN]").count == 3
      }
      let during = try await xpert("status", "s.toml", "--json", in: sandbox)
      #expect(during.stdout.contains("\"counts\":{\"new\":1,\"running\":2,\"completed\":0"))
      let jobs = try await xpert("status", "s.toml", "--jobs", in: sandbox)
      #expect(jobs.lines.filter { $0.hasPrefix("o/") && $0.contains(" running ") }.count == 2)
      try sandbox.write("", to: "go")
      #expect(try await run.finish().status == 0)
      let after = try await xpert("status", "s.toml", "--json", in: sandbox)
      #expect(after.stdout.contains("\"counts\":{\"new\":0,\"running\":0,\"completed\":3"))
    }
  }
}

@Suite struct LockTakeoverTests {
  /// Writes a lock of a runner on another host, `age` seconds old.
  static func foreignLock(in sandbox: TemporaryDirectory, _ directory: String, age: Int) throws {
    try FileManager.default.createDirectory(
      atPath: sandbox.url(directory).path, withIntermediateDirectories: true)
    let path = try sandbox.write(
      "xpert-lock 1\nhost=elsewhere\npid=1\n", to: directory + "/xpert.lock")
    let then = Date(timeIntervalSinceNow: -Double(age))
    try FileManager.default.setAttributes([.modificationDate: then], ofItemAtPath: path)
  }

  @Test func aLiveForeignLockIsRespectedAndAnOldOneIsTakenOver() async throws {
    try await withSandbox { sandbox in
      try sandbox.write("cmd = \"echo {x}\"\nuid = \"o/{x}\"\nx = [1, 2]\n", to: "s.toml")
      try Self.foreignLock(in: sandbox, "o/1", age: 0)
      try Self.foreignLock(in: sandbox, "o/2", age: 120)
      let status = try await xpert("status", "s.toml", "--json", in: sandbox)
      #expect(
        status.stdout.contains(
          "\"running\":1,\"completed\":0,\"failed\":0,\"timed-out\":0,\"interrupted\":1"))
      let result = try await xpert("s.toml", "--lock-timeout", "60", in: sandbox)
      #expect(result.status == 0)
      #expect(result.lines.contains("[SKIP] [RUNNING] echo 1"))
      #expect(result.lines.contains { $0.contains("[SUCCESS] echo 2") })
      #expect(result.lines.contains("Running elsewhere [1/2] (another runner holds them)"))
      #expect(sandbox.exists("o/1/xpert.lock") && !sandbox.exists("o/2/xpert.lock"))
    }
  }
}

@Suite struct RestartConcurrencyTests {
  @Test func aRestartDoesNotRerunWhatAnotherRunnerCompletedDuringIt() async throws {
    try await withSandbox { sandbox in
      let values = (2...8).map(String.init).joined(separator: ", ")
      try sandbox.write(
        """
        cmd = "echo ran >> count-{i}.txt; {wait}"
        uid = "o/{i}"
        [[exp]]
        i = [1]
        wait = "while [ ! -f go ]; do sleep 0.02; done"
        [[exp]]
        i = [\(values)]
        wait = "sleep 0.05"
        """, to: "s.toml")
      try sandbox.write("", to: "go")
      _ = try await xpert("s.toml", "-j", "4", in: sandbox)
      try FileManager.default.removeItem(atPath: sandbox.path + "/go")
      // The slow runner takes job 1 (until `go` exists); meanwhile a fast one completes the rest.
      let slow = try XpertProcess(["s.toml", "--restart", "-j", "1"], in: sandbox.path)
      try await waitUntil("job 1 runs") { slow.stdoutSoFar.contains("[RUN]") }
      let fast = try await xpert("s.toml", "--restart", "-j", "4", in: sandbox)
      #expect(fast.lines.contains("Successfully completed [7/8]"), "\(fast.stdout)")
      try sandbox.write("", to: "go")
      let result = try await slow.finish()
      #expect(result.lines.contains("Successfully completed [1/8]"), "\(result.stdout)")
      for index in 1...8 {
        #expect(
          try sandbox.read("count-\(index).txt") == "ran\nran\n",
          "job \(index) ran a number of times other than twice")
      }
    }
  }
}
