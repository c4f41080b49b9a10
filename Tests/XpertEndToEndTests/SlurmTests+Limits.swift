import Foundation
import Testing
import XpertTestSupport

extension SlurmTests {
  /// Time limits, memory, and the ways Slurm or the machine refuses a submission.
  @Suite struct Limits {
    init() throws { try SlurmTests.cancelLeftovers() }

    @Test func runningOutOfMemoryFailsWithTheReason() async throws {
      try await withSandbox { sandbox in
        try sandbox.write(
          """
          cmd = "python3 -c 'x = bytearray(400 * 1024 * 1024); import time; time.sleep(5)'"
          uid = "hungry"
          [slurm]
          mem = "100M"
          """, to: "hungry.toml")
        let result = try await xpertOnSlurm(
          "run", "hungry.toml", "--backend", "slurm", "--wait", "--poll-interval", "0.2",
          in: sandbox)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.lines.contains("Failed [1/1]"))
        var status = try await xpertOnSlurm("status", "hungry.toml", "--jobs", in: sandbox)
        for _ in 0..<100 where !status.stdout.contains("out of memory") {
          try await Task.sleep(for: .milliseconds(200))
          status = try await xpertOnSlurm("status", "hungry.toml", "--jobs", in: sandbox)
        }
        #expect(status.stdout.contains("failed"))
        #expect(status.stdout.contains("out of memory"), "\(status.stdout)")
      }
    }

