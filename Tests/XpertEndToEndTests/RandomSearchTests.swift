import Foundation
import Testing
import XpertTestSupport

/// A random search run, stopped, and resumed with more samples: the jobs already done are
/// skipped, because sample i is drawn from (sample_seed, i) alone.
@Suite struct RandomSearchTests {
  static func config(samples: Int) -> String {
    """
    cmd = "echo lr={lr} act={act} > {uid}/params.txt; test {_index} -ne 3 || while [ ! -f release ]; do sleep 0.02; done"
    uid = "runs/{_hash}"
    seed = [1, 2]
    lr = { type = "loguniform", low = 1e-5, high = 1e-1 }
    act = { type = "choice", values = ["relu", "gelu"] }
    [sweep]
    samples = \(samples)
    sample_seed = 42
    [flags]
    num_proc = 1
    """
  }

  @Test func aStoppedSearchResumesAndMoreSamplesKeepTheJobsDone() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(Self.config(samples: 2), to: "s.toml")
      let listed = try await xpert("list", "s.toml", in: sandbox)
      #expect(listed.lines.first == "exp[1]: 1 axis of 2, × 2 samples = 4 jobs", "\(listed.stdout)")
      let first = try XpertProcess(["run", "s.toml"], in: sandbox.path)
      try await waitUntil("the third job runs") {
        first.stdoutSoFar.components(separatedBy: "[RUN]").count == 4
      }
      first.send(SIGINT)
      let stopped = try await first.finish()
      #expect(stopped.status == 130, "\(stopped.stdout)")
      #expect(stopped.lines.contains("Successfully completed [2/4]"), "\(stopped.stdout)")
      try sandbox.write("", to: "release")
      // Resumed with two more samples: the two completed jobs are skipped, the rest run.
      try sandbox.write(Self.config(samples: 4), to: "s.toml")
      let resumed = try await xpert("s.toml", in: sandbox)
      #expect(resumed.status == 0, "\(resumed.stdout)")
      #expect(resumed.lines.filter { $0.contains("[SKIP]") }.count == 2, "\(resumed.stdout)")
      #expect(resumed.lines.filter { $0.contains("[RUN]") }.count == 6)
      let runs = sandbox.list("runs")
      #expect(runs.count == 8, "4 samples × 2 seeds, each job a folder: \(runs)")
      let params = try runs.map { try sandbox.read("runs/\($0)/params.txt") }
      #expect(Set(params).count == 4, "the seeds of a sample share its draw: \(params)")
    }
  }
}
