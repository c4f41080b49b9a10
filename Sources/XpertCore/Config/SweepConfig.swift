import TOML

/// A sweep as the config file describes it, checked for shape and types but not yet expanded.
public struct SweepConfig: Sendable {
  /// The file, for error messages.
  public var source: ConfigSource
  /// Top-level keys other than `exp` and `flags`: defaults for every group, in file order.
  public var defaults: [ConfigBinding]
  /// The `[[exp]]` groups in file order.
  public var groups: [GroupSpec]
  /// The `[flags]` table.
  public var flags: SweepFlags
  /// The `[slurm]` table: the resource request of every group that does not override it.
  public var slurm = SlurmRequest()
  /// The `[results]` table.
  public var results = ResultsSpec()
  /// The top-level `[sweep]` table, which every group takes key by key.
  public var sweep: SweepSpec?

  /// Every key a job can have, other than `cmd` and `uid`, sorted.
  public var fieldKeys: [String] {
    let all = defaults.map(\.key) + groups.flatMap { $0.bindings.map(\.key) }
    return Set(all).subtracting(["cmd", "uid"]).sorted()
  }

  /// Creates a config.
  public init(
    source: ConfigSource, defaults: [ConfigBinding], groups: [GroupSpec], flags: SweepFlags
  ) {
    self.source = source
    self.defaults = defaults
    self.groups = groups
    self.flags = flags
  }
}

/// One key of a group or of the top level, with its value or values.
public struct ConfigBinding: Sendable, Hashable {
  /// The key.
  public var key: String
  /// Where the key is written.
  public var keyPosition: TOMLPosition
  /// One value, or the values of an axis (an array, or the matches of a path glob).
  public var values: [TOMLNode]
  /// Whether this key is a cross-product axis (its value was an array, a range or a glob).
  public var isAxis: Bool
  /// How the key is drawn in a random search (for a choice, `values` are the choices).
  public var distribution: RandomDistribution?

  /// Creates a binding.
  public init(key: String, keyPosition: TOMLPosition, values: [TOMLNode], isAxis: Bool) {
    self.key = key
    self.keyPosition = keyPosition
    self.values = values
    self.isAxis = isAxis
  }
}

/// One `[[exp]]` table.
public struct GroupSpec: Sendable, Hashable {
  /// 1-based number in file order: the group `exp[2]` is the second.
  public var number: Int
  /// Where the group starts (its header), or where the top-level `cmd` is for a config without
  /// groups.
  public var position: TOMLPosition
  /// The group's own keys in file order.
  public var bindings: [ConfigBinding]
  /// Whether the group stands for a config without `[[exp]]` (its keys are all top-level).
  public var isImplicit = false
  /// The group's own `[exp.slurm]` keys, which override the top-level `[slurm]` ones.
  public var slurm: SlurmRequest?
  /// The group's own `sweep` table, whose keys override the top-level `[sweep]`'s.
  public var sweep: SweepSpec?

  /// `exp[N]`, as messages name the group.
  public var name: String { "exp[\(number)]" }

  /// Creates a group.
  public init(number: Int, position: TOMLPosition, bindings: [ConfigBinding]) {
    self.number = number
    self.position = position
    self.bindings = bindings
  }
}

/// The `[flags]` table: each value `nil` when the file does not set it.
public struct SweepFlags: Sendable {
  /// Jobs at once.
  public var numProc: Int?
  /// Values of `CUDA_VISIBLE_DEVICES`, one per slot.
  public var gpuIndices: [String]?
  /// `gpu_indices = "auto"`: the slots come from `nvidia-smi` when the run starts.
  public var gpuAuto = false
  /// How many jobs may share one GPU entry at once (`jobs_per_gpu`, default 1).
  public var jobsPerGPU: Int?
  /// How many GPU entries each job gets (`gpus_per_job`, default 1).
  public var gpusPerJob: Int?
  /// How much memory in use makes a device busy (`gpu_busy_memory`).
  public var gpuBusyMemory: GPUBusyMemory?
  /// Whether devices busy outside Xpert are skipped (`gpu_busy_check`, default true).
  public var gpuBusyCheck: Bool?
  /// Run completed jobs again.
  public var restart: Bool?
  /// A time limit for every job, in seconds.
  public var timeout: Double?
  /// How often a failed or timed-out job runs again.
  public var retries: Int?
  /// Start no new job after the first failure.
  public var failFast: Bool?
  /// Where jobs run: here, or as Slurm job arrays.
  public var backend: Backend?
  /// Keys that vary slowest across the whole sweep when jobs run (`order = ["seed"]`), each
  /// with where it is written.
  public var order: [(key: String, position: TOMLPosition)]?
  /// A shell command run when the run ends (`on_finish`).
  public var onFinish: String?
  /// A shell command run when the first job fails for good (`on_failure`).
  public var onFailure: String?

  /// Creates flags.
  public init(
    numProc: Int? = nil, gpuIndices: [String]? = nil, restart: Bool? = nil,
    timeout: Double? = nil, retries: Int? = nil, failFast: Bool? = nil
  ) {
    self.numProc = numProc
    self.gpuIndices = gpuIndices
    self.restart = restart
    self.timeout = timeout
    self.retries = retries
    self.failFast = failFast
  }

  /// The names `[flags]` accepts.
  public static let knownKeys = [
    "num_proc", "gpu_indices", "jobs_per_gpu", "gpus_per_job", "gpu_busy_memory",
    "gpu_busy_check", "restart", "timeout", "retries", "fail_fast", "backend", "order",
    "on_finish", "on_failure",
  ]

  /// Where a run's jobs run.
  public enum Backend: String, Sendable, Hashable, CaseIterable {
    /// As processes of this machine (the default).
    case local
    /// As Slurm job arrays.
    case slurm
  }
}

extension SweepConfig {
  /// How the jobs of `group` (1-based) are formed: `[sweep]` overridden by the group's own.
  public func sweepSpec(ofGroup group: Int) -> SweepSpec {
    (sweep ?? SweepSpec()).overridden(
      by: groups.indices.contains(group - 1) ? groups[group - 1].sweep : nil)
  }

  /// The request of the jobs of `group` (1-based): `[slurm]` overridden by the group's own.
  public func slurmRequest(ofGroup group: Int) -> SlurmRequest {
    slurm.overridden(by: groups.indices.contains(group - 1) ? groups[group - 1].slurm : nil)
  }
}