    @Test func aTimeLimitEndsAsTimedOut() async throws {
      try await withSandbox { sandbox in
        try sandbox.write(
          """
          cmd = "sleep 120"
          uid = "slow"
          timeout = "2s"
          """, to: "limit.toml")
        let result = try await xpertOnSlurm(
          "run", "limit.toml", "--backend", "slurm", "--wait", "--poll-interval", "0.2",
          in: sandbox)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.lines.contains { $0.contains("[TIMEOUT] sleep 120") })
        #expect(result.lines.contains("Timed out [1/1] (counted as failed)"))
        #expect(try sandbox.read("slow/xpert-record.json").contains("\"status\": \"timed-out\""))
        #expect(result.stdout.contains("--time=0-00:01:03"))
      }
    }

    @Test func slurmsOwnTimeLimitReachesTheTaskBeforeSlurmKillsIt() async throws {
      try await withSandbox { sandbox in
        // No timeout of Xpert's own: only Slurm's one-minute limit, and its --signal warning.
        try sandbox.write(
          "cmd = \"sleep 600\"\nuid = \"slow\"\n[slurm]\ntime = \"1m\"\n", to: "minute.toml")
        let result = try await xpertOnSlurm(
          "run", "minute.toml", "--backend", "slurm", "--wait", in: sandbox,
          timeout: .seconds(150))
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("--time=0-00:01:00"))
        #expect(result.lines.contains { $0.contains("[TIMEOUT] sleep 600") })
        let record = try sandbox.read("slow/xpert-record.json")
        #expect(record.contains("\"status\": \"timed-out\""))
        #expect(record.contains("\"signal\":15"))
      }
    }

    @Test func slurmsTimeLimitWarningStopsTheJobAsTimedOut() async throws {
      try await withSandbox { sandbox in
        // A trainer started without exec, which saves a checkpoint on SIGTERM.
        try installTrainer(in: sandbox)
        try sandbox.write(
          "cmd = \"cd {uid} && python3 ../train.py\"\nuid = \"slow\"\n", to: "warned.toml")
        // The test cluster's KillWait of 2 s makes the grace 0.5 s: the checkpoint takes 0.3 s.
        let submit = try await xpertOnSlurm(
          "run", "warned.toml", "--backend", "slurm", in: sandbox,
          environment: ["CKPT_SECONDS": "0.3"])
        #expect(submit.status == 0)
        // The [SUBMITTED] line leaves --signal out; the dry run shows that it is passed.
        let dry = try await xpertOnSlurm(
          "run", "warned.toml", "--backend", "slurm", "--dry-run", "--rerun", "all", in: sandbox)
        #expect(dry.stdout.contains("--signal=B:USR1@"))
        try await waitUntil("the trainer runs", timeout: .seconds(60)) {
          stdoutLog("slow", of: sandbox).contains("epoch 1 ")
        }
        let ids = try SlurmCluster.queued(name: "warned")
        #expect(ids.count == 1)
        // What Slurm sends `--signal=B:USR1@N` seconds before the time limit.
        #expect(
          try SlurmCluster.command(["scancel", "--signal=USR1", "--batch", ids[0]]).status == 0)
        try await waitUntil("the job is recorded timed out", timeout: .seconds(30)) {
          ((try? sandbox.read("slow/xpert-record.json")) ?? "").contains(
            "\"status\": \"timed-out\"")
        }
        // The checkpoint was saved: the trainer got SIGTERM and its grace, not the shell alone.
        #expect(sandbox.exists("slow/checkpoint.pt"))
        #expect(stdoutLog("slow", of: sandbox).contains("SIGTERM: checkpoint saved"))
        let status = try await xpertOnSlurm("status", "warned.toml", "--json", in: sandbox)
        #expect(status.stdout.contains("\"timed-out\":1"), "\(status.stdout)")
        try await waitUntil("the task has ended", timeout: .seconds(30)) {
          (try? SlurmCluster.queued(name: "warned").isEmpty) ?? false
        }
      }
    }

    @Test func slurmRefusingASubmissionLeavesNothingSubmitted() async throws {
      try await withSandbox { sandbox in
        try sandbox.write(
          """
          cmd = "true"
          uid = "runs/{g}{i}"
          i = [1, 2]
          [[exp]]
          g = "a"
          [[exp]]
          g = "b"
          slurm = { partition = "nope" }
          """, to: "refused.toml")
        let result = try await xpertOnSlurm(
          "run", "refused.toml", "--backend", "slurm", in: sandbox)
        #expect(result.status == 2)
        #expect(result.stderr.contains("Invalid partition"), "\(result.stderr)")
        #expect(!sandbox.exists("runs"), "a refused submission leaves nothing on disk")
        #expect(try SlurmCluster.queued(name: "refused").isEmpty)
        #expect(!sandbox.exists("runs/a1"))

        try sandbox.write(
          "cmd = \"true\"\nuid = \"gpu\"\n[slurm]\ngpus_per_job = 9\n", to: "greedy.toml")
        let greedy = try await xpertOnSlurm("run", "greedy.toml", "--backend", "slurm", in: sandbox)
        #expect(greedy.status == 2)
        #expect(
          greedy.stderr.contains("Requested node configuration is not available"),
          "\(greedy.stderr)")
        #expect(try SlurmCluster.queued(name: "greedy").isEmpty)
      }
    }

    @Test func withoutSbatchOnPathTheRunSaysSo() async throws {
      try await withSandbox { sandbox in
        try sandbox.write(
          "cmd = \"true\"\nuid = \"runs/a\"\n[flags]\nbackend = \"slurm\"\n", to: "s.toml")
        let result = try await xpertOnSlurm(
          "s.toml", in: sandbox, environment: ["PATH": sandbox.path + "/nowhere"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("error: sbatch is not on PATH"), "\(result.stderr)")
        #expect(!sandbox.exists("runs/.xpert"))
      }
    }

    @Test func ctrlCWhileSubmittingLeavesNothingSubmitted() async throws {
      try await withSandbox { sandbox in
        // A slow sbatch, so that the signal comes while the arrays go in one by one.
        try sandbox.write(
          "#!/bin/sh\ntouch \"$0.$$\"\nsleep 1\nexec /usr/bin/sbatch \"$@\"\n",
          to: "bin/sbatch")
        chmod(sandbox.path + "/bin/sbatch", 0o755)
        try sandbox.write(
          """
          cmd = "sleep 30"
          uid = "runs/{g}"
          [[exp]]
          g = "a"
          [[exp]]
          g = "b"
          slurm = { cpus_per_task = 1 }
          [[exp]]
          g = "c"
          slurm = { cpus_per_task = 2 }
          """, to: "interrupted.toml")
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        var environment = SlurmCluster.environment
        environment["PATH"] = sandbox.path + "/bin:" + path
        let run = try XpertProcess(
          ["run", "interrupted.toml", "--backend", "slurm"], in: sandbox.path,
          environment: environment)
        // Three checks (--test-only), then the first array submitted and the second going in.
        try await waitUntil("two arrays are being submitted", timeout: .seconds(30)) {
          sandbox.list("bin").filter { $0.hasPrefix("sbatch.") }.count >= 5
        }
        run.send(SIGINT)
        let result = try await run.finish(timeout: .seconds(30))
        #expect(result.status == 130, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("stopped by signal 2 while submitting"), "\(result.stderr)")
        #expect(result.stderr.contains("the arrays already submitted are cancelled"))
        try await waitUntil("Slurm has let go of them", timeout: .seconds(30)) {
          (try? SlurmCluster.queued(name: "interrupted").isEmpty) ?? false
        }
        #expect(!sandbox.exists("runs"))
      }
    }
  }
}

