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
