import Foundation
import Testing
import XpertTestSupport

/// Busy devices: a GPU with another user's compute process, or with more memory in use than
/// `gpu_busy_memory`, gets no job until it frees; Xpert's own jobs do not count.
@Suite struct GPUBusyTests {
  static func state(busyOn gpu1Processes: String = "", memory: Int = 0) -> String {
    """
    {"gpus": [{"index": 0, "uuid": "GPU-aa", "name": "Fake H100", "memory_used": \(memory),
               "memory_total": 40960},
              {"index": 1, "uuid": "GPU-bb", "name": "Fake H100", "memory_used": 0,
               "memory_total": 40960}],
     "processes": [\(gpu1Processes)]}
    """
  }

  /// A trainer sweep of `jobs` jobs in `folder`, `epochs` tenths of a second each.
  static func sweep(_ folder: String, jobs: Int, epochs: Int, flags: String) -> String {
    """
    cmd = "cd {uid} && EPOCHS=\(epochs) python3 ../../train.py"
    uid = "\(folder)/{i}"
    i = [\((1...jobs).map(String.init).joined(separator: ", "))]
    [flags]
    \(flags)
    """
  }

  /// The device each job of `folder` printed (`gpu 0`).
  static func devices(_ folder: String, of sandbox: TemporaryDirectory) -> [String] {
    sandbox.list(folder).sorted().map { job in
      let words = stdoutLog("\(folder)/\(job)", of: sandbox).split(whereSeparator: \.isWhitespace)
      return words.count > 3 ? String(words[3]) : "?"
    }
  }

