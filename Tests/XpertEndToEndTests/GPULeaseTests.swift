import Foundation
import Testing
import XpertTestSupport

@testable import XpertStore

/// Per-host GPU leases: runners of different sweeps on one host never put two jobs on one
/// device, wait for each other, and reclaim the leases of runners that died.
@Suite struct GPULeaseTests {
  /// A job that prints its device and its start, works, and prints its end (nanoseconds).
  static let timedJob =
    "echo \\\"$CUDA_VISIBLE_DEVICES $(date +%s%N)\\\"; {work}; date +%s%N"

  static func sweep(
    _ name: String, work: String, jobs: Int = 4, gpus: String = "[\"0\", \"1\"]"
  ) -> String {
    """
    cmd = "\(timedJob)"
    uid = "\(name)/{i}"
    i = [\((1...jobs).map(String.init).joined(separator: ", "))]
    work = "\(work)"
    [flags]
    gpu_indices = \(gpus)
    """
  }

  /// Every job's device and interval, from its stdout.
  static func intervals(in folders: [String], of sandbox: TemporaryDirectory) throws
    -> [GPUSlotTests.Interval]
  {
    try folders.flatMap { folder in
      try sandbox.list(folder).map { directory in
        let name = logs(in: "\(folder)/\(directory)", of: sandbox).first {
          $0.hasPrefix("stdout")
        }!
        let words = try sandbox.read("\(folder)/\(directory)/\(name)").split(
          whereSeparator: \.isWhitespace)
        return GPUSlotTests.Interval(
          device: String(words[0]), start: Int(words[1])!, end: Int(words[2])!)
      }
    }
  }