extension SlurmTests {
  /// Faults of the cluster itself.
  @Suite struct Faults {
    init() throws { try SlurmTests.cancelLeftovers() }

    @Test func aNodeFailureRequeuesTheJobsAndWaitWaitsForThem() async throws {
      try await withSandbox { sandbox in
        try sandbox.write(
          "cmd = \"sleep 3; echo done\"\nuid = \"o/{i}\"\ni = [1, 2]\n", to: "nodefail.toml")
        let wait = try XpertProcess(
          ["run", "nodefail.toml", "--backend", "slurm", "--wait", "--poll-interval", "0.2"],
          in: sandbox.path, environment: SlurmCluster.environment)
        try await waitUntil("both jobs run", timeout: .seconds(60)) {
          wait.stdoutSoFar.components(separatedBy: "] [RUN] ").count == 3
        }
        let node = "localhost"
        #expect(
          try SlurmCluster.command([
            "scontrol", "update", "nodename=" + node, "state=down", "reason=xpert-test",
          ]).status == 0)
        defer {
          _ = try? SlurmCluster.command(["scontrol", "update", "nodename=" + node, "state=resume"])
        }
        // Slurm requeues the tasks (PENDING, BeginTime): they are pending, not interrupted.
        var status = try await xpertOnSlurm("status", "nodefail.toml", "--json", in: sandbox)
        for _ in 0..<100 where !status.stdout.contains("\"pending\":2") {
          try await Task.sleep(for: .milliseconds(200))
          status = try await xpertOnSlurm("status", "nodefail.toml", "--json", in: sandbox)
        }
        #expect(status.stdout.contains("\"pending\":2"), "\(status.stdout)")
        #expect(!wait.stdoutSoFar.contains("Job is done!"), "\(wait.stdoutSoFar)")
        // The node comes back; the requeued tasks start in 5 s instead of Slurm's 2 minutes (at
        // once, slurmd would refuse them: it remembers the job ids it just killed).
        _ = try SlurmCluster.command(["scontrol", "update", "nodename=" + node, "state=resume"])
        try await waitUntil("the node is back", timeout: .seconds(60)) {
          let state = try SlurmCluster.command(["sinfo", "--noheader", "--format=%T"]).stdout
          return state.trimmingCharacters(in: .whitespacesAndNewlines) == "idle"
        }
        for id in Set(try SlurmCluster.queued(name: "nodefail").map { $0.prefix { $0 != "_" } }) {
          _ = try SlurmCluster.command([
            "scontrol", "update", "jobid=" + id, "StartTime=now+5",
          ])
        }
        let result = try await wait.finish(timeout: .seconds(120))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.lines.contains("Successfully completed [2/2]"), "\(result.stdout)")
      }
    }
  }
}
