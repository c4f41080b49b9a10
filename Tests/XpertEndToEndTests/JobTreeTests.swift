import Foundation
import Testing
import XpertTestSupport

/// The fake trainer of `Fixtures/train.py`, copied into `sandbox`.
func installTrainer(in sandbox: TemporaryDirectory) throws {
  let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/train.py")
  try sandbox.write(try String(contentsOf: source, encoding: .utf8), to: "train.py")
}

/// The trainer, `pids/` for the trainers' pids (with `PID_DIR`), and `check.sh`, which a job
/// runs first: it adds to `overlaps.txt` when a trainer of another job is still alive.
func installTrainerWithOverlapCheck(in sandbox: TemporaryDirectory) throws {
  try installTrainer(in: sandbox)
  _ = try sandbox.write("", to: "pids/.keep")
  try sandbox.write(
    """
    for f in pids/*; do
      [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && echo "$f" >> overlaps.txt
    done
    exit 0
    """, to: "check.sh")
}

/// `xpert run` of one trainer job (`out/1`), returned once the trainer is in its epochs.
func startOneTrainer(
  in sandbox: TemporaryDirectory, environment: [String: String]
) async throws -> XpertProcess {
  try installTrainer(in: sandbox)
  try sandbox.write(
    "cmd = \"cd {uid} && python3 ../../train.py\"\nuid = \"out/{i}\"\ni = [1]\n", to: "s.toml")
  let process = try XpertProcess(["run", "s.toml"], in: sandbox.path, environment: environment)
  try await waitUntil("the trainer runs") { stdoutLog("out/1", of: sandbox).contains("epoch 1 ") }
  return process
}

/// The stdout of the latest attempt of the job in `directory` (empty before it starts).
func stdoutLog(_ directory: String, of sandbox: TemporaryDirectory) -> String {
  let names = logs(in: directory, of: sandbox).filter { $0.hasPrefix("stdout") }.sorted()
  return names.last.flatMap { try? sandbox.read(directory + "/" + $0) } ?? ""
}

/// A job is over when every process it started has exited: stops give the whole tree its
/// grace, and what a shell leaves behind does not outlive its job.
@Suite struct JobTreeTests {
  /// The shapes of `cmd` that researchers write; none of them may lose the checkpoint.
  static let shapes = [
    "cd {uid} && python3 ../../train.py",
    "cd {uid} && exec python3 ../../train.py",
    "cd {uid} && python3 ../../train.py | tee progress.txt",
    "cd {uid} && bash ../../run.sh",
  ]

  @Test(arguments: shapes, [SIGINT, SIGTERM])
  func theCheckpointIsSavedWithinTheGrace(shape: String, signal: Int32) async throws {
    try await withSandbox { sandbox in
      let mark = UUID().uuidString
      try installTrainer(in: sandbox)
      try sandbox.write("echo starting\npython3 ../../train.py\necho finished\n", to: "run.sh")
      try sandbox.write("cmd = \"\(shape)\"\nuid = \"out/{i}\"\ni = [1, 2]\n", to: "s.toml")
      let process = try XpertProcess(
        ["run", "s.toml"], in: sandbox.path,
        environment: ["XPERT_TEST_MARK": mark, "CKPT_SECONDS": "1"])
      try await waitUntil("both trainers are in their first epochs") {
        ["out/1", "out/2"].allSatisfy { stdoutLog($0, of: sandbox).contains("epoch 1 ") }
      }
      process.send(signal)
      let result = try await process.finish(timeout: .seconds(30))
      #expect(result.status == 128 + signal)
      #expect(result.lines.contains("Interrupted [2/2]"), "\(result.stdout)")
      #expect(sandbox.exists("out/1/checkpoint.pt") && sandbox.exists("out/2/checkpoint.pt"))
      // The runner exited only after the last process of every job: nothing is left, at once.
      #expect(ProcessTable.pids(withEnvironment: "XPERT_TEST_MARK", value: mark).isEmpty)
    }
  }

  @Test func aTrainerIgnoringSIGTERMIsKilledAtItsTimeLimitBeforeTheNextJobGetsItsGPU()
    async throws
  {
    try await withSandbox { sandbox in
      try installTrainerWithOverlapCheck(in: sandbox)
      try sandbox.write(
        """
        cmd = "sh check.sh; cd {uid} && python3 ../../train.py"
        uid = "out/{i}"
        i = [1, 2]
        timeout = "6s"
        [flags]
        gpu_indices = ["0"]
        """, to: "s.toml")
      let result = try await xpert(
        "s.toml", "--grace", "0.5", in: sandbox,
        environment: ["IGNORE_TERM": "1", "PID_DIR": sandbox.path + "/pids"])
      #expect(result.status == 1)
      #expect(result.lines.contains("Timed out [2/2] (counted as failed)"), "\(result.stdout)")
      #expect(!sandbox.exists("overlaps.txt"), "two trainers shared GPU 0")
      let first = try record(of: "out/1", in: sandbox)
      let second = try record(of: "out/2", in: sandbox)
      // The first attempt ended (its last process gone) only after its grace, and before the
      // second started.
      #expect(sandbox.list("pids").count == 3, "both trainers started before their limit")
      #expect(first.end - first.start >= 6.5)
      #expect(second.start >= first.end)
      for name in sandbox.list("pids") where name != ".keep" {
        let pid = Int32(try sandbox.read("pids/" + name))!
        #expect(kill(pid, 0) != 0, "trainer \(pid) outlived its job")
      }
    }
  }