  @Test func twoSweepsAtOnceNeverShareADevice() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(Self.sweep("a", work: "sleep 0.3"), to: "a.toml")
      try sandbox.write(Self.sweep("b", work: "sleep 0.3"), to: "b.toml")
      let leases = ["XPERT_GPU_LEASE_DIR": sandbox.path + "/leases"]
      let first = try XpertProcess(["a.toml"], in: sandbox.path, environment: leases)
      let second = try XpertProcess(["b.toml"], in: sandbox.path, environment: leases)
      #expect(try await first.finish().status == 0)
      #expect(try await second.finish().status == 0)
      let intervals = try Self.intervals(in: ["a", "b"], of: sandbox)
      #expect(intervals.count == 8)
      for one in intervals {
        let sharing = intervals.filter {
          $0.device == one.device && $0.start < one.end && one.start < $0.end
        }
        #expect(sharing.count == 1, "two jobs on GPU \(one.device) at once")
      }
    }
  }

  @Test func aRunnerWaitsForADeviceAndGetsItWhenItFrees() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        Self.sweep(
          "a", work: "while [ ! -f release ]; do sleep 0.02; done", jobs: 1, gpus: "[\"0\"]"),
        to: "a.toml")
      try sandbox.write(
        Self.sweep("b", work: "true", jobs: 1, gpus: "[\"0\"]"), to: "b.toml")
      let leases = ["XPERT_GPU_LEASE_DIR": sandbox.path + "/leases"]
      let holder = try XpertProcess(["a.toml"], in: sandbox.path, environment: leases)
      try await waitUntil("a's job holds GPU 0") { holder.stdoutSoFar.contains("[RUN]") }
      let waiter = try XpertProcess(["b.toml"], in: sandbox.path, environment: leases)
      try await waitUntil("b waits for GPU 0") {
        waiter.stdoutSoFar.contains("warning: GPU 0 is in use by another xpert (runner ")
      }
      #expect(!waiter.stdoutSoFar.contains("[RUN]"))
      try sandbox.write("", to: "release")
      #expect(try await holder.finish().status == 0)
      let result = try await waiter.finish()
      #expect(result.lines.contains("Successfully completed [1/1]"), "\(result.stdout)")
      let intervals = try Self.intervals(in: ["a", "b"], of: sandbox)
      #expect(intervals.count == 2 && intervals[1].start >= intervals[0].end)
    }
  }

  /// A runner whose job ends does not take its device straight back while another waits:
  /// waiting runners queue for a device, first come first served.
  @Test func waitingRunnersTakeTurnsOnADevice() async throws {
    try await withSandbox { sandbox in
      let one = "[\"0\"]"
      try sandbox.write(
        Self.sweep(
          "a", work: "while [ ! -f release ]; do sleep 0.02; done; sleep 0.2", jobs: 4, gpus: one),
        to: "a.toml")
      try sandbox.write(
        Self.sweep("b", work: "sleep 0.2", jobs: 2, gpus: one), to: "b.toml")
      let leases = ["XPERT_GPU_LEASE_DIR": sandbox.path + "/leases"]
      let first = try XpertProcess(["a.toml"], in: sandbox.path, environment: leases)
      try await waitUntil("a's first job runs") { first.stdoutSoFar.contains("[RUN]") }
      let second = try XpertProcess(["b.toml"], in: sandbox.path, environment: leases)
      try await waitUntil("b waits for GPU 0") { second.stdoutSoFar.contains("waiting for it") }
      try sandbox.write("", to: "release")
      #expect(try await first.finish().status == 0)
      #expect(try await second.finish().status == 0)
      let a = try Self.intervals(in: ["a"], of: sandbox).map(\.start).sorted()
      let b = try Self.intervals(in: ["b"], of: sandbox).map(\.start).sorted()
      #expect(b[0] < a[1], "a took GPU 0 back while b waited")
      #expect(!sandbox.list("leases").contains { $0.contains(".wait-") }, "tickets are withdrawn")
    }
  }

  /// Runners with different `jobs_per_gpu` on one device: the strictest job there decides.
  @Test(arguments: [(1, 2), (2, 1)])
  func aJobThatWantsItsGPUAloneIsNeverJoined(first: Int, second: Int) async throws {
    try await withSandbox { sandbox in
      let one = "[\"0\"]"
      try sandbox.write(
        Self.sweep("a", work: "while [ ! -f release ]; do sleep 0.02; done", jobs: 1, gpus: one)
          + "\njobs_per_gpu = \(first)\n", to: "a.toml")
      try sandbox.write(
        Self.sweep("b", work: "true", jobs: 1, gpus: one) + "\njobs_per_gpu = \(second)\n",
        to: "b.toml")
      let leases = ["XPERT_GPU_LEASE_DIR": sandbox.path + "/leases"]
      let holder = try XpertProcess(["a.toml"], in: sandbox.path, environment: leases)
      try await waitUntil("a's job holds GPU 0") { holder.stdoutSoFar.contains("[RUN]") }
      let waiter = try XpertProcess(["b.toml"], in: sandbox.path, environment: leases)
      try await waitUntil("b waits for GPU 0") {
        waiter.stdoutSoFar.contains("warning: GPU 0 is in use by another xpert (runner ")
      }
      try sandbox.write("", to: "release")
      #expect(try await holder.finish().status == 0)
      #expect(try await waiter.finish().status == 0)
      let intervals = try Self.intervals(in: ["a", "b"], of: sandbox)
      #expect(intervals.count == 2 && intervals[1].start >= intervals[0].end)
    }
  }

  @Test func theLeaseOfADeadRunnerIsReclaimed() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(Self.sweep("a", work: "true", jobs: 1), to: "a.toml")
      let dead = LockOwner(
        host: JobLock.hostName(), pid: 4_194_300, start: 1, boot: LockOwner.currentBoot,
        pidNamespace: LockOwner.currentPIDNamespace)
      try sandbox.write(dead.text + "job=/elsewhere\n", to: "leases/gpu-0.0")
      let result = try await xpert(
        "a.toml", "--gpus", "0", in: sandbox,
        environment: ["XPERT_GPU_LEASE_DIR": sandbox.path + "/leases"])
      #expect(result.lines.contains("Successfully completed [1/1]"), "\(result.stdout)")
      #expect(!result.stdout.contains("waiting for it"))
      #expect(!sandbox.exists("leases/gpu-0.0"), "the lease is released after the job")
    }
  }

  @Test func aKilledRunnersJobKeepsItsGPUUntilItEnds() async throws {
    try await withSandbox { sandbox in
      let one = "[\"0\"]"
      try sandbox.write(
        Self.sweep("a", work: "while [ ! -f release ]; do sleep 0.02; done", jobs: 1, gpus: one),
        to: "a.toml")
      try sandbox.write(
        Self.sweep("b", work: "true", jobs: 1, gpus: one), to: "b.toml")
      let leases = ["XPERT_GPU_LEASE_DIR": sandbox.path + "/leases"]
      let killed = try XpertProcess(["a.toml"], in: sandbox.path, environment: leases)
      try await waitUntil("a's job holds GPU 0") { killed.stdoutSoFar.contains("[RUN]") }
      killed.send(SIGKILL)
      _ = try await killed.finish()
      let waiter = try XpertProcess(["b.toml"], in: sandbox.path, environment: leases)
      try await waitUntil("b waits for GPU 0") {
        waiter.stdoutSoFar.contains("warning: GPU 0 is in use by another xpert")
      }
      try sandbox.write("", to: "release")
      let result = try await waiter.finish()
      #expect(result.lines.contains("Successfully completed [1/1]"), "\(result.stdout)")
      let intervals = try Self.intervals(in: ["b"], of: sandbox)
      #expect(intervals.count == 1)
    }
  }

  @Test func jobsPerGPUPacksThatManyJobsOnEachDeviceAndNoMore() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        Self.sweep("a", work: "sleep 0.4", jobs: 8) + "\njobs_per_gpu = 2\n", to: "a.toml")
      let result = try await xpert(
        "a.toml", in: sandbox, environment: ["XPERT_GPU_LEASE_DIR": sandbox.path + "/leases"])
      #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
      let intervals = try Self.intervals(in: ["a"], of: sandbox)
      var most = 0
      for one in intervals {
        let sharing = intervals.filter {
          $0.device == one.device && $0.start <= one.start && one.start < $0.end
        }
        most = max(most, sharing.count)
      }
      #expect(most == 2, "at most two jobs per GPU, and two did share")
      #expect(Set(intervals.map(\.device)) == ["0", "1"])
    }
  }

  @Test func jobsPerGPUOutOfRangeIsAConfigError() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        Self.sweep("a", work: "true", jobs: 1) + "\njobs_per_gpu = 0\n", to: "a.toml")
      let result = try await xpert("a.toml", in: sandbox)
      #expect(result.status == 2)
      #expect(
        result.stderr.contains("jobs_per_gpu must be an integer from 1 to 64"), "\(result.stderr)")
    }
  }
}
