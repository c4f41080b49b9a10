import Foundation
import Testing
import XpertTestSupport

extension SlurmTests {
  /// Submitting again, several submitters, cancel and `--wait` on the test cluster.
  @Suite struct Queue {
    init() throws { try SlurmTests.cancelLeftovers() }

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
        // Everything has completed: nothing is submitted, and every job is skipped.
        #expect(waited.status == 0, "\(waited.stdout)")
        #expect(waited.lines.contains("Skipped [4/4]"), "\(waited.stdout)")
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
        let one = try XpertProcess(
          arguments, in: sandbox.path, environment: SlurmCluster.environment)
        let two = try XpertProcess(
          arguments, in: sandbox.path, environment: SlurmCluster.environment)
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
          try await xpertOnSlurm("run", "moving.toml", "--backend", "slurm", in: sandbox).status
            == 0)
        // A group under another top directory moves the ledger up from a/runs to the sandbox.
        try sandbox.write(config + "[[exp]]\n[[exp]]\nuid = \"b/runs/{i}\"\n", to: "moving.toml")
        let again = try await xpertOnSlurm("run", "moving.toml", "--backend", "slurm", in: sandbox)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(
          again.lines.filter { $0.contains("[SKIP] [") && $0.contains("a/runs") == false }.count
            == 2)
        #expect(
          again.lines.filter { $0.contains("[SUBMITTED]") && $0.contains("2 jobs") }.count == 1)
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
          result.lines.filter { $0.contains("[CANCELLED] sleep 60") }.count == 3, "\(result.stdout)"
        )
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
        let result = try await waiting.finish(timeout: .seconds(120))
        #expect(result.status == 130)
        #expect(result.stdout.contains("stopped waiting; 1 job goes on in Slurm"))
        #expect(result.stdout.contains("xpert cancel patient.toml"))
        #expect(try SlurmCluster.running(name: "patient").count == 1)
        let cancel = try await xpertOnSlurm("cancel", "patient.toml", in: sandbox)
        #expect(cancel.lines.contains("Cancelled 1 job."))
      }
    }
  }
}
