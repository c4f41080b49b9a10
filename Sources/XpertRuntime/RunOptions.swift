import XpertCore
import XpertReport
import XpertStore

/// How a local run behaves, after the command line has overridden `[flags]`.
public struct RunOptions: Sendable {
  /// What `--fail-fast` does after the first failure.
  public enum FailFast: String, Sendable {
    /// Start no new job; let running ones finish.
    case drain
    /// Also stop the running ones.
    case now
  }

  /// The most jobs at once.
  public var numProc: Int
  /// One `CUDA_VISIBLE_DEVICES` value per slot, or `nil` to leave the environment alone.
  public var gpuEntries: [String]?
  /// Which jobs run besides those a plain run starts (`all` for `restart`).
  public var rerun: Set<RerunPolicy> = []
  /// How long jobs get between SIGTERM and SIGKILL.
  public var grace: Duration = .seconds(10)
  /// A time limit for every job that overrides the config's (`--timeout`).
  public var timeoutOverride: Double?
  /// The time limit for jobs whose group sets none (`[flags]`).
  public var defaultTimeout: Double?
  /// Retries for every job, overriding the config's (`--retries`).
  public var retriesOverride: Int?
  /// Retries for jobs whose group sets none (`[flags]`).
  public var defaultRetries = 0
  /// Stop after the first failure.
  public var failFast: FailFast?
  /// Whether to draw the live progress line (only on a terminal).
  public var progress = false
  /// How often the locks of running jobs are refreshed.
  public var heartbeat: Duration = .seconds(10)
  /// `on_finish` and `on_failure`.
  public var hooks: RunHooks?
  /// What every record says about where it came from.
  public var provenance: Provenance
  /// The outcome of a job stopped by a signal to xpert: `interrupted`, or `cancelled` when the
  /// stop was asked for by `xpert cancel` (a Slurm task checks its cancel request).
  public var stopOutcome: @Sendable () -> JobState = { .interrupted }
  /// The `CUDA_VISIBLE_DEVICES` that jobs inherit (from Slurm), for their records, when the run
  /// has no GPU entries of its own.
  public var inheritedGPU: String?
  /// What each device is (`0: NVIDIA A100 (GPU-5d5b…)`), by the id used in entries, when
  /// `nvidia-smi` said (`gpu_indices = "auto"`).
  public var gpuNames: [String: String] = [:]
  /// `gpus_per_job` for every job, overriding the config's (`--gpus-per-job`).
  public var gpusPerJobOverride: Int?
  /// `gpus_per_job` for jobs whose group sets none (`[flags]`).
  public var defaultGPUsPerJob = 1
  /// `jobs_per_gpu` for every job, overriding the config's (`--jobs-per-gpu`).
  public var jobsPerGPUOverride: Int?
  /// `jobs_per_gpu` for jobs whose group sets none (`[flags]`).
  public var defaultJobsPerGPU = 1
  /// How much memory in use by others makes a device busy; `nil`: devices are not looked at.
  public var gpuBusyMemory: GPUBusyMemory?
  /// Per-host GPU leases, when the run has GPU entries: no device runs more jobs than its
  /// capacity, counting every runner of this user on this host.
  public var gpuLeases: GPULeases?
  /// A signal that means "the time limit is near" (Slurm's `--signal`): every running job is
  /// stopped as timed out.
  public var timeLimitSignal: Int32?

  /// Creates options.
  public init(numProc: Int, gpuEntries: [String]?, provenance: Provenance) {
    self.numProc = numProc
    self.gpuEntries = gpuEntries
    self.provenance = provenance
  }

  /// The time limit of `job`, if any.
  func timeout(of job: Job) -> Double? { timeoutOverride ?? job.timeout ?? defaultTimeout }

  /// The retries of `job`.
  func retries(of job: Job) -> Int { retriesOverride ?? job.retries ?? defaultRetries }

  /// What `job` asks of the GPU entries.
  public func need(of job: Job) -> GPUNeed {
    GPUNeed(
      gpus: gpusPerJobOverride ?? job.gpusPerJob ?? defaultGPUsPerJob,
      share: jobsPerGPUOverride ?? job.jobsPerGPU ?? defaultJobsPerGPU)
  }

  /// What a job of no group that sets `gpus_per_job` or `jobs_per_gpu` asks.
  public var defaultNeed: GPUNeed {
    GPUNeed(
      gpus: gpusPerJobOverride ?? defaultGPUsPerJob, share: jobsPerGPUOverride ?? defaultJobsPerGPU)
  }
}

/// Where a run's records come from: the config, the host, the code version.
public struct Provenance: Sendable {
  /// The absolute path of the config.
  public var config: String
  /// The git commit of the working directory, if any.
  public var gitCommit: String?
  /// Whether that tree had uncommitted changes.
  public var gitDirty: Bool?
  /// The lock owner: this host and process, and the heartbeat timeout.
  public var lock: JobLock

  /// Creates provenance.
  public init(config: String, gitCommit: String?, gitDirty: Bool?, lock: JobLock) {
    self.config = config
    self.gitCommit = gitCommit
    self.gitDirty = gitDirty
    self.lock = lock
  }
}

/// How a run ended.
public struct RunResult: Sendable {
  /// The summary counts.
  public var counts: RunCounts
  /// The first SIGINT or SIGTERM that stopped the run, if any.
  public var signal: Int32?

  /// Creates a result.
  public init(counts: RunCounts, signal: Int32?) {
    self.counts = counts
    self.signal = signal
  }

  /// The exit status: 128 + signal after a signal, 1 if any job failed, was cancelled or was
  /// interrupted, else 0.
  public var exitStatus: Int32 {
    if let signal { return 128 + signal }
    // A cancelled or interrupted job (`xpert cancel`, a job taken over by another runner, a
    // Slurm task stopped for good) did not succeed either.
    return counts.failed > 0 || counts.cancelled > 0 || counts.interrupted > 0 ? 1 : 0
  }
}
