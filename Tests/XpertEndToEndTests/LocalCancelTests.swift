import Foundation
import Testing
import XpertTestSupport

/// `xpert cancel` for local runs, and what a run killed with SIGKILL leaves behind.
@Suite struct LocalCancelTests {
  static let sweep = """
    cmd = "cd {uid} && python3 ../../train.py"
    uid = "out/{i}"
    i = [1, 2, 3, 4]
    [flags]
    num_proc = 2
    retries = 2
    """

  @Test func cancelStopsSelectedJobsThenTheWholeRunAndAPlainRunStartsThemAgain() async throws {
    try await withSandbox { sandbox in
      let mark = UUID().uuidString
      try installTrainer(in: sandbox)
      try sandbox.write(Self.sweep, to: "s.toml")
      let environment = ["XPERT_TEST_MARK": mark, "CKPT_SECONDS": "0.5"]
      let process = try XpertProcess(["run", "s.toml"], in: sandbox.path, environment: environment)
      try await waitUntil("two trainers run") {
        ["out/1", "out/2"].allSatisfy { stdoutLog($0, of: sandbox).contains("epoch 1 ") }
      }
      // One running job and one waiting job.
      let one = try await xpert("cancel", "s.toml", "--uid", "out/1", "--uid", "out/4", in: sandbox)
      #expect(one.status == 0, "\(one.stdout)\(one.stderr)")
      #expect(
        one.lines.contains {
          $0.hasPrefix("[CANCELLED] cd out/1 && python3 ../../train.py (was running, runner ")
        }, "\(one.stdout)")
      #expect(
        one.lines.contains(
          "1 selected job was not running: the runners will not start it in this run."))
      #expect(one.lines.last == "Cancelled 1 job.")
      // cancel returns once the job has stopped, its checkpoint saved within the grace.
      #expect(sandbox.exists("out/1/checkpoint.pt"))
      #expect(try sandbox.read("out/1/xpert-record.json").contains("\"status\": \"cancelled\""))
      // The runner goes on with the rest: job 3 takes the freed place.
      try await waitUntil("job 3 runs") { stdoutLog("out/3", of: sandbox).contains("epoch 1 ") }
      // No selection: the whole local run stops.
      let all = try await xpert("cancel", "s.toml", in: sandbox)
      #expect(all.status == 0)
      #expect(all.lines.last == "Cancelled 2 jobs.", "\(all.stdout)")
      let result = try await process.finish(timeout: .seconds(120))
      #expect(result.status == 1)
      #expect(result.lines.contains("Cancelled [4/4]"), "\(result.stdout)")
      #expect(result.lines.contains("[CANCELLED] cd out/4 && python3 ../../train.py (not started)"))
      #expect(result.lines.filter { $0.contains("[RUN]") }.count == 3)
      #expect(!result.lines.contains { $0.contains("[RETRY]") })
      #expect(ProcessTable.pids(withEnvironment: "XPERT_TEST_MARK", value: mark).isEmpty)
      // A plain run starts the cancelled jobs again.
      let again = try await xpert("s.toml", in: sandbox, environment: ["EPOCHS": "2"])
      #expect(again.lines.contains("Successfully completed [4/4]"), "\(again.stdout)")
    }
  }

  @Test func cancelSaysWhereJobsOfAnotherHostRunAndWhenNothingRuns() async throws {
    try await withSandbox { sandbox in
      try sandbox.write("cmd = \"true\"\nuid = \"o/{i}\"\ni = [1, 2]\n", to: "s.toml")
      let nothing = try await xpert("cancel", "s.toml", in: sandbox)
      #expect(nothing.status == 0)
      #expect(nothing.lines.first?.hasPrefix("Nothing to cancel") == true, "\(nothing.stdout)")
      _ = try sandbox.write("xpert-lock 1\nhost=gpu-node-7\npid=4242\n", to: "o/1/xpert.lock")
      let elsewhere = try await xpert("cancel", "s.toml", in: sandbox)
      #expect(
        elsewhere.lines.contains(
          "warning: o/1 runs on gpu-node-7 (runner pid 4242): run `xpert cancel s.toml --uid o/1` "
            + "there"), "\(elsewhere.stdout)")
    }
  }

  @Test func aJobOfAKilledRunnerIsRunningUntilTheNextRunStopsItAndRunsItAgain() async throws {
    try await withSandbox { sandbox in
      let mark = UUID().uuidString
      let process = try await startOneTrainer(
        in: sandbox, environment: ["XPERT_TEST_MARK": mark])
      let trainer = Int32(
        stdoutLog("out/1", of: sandbox).split(separator: "\n")[0].split(separator: " ")[1])!
      process.send(SIGKILL)
      _ = try await process.finish()
      let status = try await xpert("status", "s.toml", "--jobs", in: sandbox)
      #expect(
        status.lines.contains {
          $0.hasPrefix("out/1") && $0.contains("running") && $0.contains("runner gone")
        }, "\(status.stdout)")
      #expect(kill(trainer, 0) == 0)
      // The next run stops the orphan before it starts the job again: never two at once.
      let again = try await xpert("s.toml", in: sandbox, environment: ["EPOCHS": "2"])
      #expect(again.lines.contains("Successfully completed [1/1]"), "\(again.stdout)")
      #expect(kill(trainer, 0) != 0)
      let record = try sandbox.read("out/1/xpert-record.json")
      #expect(record.contains("\"outcome\":\"interrupted\""))
      #expect(ProcessTable.pids(withEnvironment: "XPERT_TEST_MARK", value: mark).isEmpty)
    }
  }

  /// Starts `s.toml` with the trainer, waits until `directory`'s trainer runs, kills the runner
  /// with SIGKILL; returns the trainer's pid.
  static func orphan(
    _ directory: String, in sandbox: TemporaryDirectory, arguments: [String] = [],
    environment: [String: String]
  ) async throws -> Int32 {
    let process = try XpertProcess(
      ["run", "s.toml"] + arguments, in: sandbox.path, environment: environment)
    try await waitUntil("the trainer runs") {
      stdoutLog(directory, of: sandbox).contains("epoch 1 ")
    }
    process.send(SIGKILL)
    _ = try await process.finish()
    let first = stdoutLog(directory, of: sandbox).split(separator: "\n")[0]
    return Int32(first.split(separator: " ")[1])!
  }

  @Test func cancelStopsAJobWhoseRunnerWasKilled() async throws {
    try await withSandbox { sandbox in
      try installTrainer(in: sandbox)
      try sandbox.write(
        "cmd = \"cd {uid} && python3 ../../train.py\"\nuid = \"out/{i}\"\ni = [1]\n",
        to: "s.toml")
      let trainer = try await Self.orphan(
        "out/1", in: sandbox, environment: ["CKPT_SECONDS": "0.3"])
      let cancel = try await xpert("cancel", "s.toml", in: sandbox)
      #expect(
        cancel.lines.contains(
          "[CANCELLED] cd out/1 && python3 ../../train.py (was running, its runner was gone)"),
        "\(cancel.stdout)")
      #expect(cancel.lines.last == "Cancelled 1 job.")
      #expect(kill(trainer, 0) != 0)
      #expect(sandbox.exists("out/1/checkpoint.pt"))
      #expect(try sandbox.read("out/1/xpert-record.json").contains("\"status\": \"cancelled\""))
    }
  }

  @Test func aKilledRunnersJobIsStoppedBeforeAnotherJobGetsItsGPU() async throws {
    try await withSandbox { sandbox in
      try installTrainerWithOverlapCheck(in: sandbox)
      try sandbox.write(
        """
        cmd = "sh check.sh; cd {uid} && python3 ../../train.py"
        uid = "out/{i}"
        i = [1, 2]
        [flags]
        gpu_indices = ["0"]
        """, to: "s.toml")
      let environment = ["PID_DIR": sandbox.path + "/pids"]
      // Job 2 runs on GPU 0 when its runner is killed.
      let trainer = try await Self.orphan(
        "out/2", in: sandbox, arguments: ["--uid", "out/2"], environment: environment)
      var quick = environment
      quick["EPOCHS"] = "2"
      let again = try await xpert("s.toml", in: sandbox, environment: quick)
      #expect(again.lines.contains("Successfully completed [2/2]"), "\(again.stdout)")
      #expect(
        again.lines.contains(
          "warning: stopped the processes of 1 job that a runner killed earlier left running; "
            + "they run again"))
      #expect(!sandbox.exists("overlaps.txt"), "job 1 started beside job 2's orphan")
      #expect(kill(trainer, 0) != 0)
    }
  }
}
