import Foundation
import Testing
import XpertTestSupport

/// The Slurm backend against a real single-node cluster (`scripts/slurm-cluster.sh start`):
/// `swift test --filter Slurm`. One test at a time, since they share the cluster.
@Suite(.serialized, .enabled(if: SlurmCluster.isUp, SlurmCluster.skipReason))
struct SlurmTests {
  /// Jobs that a failed earlier run of a test left in the queue would skew the counts by name.
  init() throws {
    for name in [
      "throttle", "cancel", "refused", "greedy", "twice", "lost", "patient", "stopped", "warned",
      "serial", "moving",
    ] {
      _ = try SlurmCluster.command(["scancel", "--name=" + name])
    }
  }

  @Test func theSeedExampleRunsOnSlurmWithTheSameFilesAsLocally() async throws {
    try await withSandbox { sandbox in
      let example = try String(
        contentsOf: examplesFolder.appendingPathComponent("original.toml"), encoding: .utf8)
      try sandbox.write(example, to: "original.toml")
      let result = try await xpertOnSlurm(
        "run", "original.toml", "--backend", "slurm", "--wait", "--poll-interval", "0.2",
        in: sandbox)
      #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
      #expect(result.lines.filter { $0.contains("gpu_indices names no devices") }.count == 1)
      #expect(result.lines.filter { $0.contains("[SUBMITTED] Slurm job") }.count == 1)
      #expect(result.lines.filter { $0.contains("] [SUCCESS] echo job-") }.count == 4)
      #expect(result.lines.contains("Successfully completed [4/4]"))
      let directories = [
        "xpert.logs/0", "xpert.logs/1", "xpert.logs/10/subgroup-group.2",
        "xpert.logs/20/subgroup-group.2",
      ]
      for directory in directories {
        #expect(sandbox.exists(directory + "/completed.flag"))
        let names = sandbox.list(directory)
        #expect(names.filter { $0.hasPrefix("stdout.") && $0.hasSuffix(".log") }.count == 1)
        #expect(names.filter { $0.hasPrefix("stderr.") && $0.hasSuffix(".log") }.count == 1)
        #expect(names.contains("xpert-record.json"))
      }
      let stdout = logs(in: "xpert.logs/1", of: sandbox).filter { $0.hasPrefix("stdout") }
      #expect(try sandbox.read("xpert.logs/1/" + stdout[0]).hasPrefix("job-1 group-group.1\n"))

      // The same sweep run locally leaves the same kinds of files.
      try await withSandbox { local in
        try local.write(example, to: "original.toml")
        #expect(try await xpert("original.toml", in: local).status == 0)
        for directory in directories {
          func kinds(_ names: [String]) -> [String] {
            names.map { $0.split(separator: ".").first.map(String.init) ?? $0 }.sorted()
          }
          #expect(kinds(local.list(directory)) == kinds(sandbox.list(directory)))
        }
      }

      // Submitting again skips every completed job and submits nothing.
      let again = try await xpertOnSlurm("run", "original.toml", "--backend", "slurm", in: sandbox)
      #expect(again.status == 0)
      #expect(again.lines.filter { $0.contains("[SKIP] [COMPLETED]") }.count == 4)
      #expect(!again.stdout.contains("[SUBMITTED]"))
    }
  }

