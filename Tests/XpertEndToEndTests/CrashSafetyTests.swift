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
        // Every log that a job wrote to is named by its record: nothing ran unrecorded.
        for log in names where log.hasPrefix("stdout") {
          let text = (try? sandbox.read(directory + "/" + log)) ?? ""
          #expect(
            text.isEmpty || recorded.contains(log),
            "seed \(seed): \(directory)/\(log) was written by an attempt no record names")
        }
      }
      // Attempt numbers never repeat.
      let attempts = names.filter { $0.hasPrefix("stdout") }.compactMap {
        try? sandbox.read(directory + "/" + $0)
      }.compactMap { $0.split(separator: "\n").first }
      #expect(Set(attempts).count == attempts.count, "seed \(seed): \(directory): \(attempts)")
    }
    #expect(!sandbox.exists("overlaps.txt"), "seed \(seed): a job ran twice at once")
  }

  @Test func killingTheRunnerAtRandomMomentsLosesNothing() async throws {
    let seed = UInt64(ProcessInfo.processInfo.environment["XPERT_CRASH_SEED"] ?? "") ?? 20_261_201
    var random = SplitMix64(seed: seed)
    try await withSandbox { sandbox in
      let values = (1...16).map(String.init).joined(separator: ", ")
      try sandbox.write(
        """
        cmd = "echo start $XPERT_ATTEMPT; sh overlap.sh; sleep 0.0{i}; echo done; test {i} -ne 7"
        uid = "o/{i}"
        i = [\(values)]

        [flags]
        num_proc = 4
        """, to: "s.toml")
      // A job that finds an earlier attempt of itself still alive says so.
      try sandbox.write(
        """
        cd "$XPERT_UID"
        if [ -f running.pid ] && kill -0 "$(cat running.pid)" 2>/dev/null; then
          echo "$XPERT_UID" >> ../../overlaps.txt
        fi
        echo $PPID > running.pid
        """, to: "overlap.sh")
      var logsBefore = Set<String>()
      let rounds = Int(ProcessInfo.processInfo.environment["XPERT_CRASH_ROUNDS"] ?? "") ?? 10
      for _ in 0..<rounds {
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

@Suite struct RunnerKilledByItsJobTests {
  @Test func aJobThatKillsItsRunnerAtStartIsNeverRunTwiceAtOnce() async throws {
    try await withSandbox { sandbox in
      // Attempt 1 kills its runner, then lingers; attempt 2 looks whether attempt 1 still lives.
      try sandbox.write(
        """
        if [ "$XPERT_ATTEMPT" = 1 ]; then
          echo $$ > first.pid
          kill -9 "$(sed -n 's/^pid=//p' "$XPERT_UID/xpert.lock")"
          sleep 300
        else
          kill -0 "$(cat first.pid)" 2>/dev/null && echo overlap > overlap.txt
          echo second
        fi
        """, to: "job.sh")
      try sandbox.write("cmd = \"sh job.sh\"\nuid = \"o\"\n", to: "s.toml")
      let first = try await xpert("s.toml", in: sandbox)
      #expect(first.status == 137)
      let status = try await xpert("status", "s.toml", "--json", in: sandbox)
      #expect(status.stdout.contains("\"running\":1"), "\(status.stdout)")
      let second = try await xpert("s.toml", in: sandbox)
      #expect(second.lines.contains("Successfully completed [1/1]"), "\(second.stdout)")
      #expect(!sandbox.exists("overlap.txt"))
      let record = try sandbox.read("o/xpert-record.json")
      #expect(record.contains("\"number\":1") && record.contains("\"number\":2"))
      #expect(record.contains("\"outcome\":\"interrupted\""))
      let pid = Int32(
        try sandbox.read("first.pid").trimmingCharacters(in: .whitespacesAndNewlines))!
      #expect(kill(pid, 0) != 0)
    }
  }

  @Test func anOrphanThatClearedItsEnvironmentIsStoppedAtTakeover() async throws {
    try await withSandbox { sandbox in
      // Attempt 1 sheds everything that names it (XPERT_UID, its process group and session),
      // then kills its runner; attempt 2 looks whether it still lives.
      try sandbox.write(
        """
        if [ "$XPERT_ATTEMPT" = 1 ]; then
          kill -9 "$(sed -n 's/^pid=//p' "$XPERT_UID/xpert.lock")"
          exec env -i setsid sh -c 'echo $$ > orphan.pid; exec sleep 300'
        fi
        kill -0 "$(cat orphan.pid)" 2>/dev/null && echo overlap > overlap.txt
        echo second
        """, to: "job.sh")
      try sandbox.write("cmd = \"sh job.sh\"\nuid = \"o\"\n", to: "s.toml")
      _ = try await xpert("s.toml", in: sandbox)
      try await waitUntil("the orphan runs") { sandbox.exists("orphan.pid") }
      let second = try await xpert("s.toml", in: sandbox)
      #expect(second.lines.contains("Successfully completed [1/1]"), "\(second.stdout)")
      #expect(!sandbox.exists("overlap.txt"), "the orphan ran beside the new attempt")
      let pid = Int32(
        try sandbox.read("orphan.pid").trimmingCharacters(in: .whitespacesAndNewlines))!
      #expect(kill(pid, 0) != 0)
    }
  }
}
