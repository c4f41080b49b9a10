import Foundation
import Testing
import XpertTestSupport

@Suite struct RunExampleTests {
  static let expectedDirectories = [
    "xpert.logs/0", "xpert.logs/1", "xpert.logs/10/subgroup-group.2",
    "xpert.logs/20/subgroup-group.2",
  ]

  @Test func theOriginalExampleRunsFourJobsWithLogsAndFlags() async throws {
    try await withSandbox { sandbox in
      let config = try String(
        contentsOf: examplesFolder.appendingPathComponent("original.toml"), encoding: .utf8)
      try sandbox.write(config, to: "config-example.toml")
      let result = try await xpert("config-example.toml", in: sandbox)
      #expect(result.status == 0, "\(result.stderr)")
      for directory in Self.expectedDirectories {
        #expect(sandbox.exists(directory + "/completed.flag"), "\(directory)")
        let names = logs(in: directory, of: sandbox)
        #expect(names.count == 2, "\(directory): \(names)")
        let stamps = Set(names.map { $0.split(separator: ".")[1] })
        #expect(stamps.count == 1, "stdout and stderr share one timestamp: \(names)")
        let stdout = try sandbox.read(directory + "/" + names.first { $0.hasPrefix("stdout") }!)
        #expect(
          stdout.contains("CUDA_VISIBLE_DEVICES=1") || stdout.contains("CUDA_VISIBLE_DEVICES=2,4"))
      }
      let output = try sandbox.read(
        "xpert.logs/10/subgroup-group.2/"
          + logs(in: "xpert.logs/10/subgroup-group.2", of: sandbox).first {
            $0.hasPrefix("stdout")
          }!)
      #expect(output.hasPrefix("job-10 group-group.2\n"))
      let runs = result.lines.filter { $0.contains("] [RUN] echo job-") }
      let successes = result.lines.filter { $0.contains("] [SUCCESS] echo job-") }
      #expect(runs.count == 4 && successes.count == 4)
      #expect(runs.allSatisfy { $0.hasPrefix("[PID:") })
      #expect(
        Array(result.lines.suffix(4)) == [
          "Job is done!", "Successfully completed [4/4]", "Failed [0/4]", "Skipped [0/4]",
        ])
    }
  }

  @Test func aSecondRunSkipsCompletedJobs() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "echo {x} >> count.txt"
        uid = "out/{x}"
        x = [1, 2, 3]
        """, to: "sweep.toml")
      _ = try await xpert("run", "sweep.toml", in: sandbox)
      let second = try await xpert("run", "sweep.toml", in: sandbox)
      #expect(second.status == 0)
      #expect(second.lines.filter { $0.hasPrefix("[SKIP] [COMPLETED] echo") }.count == 3)
      #expect(second.lines.contains("Skipped [3/3]"))
      #expect(try sandbox.read("count.txt").split(separator: "\n").count == 3)
    }
  }

  @Test func restartRunsAgainAndAFailedRestartIsNotSkippedLater() async throws {
    try await withSandbox { sandbox in
      try sandbox.write("cmd = \"test -f fail && exit 3; echo ok\"\nuid = \"out\"\n", to: "s.toml")
      #expect(try await xpert("s.toml", in: sandbox).status == 0)
      #expect(sandbox.exists("out/completed.flag"))
      try sandbox.write("", to: "fail")
      let restarted = try await xpert("s.toml", "--restart", in: sandbox)
      #expect(restarted.status == 1)
      #expect(restarted.lines.contains { $0.contains("[FAILED]") && $0.contains("exit status 3") })
      #expect(!sandbox.exists("out/completed.flag"))
      let again = try await xpert("s.toml", in: sandbox)
      #expect(again.status == 1, "the failed job runs again instead of being skipped")
      #expect(logs(in: "out", of: sandbox).count == 6, "every attempt keeps its own logs")
    }
  }

  @Test func aFailingJobExitsOneAndLeavesNoFlag() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "echo out; echo err >&2; exit {code}"
        uid = "job-{code}"
        code = [0, 1]
        """, to: "s.toml")
      let result = try await xpert("s.toml", in: sandbox)
      #expect(result.status == 1)
      #expect(sandbox.exists("job-0/completed.flag"))
      #expect(!sandbox.exists("job-1/completed.flag"))
      #expect(
        result.lines.contains {
          $0.hasSuffix("[FAILED] echo out; echo err >&2; exit 1 (exit status 1)")
        })
      #expect(result.lines.contains("Failed [1/2]"))
      let stderrLog = logs(in: "job-1", of: sandbox).first { $0.hasPrefix("stderr") }!
      #expect(try sandbox.read("job-1/" + stderrLog) == "err\n")
    }
  }

  @Test func jobsRunThroughTheShellInTheStartDirectoryWithTheirUid() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "pwd && echo \\"$XPERT_UID\\" | tr a-z A-Z && read line; echo stdin=$? ${{CUDA_VISIBLE_DEVICES-unset}}"
        uid = "deep/dir"
        """, to: "s.toml")
      let result = try await xpert(
        "s.toml", in: sandbox, environment: ["CUDA_VISIBLE_DEVICES": "kept"])
      #expect(result.status == 0, "\(result.stderr)")
      let log = logs(in: "deep/dir", of: sandbox).first { $0.hasPrefix("stdout") }!
      #expect(
        try sandbox.read("deep/dir/" + log)
          == "\(sandbox.path)\n\(sandbox.path.uppercased())/DEEP/DIR\nstdin=1 kept\n")
    }
  }

  @Test func largeOutputOnBothStreamsGoesStraightToTheLogs() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        "cmd = \"head -c 10485760 /dev/zero; head -c 10485760 /dev/zero >&2\"\nuid = \"big\"\n",
        to: "s.toml")
      let result = try await xpert("s.toml", in: sandbox)
      #expect(result.status == 0)
      for name in logs(in: "big", of: sandbox) {
        let size = try FileManager.default.attributesOfItem(
          atPath: sandbox.url("big/" + name).path)[.size]
        #expect(size as? Int == 10_485_760, "\(name)")
      }
    }
  }

  @Test func aTildeUidMeansHomeForTheDirectoryTheLogsAndTheTemplate() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        "cmd = \"echo {uid} $XPERT_UID\"\nuid = \"~/runs/{x}\"\nx = [1]\n", to: "s.toml")
      let home = sandbox.path + "/home"
      let result = try await xpert("s.toml", in: sandbox, environment: ["HOME": home])
      #expect(result.status == 0, "\(result.stderr)")
      #expect(sandbox.exists("home/runs/1/completed.flag"))
      #expect(!sandbox.exists("~"))
      let log = logs(in: "home/runs/1", of: sandbox).first { $0.hasPrefix("stdout") }!
      #expect(try sandbox.read("home/runs/1/" + log) == "\(home)/runs/1 \(home)/runs/1\n")
    }
  }
}