  @Test func processesLeftByAJobThatExitedAreStoppedBeforeTheRunEnds() async throws {
    try await withSandbox { sandbox in
      let mark = UUID().uuidString
      try sandbox.write(
        """
        cmd = "{body}"
        uid = "o/{i}"
        i = [1]
        body = "python3 -c 'import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); open(\\"ready\\", \\"w\\"); time.sleep(300)' & sleep 311 & while [ ! -f ready ]; do sleep 0.02; done; echo trained"
        """, to: "s.toml")
      let result = try await xpert(
        "s.toml", "--grace", "0.5", in: sandbox, environment: ["XPERT_TEST_MARK": mark])
      #expect(result.status == 0)
      #expect(result.lines.contains("Successfully completed [1/1]"))
      #expect(
        result.lines.contains(
          "warning: job o/1 left 2 processes running after its shell exited; stopped them with "
            + "SIGTERM (1 needed SIGKILL after the grace)"), "\(result.stdout)")
      #expect(ProcessTable.pids(withEnvironment: "XPERT_TEST_MARK", value: mark).isEmpty)
      #expect(try sandbox.read("o/1/xpert-record.json").contains("left 2 processes"))
    }
  }

  @Test func aSecondCtrlCKillsEveryProcessAtOnce() async throws {
    try await withSandbox { sandbox in
      let mark = UUID().uuidString
      try installTrainer(in: sandbox)
      try sandbox.write(
        "cmd = \"cd {uid} && python3 ../../train.py\"\nuid = \"out/{i}\"\ni = [1, 2]\n",
        to: "s.toml")
      let process = try XpertProcess(
        ["run", "s.toml", "--grace", "120"], in: sandbox.path,
        environment: ["XPERT_TEST_MARK": mark, "CKPT_SECONDS": "100"])
      try await waitUntil("both trainers run") {
        ["out/1", "out/2"].allSatisfy { stdoutLog($0, of: sandbox).contains("epoch 1 ") }
      }
      process.send(SIGINT)
      try await waitUntil("xpert reports the first SIGINT") {
        process.stdoutSoFar.contains("SIGINT received")
      }
      process.send(SIGINT)
      // Below the 120 s grace: a second Ctrl-C that waited for it times out here.
      let result = try await process.finish(timeout: .seconds(100))
      #expect(result.status == 130)
      #expect(result.lines.contains("Interrupted [2/2]"))
      #expect(!sandbox.exists("out/1/checkpoint.pt"))
      #expect(ProcessTable.pids(withEnvironment: "XPERT_TEST_MARK", value: mark).isEmpty)
    }
  }
}

@Suite struct KeeperEdgeTests {
  @Test func jobsGetDefaultSignalsSoAPipeReaderLeavingEndsTheWriterQuietly() async throws {
    try await withSandbox { sandbox in
      try sandbox.write("cmd = \"yes | head -n 1\"\nuid = \"o\"\n", to: "s.toml")
      let result = try await xpert("s.toml", in: sandbox)
      #expect(result.status == 0)
      let stderr = logs(in: "o", of: sandbox).filter { $0.hasPrefix("stderr") }
      #expect(try sandbox.read("o/" + stderr[0]).isEmpty)
    }
  }

  @Test func aJobSignallingItsOwnProcessGroupIsNotStopped() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        "cmd = \"trap '' HUP; kill -HUP 0; sleep 0.3; echo survived\"\nuid = \"o\"\n",
        to: "s.toml")
      let result = try await xpert("s.toml", "--grace", "0.2", in: sandbox)
      #expect(result.status == 0, "\(result.stdout)")
      #expect(result.lines.contains("Successfully completed [1/1]"))
    }
  }

  @Test func aKilledKeeperTakesItsJobWithItAndTheRunStillEnds() async throws {
    try await withSandbox { sandbox in
      let mark = UUID().uuidString
      let process = try await startOneTrainer(
        in: sandbox, environment: ["XPERT_TEST_MARK": mark])
      let line = process.stdoutSoFar.split(separator: "\n").first { $0.contains("[RUN]") }!
      let keeper = Int32(line.dropFirst("[PID:".count).prefix { $0 != "]" })!
      kill(keeper, SIGKILL)
      let result = try await process.finish(timeout: .seconds(120))
      #expect(result.status == 1)
      #expect(result.lines.contains("Failed [1/1]"), "\(result.stdout)")
      #expect(ProcessTable.pids(withEnvironment: "XPERT_TEST_MARK", value: mark).isEmpty)
    }
  }
}

/// The start and end of the last attempt in the record of `directory`.
func record(of directory: String, in sandbox: TemporaryDirectory) throws -> (
  start: Double, end: Double
) {
  let data = Data(try sandbox.read(directory + "/xpert-record.json").utf8)
  let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
  let last = (object["attempts"] as! [[String: Any]]).last!
  return (last["start"] as! Double, last["end"] as! Double)
}
