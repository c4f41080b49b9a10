import Foundation
import Testing
import XpertTestSupport

/// Packing: `gpus_per_job` gives a job several distinct devices, `jobs_per_gpu` lets jobs share
/// one (per group too), and a job that ran out of memory while sharing runs again alone.
@Suite struct GPUPackingTests {
  @Test func gpusPerJobGivesEachJobDistinctFreeDevices() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        GPULeaseTests.sweep("a", work: "sleep 0.2", jobs: 6, gpus: "[0, 1, 2, 3, 4]")
          + "\ngpus_per_job = 2\n", to: "a.toml")
      let result = try await xpert(
        "a.toml", in: sandbox, environment: ["XPERT_GPU_LEASE_DIR": sandbox.path + "/leases"])
      #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
      let intervals = try GPULeaseTests.intervals(in: ["a"], of: sandbox)
      #expect(intervals.count == 6)
      for one in intervals {
        let devices = one.device.split(separator: ",")
        #expect(devices.count == 2 && Set(devices).count == 2, "\(one.device)")
        let overlapping = intervals.filter {
          $0.start < one.end && one.start < $0.end
            && !Set($0.device.split(separator: ",")).isDisjoint(with: devices)
        }
        #expect(overlapping.count == 1, "a device of \(one.device) was given twice at once")
      }
      let most = intervals.map { one in
        intervals.count { $0.start <= one.start && one.start < $0.end }
      }
      .max()
      #expect(most == 2, "two pairs of the five GPUs at once")
    }
  }

  @Test func aJobThatAsksForMoreGPUsThanThereAreIsAConfigError() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "true"
        uid = "o/{i}"
        i = [1]
        gpus_per_job = 3
        [flags]
        gpu_indices = ["0", "1"]
        """, to: "s.toml")
      let result = try await xpert("s.toml", in: sandbox)
      #expect(result.status == 2)
      #expect(
        result.stderr.contains(
          "gpus_per_job = 3 in exp[1] (exp[1] job 1 (i=1, gpus_per_job=3)) asks for 3 GPUs per "
            + "job, but the GPU entries (0; 1) give at most 2 distinct GPUs to one job"),
        "\(result.stderr)")
      #expect(!sandbox.exists("o"), "nothing was created")
      let option = try await xpert("s.toml", "--gpus-per-job", "1", in: sandbox)
      #expect(option.status == 0, "the option overrides the group: \(option.stderr)")
    }
  }

  @Test func groupsPackTheirOwnWay() async throws {
    try await withSandbox { sandbox in
      let work = GPULeaseTests.timedJob.replacingOccurrences(of: "{work}", with: "sleep 0.4")
      try sandbox.write(
        """
        [[exp]]
        cmd = "\(work)"
        uid = "small/{i}"
        i = [1, 2, 3, 4]
        jobs_per_gpu = 2
        [[exp]]
        cmd = "\(work)"
        uid = "big/{i}"
        i = [1, 2]
        gpus_per_job = 2
        [flags]
        gpu_indices = ["0", "1"]
        """, to: "s.toml")
      let result = try await xpert(
        "s.toml", in: sandbox, environment: ["XPERT_GPU_LEASE_DIR": sandbox.path + "/leases"])
      #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
      let small = try GPULeaseTests.intervals(in: ["small"], of: sandbox)
      let big = try GPULeaseTests.intervals(in: ["big"], of: sandbox)
      #expect(big.allSatisfy { $0.device == "0,1" })
      let firstBig = big.map(\.start).min()!
      #expect(small.allSatisfy { $0.end <= firstBig }, "a big job starts on both GPUs, alone")
      let mostSmall = small.map { one in
        small.count { $0.device == one.device && $0.start <= one.start && one.start < $0.end }
      }.max()
      #expect(mostSmall == 2, "the small jobs share GPUs two by two")
    }
  }

  @Test func aJobOutOfMemoryWhileSharingRunsAgainAlone() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        if [ "$1" = long ]; then
          touch long-started
          while [ ! -f release ]; do sleep 0.02; done
          date +%s%N > long-ended
        elif [ "$XPERT_ATTEMPT" = 1 ]; then
          while [ ! -f long-started ]; do sleep 0.02; done
          echo "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB" >&2
          exit 1
        else
          [ -f long-ended ] && date +%s%N > alone-started
        fi
        """, to: "job.sh")
      try sandbox.write(
        """
        cmd = "sh job.sh {kind}"
        uid = "o/{kind}"
        kind = ["long", "short"]
        [flags]
        gpu_indices = [0]
        jobs_per_gpu = 2
        """, to: "s.toml")
      let run = try XpertProcess(
        ["s.toml"], in: sandbox.path,
        environment: ["XPERT_GPU_LEASE_DIR": sandbox.path + "/leases"])
      try await waitUntil("the short job is retried") { run.stdoutSoFar.contains("[RETRY]") }
      #expect(
        run.stdoutSoFar.contains(
          "[RETRY] sh job.sh short (out of GPU memory: its stderr says \"CUDA out of memory\" and "
            + "it shared GPU 0 with other jobs; running it once more on a GPU of its own, not "
            + "counted against retries)"), "\(run.stdoutSoFar)")
      try sandbox.write("", to: "release")
      let result = try await run.finish()
      #expect(result.status == 0, "\(result.stdout)")
      #expect(result.lines.contains("Successfully completed [2/2]"), "\(result.stdout)")
      #expect(sandbox.exists("alone-started"), "the second attempt began after the long job ended")
    }
  }

  @Test func gpusPerJobInFlagsAsksSlurmForThatManyGPUs() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        "cmd = \"true\"\nuid = \"o/{i}\"\ni = [1]\n[flags]\ngpus_per_job = 2\n", to: "s.toml")
      let result = try await xpert("run", "s.toml", "--backend", "slurm", "--dry-run", in: sandbox)
      #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
      #expect(result.stdout.contains("--gres=gpu:2"), "\(result.stdout)")
    }
  }

  @Test func aJobOutOfMemoryAloneIsNotRetried() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "echo 'CUDA out of memory' >&2; exit 1"
        uid = "o/{i}"
        i = [1]
        [flags]
        gpu_indices = [0]
        jobs_per_gpu = 2
        """, to: "s.toml")
      let result = try await xpert(
        "s.toml", in: sandbox, environment: ["XPERT_GPU_LEASE_DIR": sandbox.path + "/leases"])
      #expect(result.status == 1)
      #expect(!result.stdout.contains("[RETRY]"), "it had its GPU to itself: \(result.stdout)")
    }
  }
}