  @Test func aGPUWithAnotherUsersProcessGetsNoJob() async throws {
    try await withSandbox { sandbox in
      try installTrainer(in: sandbox)
      try sandbox.write(
        Self.sweep("o", jobs: 3, epochs: 2, flags: "gpu_indices = \"auto\""), to: "s.toml")
      let environment = try GPUAutoTests.fake(
        Self.state(busyOn: "{\"pid\": 4000000, \"gpu\": 1, \"used_memory\": 30720}"),
        in: sandbox)
      let result = try await xpert("s.toml", in: sandbox, environment: environment)
      #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
      #expect(
        result.lines.filter {
          $0 == "warning: GPU 1 is busy: 1 process that is not Xpert's, 30.0 GiB used; "
            + "waiting for it"
        }.count == 1, "said once: \(result.stdout)")
      #expect(Self.devices("o", of: sandbox) == ["0", "0", "0"])
      #expect(result.lines.contains("  on GPU 0 (0: Fake H100 (GPU-aa))"), "\(result.stdout)")
    }
  }

  @Test func jobsWaitForABusyGPUAndStartWhenItFrees() async throws {
    try await withSandbox { sandbox in
      try installTrainer(in: sandbox)
      try sandbox.write(
        Self.sweep("o", jobs: 1, epochs: 1, flags: "gpu_indices = [0]"), to: "s.toml")
      let environment = try GPUAutoTests.fake(Self.state(memory: 20000), in: sandbox)
      let run = try XpertProcess(["s.toml"], in: sandbox.path, environment: environment)
      try await waitUntil("the run waits for GPU 0: \(run.stdoutSoFar)") {
        run.stdoutSoFar.contains("warning: GPU 0 is busy: 19.5 GiB used; waiting for it")
      }
      #expect(!run.stdoutSoFar.contains("[RUN]"))
      try sandbox.write(Self.state(memory: 100), to: "nvidia-smi-state.json")
      let result = try await run.finish()
      #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
      #expect(result.lines.contains("Successfully completed [1/1]"))
    }
  }

  @Test func onATerminalTheProgressLineSaysThatTheRunWaitsForAGPU() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        "cmd = \"true\"\nuid = \"o/{i}\"\ni = [1]\n[flags]\ngpu_indices = [0]\n", to: "s.toml")
      let environment = try GPUAutoTests.fake(Self.state(memory: 20000), in: sandbox)
      let terminal = try XpertProcess(
        ["-qec", "\(BuiltProducts.path(of: "xpert")) s.toml", "/dev/null"], in: sandbox.path,
        environment: environment, executable: "/usr/bin/script")
      try await waitUntil("the progress line says the run waits: \(terminal.stdoutSoFar)") {
        terminal.stdoutSoFar.contains("left 1 · 00:00:0")
          && terminal.stdoutSoFar.contains(
            " · waiting for a GPU")
      }
      try sandbox.write(Self.state(memory: 0), to: "nvidia-smi-state.json")
      let result = try await terminal.finish()
      #expect(result.status == 0, "\(result.stdout)")
      #expect(result.stdout.contains("Successfully completed [1/1]"))
    }
  }

  @Test func theMemoryLimitIsAConfigKeyAndTheCheckCanBeTurnedOff() async throws {
    try await withSandbox { sandbox in
      try installTrainer(in: sandbox)
      let environment = try GPUAutoTests.fake(Self.state(memory: 20000), in: sandbox)
      try sandbox.write(
        Self.sweep(
          "a", jobs: 2, epochs: 1, flags: "gpu_indices = [0]\ngpu_busy_memory = \"60%\""),
        to: "a.toml")
      let roomy = try await xpert("a.toml", in: sandbox, environment: environment)
      #expect(roomy.status == 0 && !roomy.stdout.contains("busy"), "\(roomy.stdout)")
      try sandbox.write(
        Self.sweep("b", jobs: 2, epochs: 1, flags: "gpu_indices = [0]"), to: "b.toml")
      let unchecked = try await xpert(
        "b.toml", "--no-gpu-busy-check", in: sandbox, environment: environment)
      #expect(unchecked.status == 0 && !unchecked.stdout.contains("busy"), "\(unchecked.stdout)")
      try sandbox.write(
        Self.sweep("c", jobs: 1, epochs: 1, flags: "gpu_busy_memory = \"lots\""), to: "c.toml")
      let bad = try await xpert("c.toml", in: sandbox)
      #expect(bad.status == 2)
      #expect(bad.stderr.contains("gpu_busy_memory must be a size such as \"2GiB\""))
    }
  }

  @Test func xpertsOwnJobsOnADeviceDoNotMakeItBusy() async throws {
    try await withSandbox { sandbox in
      try installTrainer(in: sandbox)
      // Each trainer holds 8 GiB (above 10 % of 40 GiB) as a CUDA process on its device.
      var environment = try GPUAutoTests.fake(Self.state(), in: sandbox)
      environment["FAKE_GPU_MIB"] = "8192"
      environment["XPERT_GPU_LEASE_DIR"] = sandbox.path + "/leases"
      let flags = "gpu_indices = [0]\njobs_per_gpu = 2"
      try sandbox.write(Self.sweep("a", jobs: 1, epochs: 1000, flags: flags), to: "a.toml")
      try sandbox.write(Self.sweep("b", jobs: 1, epochs: 1, flags: flags), to: "b.toml")
      let first = try XpertProcess(["a.toml"], in: sandbox.path, environment: environment)
      try await waitUntil("a's trainer runs") { stdoutLog("a/1", of: sandbox).contains("epoch 1 ") }
      let second = try await xpert("b.toml", in: sandbox, environment: environment)
      #expect(second.status == 0, "\(second.stdout)")
      #expect(!second.stdout.contains("busy"), "\(second.stdout)")
      #expect(stdoutLog("b/1", of: sandbox).contains("gpu 0"))
      first.send(SIGTERM)
      _ = try await first.finish()
    }
  }

  @Test func aFailingNvidiaSMIIsQuotedOnceAndTheRunGoesOn() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        "cmd = \"true\"\nuid = \"o/{i}\"\ni = [1, 2, 3]\n[flags]\ngpu_indices = [0]\n",
        to: "s.toml")
      let environment = try GPUAutoTests.fake(
        "{\"exit\": 9, \"stderr\": \"Failed to initialize NVML: Driver/library version mismatch\"}",
        in: sandbox)
      let result = try await xpert("s.toml", in: sandbox, environment: environment)
      #expect(result.status == 0, "\(result.stdout)")
      let warnings = result.lines.filter { $0.hasPrefix("warning: cannot see whether the GPUs") }
      #expect(warnings.count == 1, "\(result.stdout)")
      #expect(
        warnings.first?.contains(
          "exited with status 9: Failed to initialize NVML: Driver/library version mismatch")
          == true)
      #expect(result.lines.contains("Successfully completed [3/3]"))
    }
  }

  @Test func nvidiaSMIIsAskedAtMostOnceASecondNotOncePerJob() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        "cmd = \"true\"\nuid = \"o/{i}\"\ni = [\((1...60).map(String.init).joined(separator: ", "))]\n"
          + "[flags]\ngpu_indices = [0, 1]\n", to: "s.toml")
      var environment = try GPUAutoTests.fake(Self.state(), in: sandbox)
      environment["FAKE_NVIDIA_SMI_LOG"] = sandbox.path + "/calls.log"
      let started = ContinuousClock.now
      let result = try await xpert("s.toml", in: sandbox, environment: environment)
      let seconds = (ContinuousClock.now - started).components.seconds
      #expect(result.status == 0, "\(result.stdout)")
      #expect(result.lines.contains("Successfully completed [60/60]"))
      let looks = try sandbox.read("calls.log").split(separator: "\n")
        .filter { $0.hasPrefix("--query-compute-apps") }.count
      // One look when the run starts, then at most one a second: far fewer than the 60 jobs.
      #expect(looks >= 1 && looks <= Int(seconds) + 2, "\(looks) looks in \(seconds) s")
    }
  }

  @Test func aHangingNvidiaSMIIsCutOffAndTheRunGoesOn() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        "cmd = \"true\"\nuid = \"o/{i}\"\ni = [1]\n[flags]\ngpu_indices = [0]\n", to: "s.toml")
      let environment = try GPUAutoTests.fake("{\"sleep\": 120}", in: sandbox)
      let result = try await xpert("s.toml", in: sandbox, environment: environment)
      #expect(result.status == 0, "\(result.stdout)")
      #expect(
        result.lines.contains {
          $0.hasPrefix("warning: cannot see whether the GPUs are busy (")
            && $0.contains("ran past 5 s")
        }, "\(result.stdout)")
      #expect(result.lines.contains("Successfully completed [1/1]"))
    }
  }

  @Test func withoutNvidiaSMIAListedGPUIsUsedAsBefore() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        "cmd = \"echo $CUDA_VISIBLE_DEVICES\"\nuid = \"o/{i}\"\ni = [1, 2]\n[flags]\ngpu_indices = [3]\n",
        to: "s.toml")
      let result = try await xpert("s.toml", in: sandbox, environment: ["PATH": "/usr/bin:/bin"])
      #expect(result.status == 0, "\(result.stdout)")
      #expect(!result.stdout.contains("warning"), "\(result.stdout)")
      #expect(result.lines.contains("  on GPU 3"))
    }
  }
}
