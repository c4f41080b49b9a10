import Foundation
import Testing
import XpertTestSupport

/// The Slurm backend against a real single-node cluster (`scripts/slurm-cluster.sh start`):
/// `swift test --filter Slurm`. One test at a time, since they share the cluster (the nested
/// suites in `SlurmTests+*.swift` are serialized with these).
@Suite(.serialized, .enabled(if: SlurmCluster.isUp, SlurmCluster.skipReason))
struct SlurmTests {
  init() throws { try Self.cancelLeftovers() }

  /// Jobs that a failed earlier run of a test left in the queue would skew the counts by name.
  static func cancelLeftovers() throws {
    for name in [
      "throttle", "cancel", "refused", "greedy", "twice", "lost", "patient", "stopped", "warned",
      "serial", "moving", "interrupted", "nodefail",
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

      // Slurm's own output files hold Xpert's messages (and Slurm's), never the job's output.
      let submission = sandbox.list("xpert.logs/.xpert/slurm").first { $0.hasPrefix("2") } ?? ""
      let outputs = sandbox.list("xpert.logs/.xpert/slurm/\(submission)/logs")
      #expect(outputs.count == 4)
      for name in outputs {
        let text = try sandbox.read("xpert.logs/.xpert/slurm/\(submission)/logs/" + name)
        #expect(text.contains("xpert 0.1.0: Slurm task "))
        #expect(!text.contains("\njob-"), "\(text)")
      }

      // The results table reads a Slurm run's job directories like a local run's.
      let results = try await xpertOnSlurm(
        "results", "original.toml", "--no-group", "--format", "csv", in: sandbox)
      #expect(
        results.lines.count == 5
          && results.lines.dropFirst().allSatisfy { $0.contains(",completed") },
        "\(results.stdout)\(results.stderr)")

      // Submitting again skips every completed job and submits nothing.
      let again = try await xpertOnSlurm("run", "original.toml", "--backend", "slurm", in: sandbox)
      #expect(again.status == 0)
      #expect(again.lines.filter { $0.contains("[SKIP] [COMPLETED]") }.count == 4)
      #expect(!again.stdout.contains("[SUBMITTED]"))

      // --rerun all runs them again, as locally; on a terminal --wait draws the progress line.
      let command =
        "\(BuiltProducts.path(of: "xpert")) run original.toml --backend slurm --rerun all "
        + "--wait --poll-interval 0.2"
      let rerun = try await XpertProcess.run(
        ["-qec", command, "/dev/null"], in: sandbox.path, environment: SlurmCluster.environment,
        executable: "/usr/bin/script", timeout: .seconds(120))
      #expect(rerun.status == 0, "\(rerun.stdout)")
      #expect(rerun.stdout.components(separatedBy: "] [SUCCESS] echo job-").count - 1 == 4)
      #expect(rerun.stdout.contains("done "))
      #expect(rerun.stdout.contains("\r\u{1B}[K"))
      let record = try sandbox.read("xpert.logs/0/xpert-record.json")
      #expect(record.contains("\"number\":2"))
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
