import Foundation
import Testing
import XpertTestSupport

@Suite struct CrashSafetyTests {
  /// After any kill: a flag only where a process ran to its end and exited 0, never for the
  /// job that always fails, every recorded attempt's logs present, and no log lost.
  static func checkInvariants(
    _ sandbox: TemporaryDirectory, logsBefore: inout Set<String>, seed: UInt64
  ) throws {
    let tree = Set(sandbox.tree())
    #expect(logsBefore.isSubset(of: tree), "seed \(seed): a log disappeared")
    logsBefore = Set(tree.filter { $0.hasSuffix(".log") })
    for index in 1...16 {
      let directory = "o/\(index)"
      let names = logs(in: directory, of: sandbox)
      if sandbox.exists(directory + "/completed.flag") {
        #expect(index != 7, "seed \(seed): the failing job is marked complete")
        let finished = try names.filter { $0.hasPrefix("stdout") }.contains {
          try sandbox.read(directory + "/" + $0).contains("done")
        }
        #expect(finished, "seed \(seed): \(directory) is complete but no attempt finished")
      }
      if let record = try? sandbox.read(directory + "/xpert-record.json") {
        let recorded = record.components(separatedBy: "\"stdout\":\"").dropFirst().map {
          String($0.prefix { $0 != "\"" })
        }
        for log in recorded {
          #expect(
            names.contains(log), "seed \(seed): \(directory)/\(log) is in the record but gone")
        }
      }
    }
  }

  @Test func killingTheRunnerAtRandomMomentsLosesNothing() async throws {
    let seed = UInt64(ProcessInfo.processInfo.environment["XPERT_CRASH_SEED"] ?? "") ?? 20_261_201
    var random = SplitMix64(seed: seed)
    try await withSandbox { sandbox in
      let values = (1...16).map(String.init).joined(separator: ", ")
      try sandbox.write(
        """
        cmd = "echo start; sleep 0.0{i}; echo done; test {i} -ne 7"
        uid = "o/{i}"
        i = [\(values)]

        [flags]
        num_proc = 4
        """, to: "s.toml")
      var logsBefore = Set<String>()
      for _ in 0..<10 {
        let process = try XpertProcess(["s.toml"], in: sandbox.path)
        let runs = Int.random(in: 1...6, using: &random)
        try await waitUntil("xpert starts some jobs") {
          process.stdoutSoFar.components(separatedBy: "[RUN]").count > runs
            || process.stdoutSoFar.contains("Job is done!")
        }
        try await Task.sleep(for: .milliseconds(Int.random(in: 0...60, using: &random)))
        process.send(SIGKILL)
        _ = try await process.finish()
        try Self.checkInvariants(sandbox, logsBefore: &logsBefore, seed: seed)
      }
      let final = try await XpertProcess.run(["s.toml"], in: sandbox.path)
      #expect(final.status == 1, "only job 7 fails")
      try Self.checkInvariants(sandbox, logsBefore: &logsBefore, seed: seed)
      for index in 1...16 where index != 7 {
        #expect(sandbox.exists("o/\(index)/completed.flag"), "seed \(seed): o/\(index)")
      }
      let interrupted = (1...16).filter {
        (try? sandbox.read("o/\($0)/xpert-record.json"))?.contains("\"outcome\":\"interrupted\"")
          == true
      }
      #expect(!interrupted.isEmpty, "seed \(seed): some kill hit a running job")
      let status = try await xpert("status", "s.toml", "--json", in: sandbox)
      #expect(status.stdout.contains("\"completed\":15,\"failed\":1"), "\(status.stdout)")
    }
  }
}