  @Test func theThrottleKeepsAtMostNumProcRunning() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "\(spanCommand("sleep 1.5"))"
        uid = "runs/{i}"
        i = [1, 2, 3, 4, 5, 6]
        [flags]
        num_proc = 2
        """, to: "throttle.toml")
      let run = try XpertProcess(
        ["run", "throttle.toml", "--backend", "slurm", "--wait", "--poll-interval", "0.2"],
        in: sandbox.path, environment: SlurmCluster.environment)
      var seen = 0
      var sampled = 0
      while !run.stdoutSoFar.contains("Job is done!") && sampled < 600 {
        seen = max(seen, try SlurmCluster.running(name: "throttle").count)
        sampled += 1
        try await Task.sleep(for: .milliseconds(50))
      }
      let result = try await run.finish(timeout: .seconds(120))
      #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
      #expect(seen <= 2)
      #expect(result.stdout.contains("--array=0-5%2"))
      let spans = try (1...6).map { try span(in: "runs/\($0)", of: sandbox) }
      #expect(JobSpan.maximumOverlap(spans) == 2)
    }
  }

  @Test func gpuJobsNeverShareAFakeGPU() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "echo $CUDA_VISIBLE_DEVICES > $XPERT_UID/gpu; \(spanCommand("sleep 1"))"
        uid = "runs/{i}"
        i = [1, 2, 3, 4, 5, 6, 7, 8]
        [slurm]
        gpus_per_job = 1
        """, to: "gpus.toml")
      let result = try await xpertOnSlurm(
        "run", "gpus.toml", "--backend", "slurm", "--wait", "--poll-interval", "0.2", in: sandbox)
      #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
      #expect(result.stdout.contains("--gres=gpu:1"))
      var jobs: [(gpu: String, span: JobSpan)] = []
      for i in 1...8 {
        let gpu = try sandbox.read("runs/\(i)/gpu").trimmingCharacters(in: .whitespacesAndNewlines)
        jobs.append((gpu, try span(in: "runs/\(i)", of: sandbox)))
      }
      #expect(Set(jobs.map(\.gpu)).isSubset(of: ["0", "1", "2", "3"]))
      for (offset, first) in jobs.enumerated() {
        for second in jobs[(offset + 1)...] where first.span.overlaps(second.span) {
          #expect(first.gpu != second.gpu, "two jobs at once on GPU \(first.gpu)")
        }
      }
      #expect(JobSpan.maximumOverlap(jobs.map(\.span)) <= 4)
      // The record names the GPU Slurm gave the job.
      #expect(try sandbox.read("runs/1/xpert-record.json").contains("\"gpu\":\"\(jobs[0].gpu)\""))
    }
  }

  @Test func resubmittingSkipsQueuedJobsAndCancelStopsThem() async throws {
    try await withSandbox { sandbox in
      let mark = UUID().uuidString
      try sandbox.write(
        """
        cmd = "sleep 300 & wait"
        uid = "runs/{i}"
        i = [1, 2, 3]
        [flags]
        num_proc = 2
        """, to: "cancel.toml")
      let environment = ["XPERT_TEST_MARK": mark]
      let first = try await xpertOnSlurm(
        "run", "cancel.toml", "--backend", "slurm", in: sandbox, environment: environment)
      #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
      #expect(first.stdout.contains("xpert cancel cancel.toml"))
      try await waitUntil("two jobs run", timeout: .seconds(60)) {
        ProcessTable.pids(withEnvironment: "XPERT_TEST_MARK", value: mark).count >= 4
          && (try? sandbox.read("runs/1/xpert-record.json")) != nil
          && (try? sandbox.read("runs/2/xpert-record.json")) != nil
      }

      // status merges what Slurm says with what the directories say.
      let status = try await xpertOnSlurm("status", "cancel.toml", "--jobs", in: sandbox)
      #expect(status.status == 0)
      #expect(status.lines.contains { $0.hasPrefix("runs/1") && $0.contains("running") })
      #expect(
        status.lines.contains {
          $0.hasPrefix("runs/3") && $0.contains("pending") && $0.contains("JobArrayTaskLimit")
        })
      #expect(status.lines[0].contains("pending"))

      // Submitting again submits nothing that is queued.
      let again = try await xpertOnSlurm("run", "cancel.toml", "--backend", "slurm", in: sandbox)
      #expect(again.status == 0)
      #expect(again.lines.filter { $0.contains("[SKIP] [RUNNING]") }.count == 2)
      #expect(again.lines.filter { $0.contains("[SKIP] [PENDING]") }.count == 1)
      #expect(!again.stdout.contains("[SUBMITTED]"))

      // --uid selects what is cancelled.
      let one = try await xpertOnSlurm("cancel", "cancel.toml", "--uid", "runs/3", in: sandbox)
      #expect(one.status == 0, "\(one.stdout)\(one.stderr)")
      #expect(one.lines.contains { $0.contains("[CANCELLED]") && $0.contains("was pending") })
      #expect(one.lines.contains("Cancelled 1 job."))
      #expect(try SlurmCluster.queued(name: "cancel").count == 2)

      let cancel = try await xpertOnSlurm("cancel", "cancel.toml", in: sandbox)
      #expect(cancel.status == 0, "\(cancel.stdout)\(cancel.stderr)")
      #expect(cancel.lines.filter { $0.contains("was running") }.count == 2)
      #expect(cancel.lines.contains("Cancelled 2 jobs."))
      try await waitUntil("no job process is left", timeout: .seconds(15)) {
        ProcessTable.pids(withEnvironment: "XPERT_TEST_MARK", value: mark).isEmpty
      }
      #expect(try SlurmCluster.queued(name: "cancel").isEmpty)
      for i in 1...3 {
        #expect(
          try sandbox.read("runs/\(i)/xpert-record.json").contains("\"status\": \"cancelled\""))
      }
      let after = try await xpertOnSlurm("status", "cancel.toml", "--json", in: sandbox)
      #expect(after.stdout.contains("\"cancelled\":3"))
      let nothing = try await xpertOnSlurm("cancel", "cancel.toml", in: sandbox)
      #expect(nothing.lines.contains { $0.hasPrefix("Nothing to cancel") })
    }
  }

  @Test func theThrottleHoldsAcrossSubmissions() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "\(spanCommand("sleep 1"))"
        uid = "runs/{g}{i}"
        g = ["a", "b"]
        i = [1, 2]
        [flags]
        num_proc = 1
        """, to: "serial.toml")
      let first = try await xpertOnSlurm(
        "run", "serial.toml", "--backend", "slurm", "--uid", "runs/a*", in: sandbox)
      #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
      let firstID =
        first.lines.first { $0.contains("[SUBMITTED]") }?
        .split(separator: " ")[3].dropLast() ?? ""
      let second = try await xpertOnSlurm(
        "run", "serial.toml", "--backend", "slurm", "--uid", "runs/b*", "--wait",
        "--poll-interval", "0.2", in: sandbox)
      #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
      #expect(second.stdout.contains("--dependency=afterany:\(firstID)"), "\(second.stdout)")
      let waited = try await xpertOnSlurm(
        "run", "serial.toml", "--backend", "slurm", "--wait", "--poll-interval", "0.2",
        in: sandbox)
      #expect(waited.lines.contains("Successfully completed [0/4]") || waited.status == 0)
      let spans = try ["a1", "a2", "b1", "b2"].map { try span(in: "runs/" + $0, of: sandbox) }
      #expect(JobSpan.maximumOverlap(spans) == 1)
    }
  }

  @Test func twoSubmittersAtOnceSubmitEachJobOnce() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        "cmd = \"sleep 60\"\nuid = \"runs/{i}\"\ni = [1, 2]\n[flags]\nnum_proc = 1\n",
        to: "twice.toml")
      let arguments = ["run", "twice.toml", "--backend", "slurm"]
      let one = try XpertProcess(arguments, in: sandbox.path, environment: SlurmCluster.environment)
      let two = try XpertProcess(arguments, in: sandbox.path, environment: SlurmCluster.environment)
      let results = [try await one.finish(), try await two.finish()]
      #expect(results.allSatisfy { $0.status == 0 }, "\(results)")
      let submitted = results.flatMap(\.lines).filter { $0.contains("[SUBMITTED]") }
      #expect(submitted.count == 1, "\(results.map(\.stdout))")
      #expect(try SlurmCluster.queued(name: "twice").count == 2)
      let cancel = try await xpertOnSlurm("cancel", "twice.toml", in: sandbox)
      #expect(cancel.lines.contains("Cancelled 2 jobs."))
    }
  }

  @Test func aSweepThatMovesKeepsTrackOfItsQueuedJobs() async throws {
    try await withSandbox { sandbox in
      let config = "cmd = \"sleep 60\"\nuid = \"a/runs/{i}\"\ni = [1, 2]\n[flags]\nnum_proc = 1\n"
      try sandbox.write(config, to: "moving.toml")
      #expect(
        try await xpertOnSlurm("run", "moving.toml", "--backend", "slurm", in: sandbox).status == 0)
      // A group under another top directory moves the ledger up from a/runs to the sandbox.
      try sandbox.write(config + "[[exp]]\n[[exp]]\nuid = \"b/runs/{i}\"\n", to: "moving.toml")
      let again = try await xpertOnSlurm("run", "moving.toml", "--backend", "slurm", in: sandbox)
      #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
      #expect(
        again.lines.filter { $0.contains("[SKIP] [") && $0.contains("a/runs") == false }.count == 2)
      #expect(again.lines.filter { $0.contains("[SUBMITTED]") && $0.contains("2 jobs") }.count == 1)
      let status = try await xpertOnSlurm("status", "moving.toml", "--json", in: sandbox)
      #expect(status.stdout.contains("\"new\":0"), "\(status.stdout)")
      let cancel = try await xpertOnSlurm("cancel", "moving.toml", in: sandbox)
      #expect(cancel.lines.contains("Cancelled 4 jobs."), "\(cancel.stdout)")
    }
  }

  @Test func anUnreadablePlanOfQueuedJobsStopsTheNextSubmission() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        "cmd = \"sleep 60\"\nuid = \"runs/{i}\"\ni = [1, 2]\n[flags]\nnum_proc = 1\n",
        to: "lost.toml")
      #expect(
        try await xpertOnSlurm("run", "lost.toml", "--backend", "slurm", in: sandbox).status == 0)
      let submission = sandbox.list("runs/.xpert/slurm").first { $0 != "submit.lock" } ?? ""
      try sandbox.write("version = 2\n", to: "runs/.xpert/slurm/\(submission)/array-1.toml")
      let again = try await xpertOnSlurm("run", "lost.toml", "--backend", "slurm", in: sandbox)
      #expect(again.status == 2)
      #expect(again.stderr.contains("could run a job twice"), "\(again.stderr)")
      let status = try await xpertOnSlurm("status", "lost.toml", in: sandbox)
      #expect(status.stderr.contains("are not tracked"))
      #expect(try SlurmCluster.command(["scancel", "--name=lost"]).status == 0)
    }
  }

  @Test func aResubmissionWaitsForItsOwnAttempt() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        "cmd = \"test -e ok || (sleep 1; exit 1)\"\nuid = \"flaky\"\n", to: "again.toml")
      let first = try await xpertOnSlurm(
        "run", "again.toml", "--backend", "slurm", "--wait", "--poll-interval", "0.2",
        in: sandbox)
      #expect(first.status == 1)
      try sandbox.write("", to: "ok")
      let second = try await xpertOnSlurm(
        "run", "again.toml", "--backend", "slurm", "--wait", "--poll-interval", "0.2",
        in: sandbox)
      #expect(second.status == 0, "\(second.stdout)")
      #expect(second.lines.contains("Successfully completed [1/1]"))
    }
  }

  @Test func cancellingWhileWaitingEndsTheWaitWithCancelled() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        "cmd = \"sleep 60\"\nuid = \"runs/{i}\"\ni = [1, 2, 3]\n[flags]\nnum_proc = 1\n",
        to: "stopped.toml")
      let waiting = try XpertProcess(
        ["run", "stopped.toml", "--backend", "slurm", "--wait", "--poll-interval", "0.2"],
        in: sandbox.path, environment: SlurmCluster.environment)
      try await waitUntil("a job runs", timeout: .seconds(60)) {
        waiting.stdoutSoFar.contains("[RUN] sleep 60")
      }
      let cancel = try await xpertOnSlurm("cancel", "stopped.toml", in: sandbox)
      #expect(cancel.lines.contains("Cancelled 3 jobs."))
      let result = try await waiting.finish(timeout: .seconds(60))
      #expect(result.status == 1)
      #expect(
        result.lines.filter { $0.contains("[CANCELLED] sleep 60") }.count == 3, "\(result.stdout)")
      #expect(!result.stdout.contains("[FAILED]"))
      #expect(result.lines.contains("Cancelled [3/3]"))
    }
  }

  @Test func ctrlCStopsTheWaitingButNotTheJobs() async throws {
    try await withSandbox { sandbox in
      try sandbox.write("cmd = \"sleep 300\"\nuid = \"long\"\n", to: "patient.toml")
      let waiting = try XpertProcess(
        ["run", "patient.toml", "--backend", "slurm", "--wait", "--poll-interval", "0.2"],
        in: sandbox.path, environment: SlurmCluster.environment)
      try await waitUntil("the job runs", timeout: .seconds(60)) {
        waiting.stdoutSoFar.contains("[RUN] sleep 300")
      }
      waiting.send(SIGINT)
      let result = try await waiting.finish(timeout: .seconds(10))
      #expect(result.status == 130)
      #expect(result.stdout.contains("stopped waiting; 1 job goes on in Slurm"))
      #expect(result.stdout.contains("xpert cancel patient.toml"))
      #expect(try SlurmCluster.running(name: "patient").count == 1)
      let cancel = try await xpertOnSlurm("cancel", "patient.toml", in: sandbox)
      #expect(cancel.lines.contains("Cancelled 1 job."))
    }
  }

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
      try sandbox.write("cmd = \"sleep 120\"\nuid = \"slow\"\n", to: "warned.toml")
      let submit = try await xpertOnSlurm("run", "warned.toml", "--backend", "slurm", in: sandbox)
      #expect(submit.status == 0)
      #expect(submit.stdout.contains("--signal=B:USR1@") == false)  // Not shown, but passed:
      let dry = try await xpertOnSlurm(
        "run", "warned.toml", "--backend", "slurm", "--dry-run", "--rerun", "all", in: sandbox)
      #expect(dry.stdout.contains("--signal=B:USR1@"))
      try await waitUntil("the job runs", timeout: .seconds(60)) {
        ((try? sandbox.read("slow/xpert-record.json")) ?? "").contains("\"status\": \"running\"")
      }
      let ids = try SlurmCluster.queued(name: "warned")
      #expect(ids.count == 1)
      // What Slurm sends `--signal=B:USR1@N` seconds before the time limit.
      #expect(
        try SlurmCluster.command(["scancel", "--signal=USR1", "--batch", ids[0]]).status == 0)
      try await waitUntil("the job is recorded timed out", timeout: .seconds(30)) {
        ((try? sandbox.read("slow/xpert-record.json")) ?? "").contains("\"status\": \"timed-out\"")
      }
      let status = try await xpertOnSlurm("status", "warned.toml", "--json", in: sandbox)
      #expect(status.stdout.contains("\"timed-out\":1"), "\(status.stdout)")
      try await waitUntil("the task has ended", timeout: .seconds(30)) {
        (try? SlurmCluster.queued(name: "warned").isEmpty) ?? false
      }
    }
  }

  @Test func aSweepLargerThanMaxArraySizeIsSplitIntoArrays() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "\(spanCommand("echo {i}"))"
        uid = "runs/{i}"
        i = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
        [flags]
        num_proc = 3
        """, to: "split.toml")
      let result = try await xpertOnSlurm(
        "run", "split.toml", "--backend", "slurm", "--wait", "--poll-interval", "0.2",
        in: sandbox)
      #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
      let submitted = result.lines.filter { $0.contains("[SUBMITTED]") }
      #expect(submitted.count == 2)
      #expect(submitted.first?.contains("8 jobs (--array=0-7%3") == true)
      #expect(submitted.last?.contains("2 jobs (--array=0-1%3 --dependency=afterany:") == true)
      #expect(result.lines.contains("Successfully completed [10/10]"))
      let spans = try (1...10).map { try span(in: "runs/\($0)", of: sandbox) }
      #expect(JobSpan.maximumOverlap(spans) <= 3)
    }
  }

  @Test func aFailingJobFailsTheWait() async throws {
    try await withSandbox { sandbox in
      try sandbox.write("cmd = \"echo no >&2; exit 3\"\nuid = \"bad\"\n", to: "fail.toml")
      let result = try await xpertOnSlurm(
        "run", "fail.toml", "--backend", "slurm", "--wait", "--poll-interval", "0.2",
        in: sandbox)
      #expect(result.status == 1)
      #expect(result.lines.contains { $0.contains("[FAILED] echo no >&2; exit 3 (exit status 3)") })
      #expect(result.lines.contains("Failed [1/1]"))
      let stderr = logs(in: "bad", of: sandbox).filter { $0.hasPrefix("stderr") }
      #expect(try sandbox.read("bad/" + stderr[0]) == "no\n")
      let status = try await xpertOnSlurm("status", "fail.toml", "--json", in: sandbox)
      #expect(status.stdout.contains("\"failed\":1"))
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
      let result = try await xpertOnSlurm("run", "refused.toml", "--backend", "slurm", in: sandbox)
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
        greedy.stderr.contains("Requested node configuration is not available"), "\(greedy.stderr)")
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

  @Test func aDryRunPrintsTheSubmissionAndWritesNothing() async throws {
    try await withSandbox { sandbox in
      let example = try String(
        contentsOf: examplesFolder.appendingPathComponent("original.toml"), encoding: .utf8)
      try sandbox.write(example, to: "original.toml")
      let result = try await xpertOnSlurm(
        "run", "original.toml", "--backend", "slurm", "--dry-run", in: sandbox)
      #expect(result.status == 0, "\(result.stderr)")
      #expect(result.stdout.contains("sbatch --parsable --hold --array=0-3%2 "))
      #expect(result.stdout.contains("--job-name=original"))
      #expect(result.stdout.contains("#!/bin/sh\n"))
      #expect(result.stdout.contains(" slurm-task "))
      #expect(!sandbox.exists("xpert.logs"))
    }
  }
}
