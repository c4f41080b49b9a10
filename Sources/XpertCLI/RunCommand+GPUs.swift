import XpertCore
import XpertReport
import XpertRuntime
import XpertStore

extension RunCommand {
  /// The GPU entries of `gpu_indices = "auto"` (or `--gpus auto`), from `nvidia-smi`: one per
  /// GPU, or one per MIG device; a config error (exit 2, before anything is created) when
  /// there are none.
  static func detectedGPUs(config: String) throws -> (entries: [String], names: [String: String]) {
    do {
      let inventory = try NvidiaSMI.inventory()
      let entries = inventory.entries
      ConsoleWriter.standardOutput.line(
        "GPUs found by nvidia-smi: "
          + inventory.devices.map { device in
            "\(device.index) \(device.name)"
              + (device.migDevices.isEmpty ? "" : " (\(device.migDevices.count) MIG devices)")
          }.joined(separator: ", ") + "; \(entries.count) slot" + (entries.count == 1 ? "" : "s"))
      return (entries, inventory.names)
    } catch {
      throw ConfigError(
        file: config, message: "gpu_indices = \"auto\" found no GPU: \(error.message)",
        help: "install the NVIDIA driver's nvidia-smi, or list the GPUs yourself: "
          + "gpu_indices = [\"0\", \"1\"] (or --gpus \"0;1\")")
    }
  }
}

extension RunCommand {
  /// Packing, busy checks, leases and device names for a run with GPU entries; a config error
  /// when a job asks for more GPUs than the entries have.
  func configureGPUs(
    _ options: inout RunOptions, entries: [String], jobs: [Job], flags: SweepFlags,
    names: [String: String]
  ) throws {
    options.gpusPerJobOverride = gpusPerJob
    options.defaultGPUsPerJob = flags.gpusPerJob ?? 1
    options.jobsPerGPUOverride = jobsPerGpu
    options.defaultJobsPerGPU = flags.jobsPerGPU ?? 1
    let pool = SlotPool(entries: entries)
    if let job = jobs.first(where: { options.need(of: $0).gpus > pool.mostGPUsPerJob }) {
      let asked = options.need(of: job).gpus
      // Name where the number comes from: the option, the job's group, or [flags].
      let setting =
        gpusPerJob != nil
        ? "--gpus-per-job \(asked)"
        : job.gpusPerJob != nil
          ? "gpus_per_job = \(asked) in exp[\(job.group)] (\(job.label))"
          : "[flags] gpus_per_job = \(asked)"
      throw ConfigError(
        file: arguments.config,
        message: "\(setting) asks for \(asked) GPUs per job, but the GPU entries ("
          + entries.joined(separator: "; ") + ") give at most \(pool.mostGPUsPerJob) distinct "
          + "GPU\(pool.mostGPUsPerJob == 1 ? "" : "s") to one job, so no job could ever start",
        help: "lower gpus_per_job (or --gpus-per-job), or list more GPUs in gpu_indices")
    }
    if entries.contains(where: { $0.hasPrefix("MIG-") }),
      let job = jobs.first(where: { options.need(of: $0).gpus > 1 })
    {
      throw ConfigError(
        file: arguments.config,
        message: "\(job.label) asks for gpus_per_job = \(options.need(of: job).gpus) on MIG "
          + "devices, but CUDA gives a process only one MIG device",
        help: "use gpus_per_job = 1 with MIG, or whole GPUs")
    }
    if numProc == nil && flags.numProc == nil {
      // As many jobs as the entries hold of the most packable need among the jobs.
      let needs = Set(jobs.map(options.need(of:)))
      options.numProc = max(1, needs.map(pool.capacity(for:)).max() ?? 1)
    }
    if gpuBusyCheck ?? flags.gpuBusyCheck ?? true {
      options.gpuBusyMemory =
        gpuBusyMemory.flatMap(GPUBusyMemory.init) ?? flags.gpuBusyMemory ?? .standard
    }
    let owner = options.provenance.lock.owner
    options.gpuLeases =
      Environment.value("XPERT_GPU_LEASE_DIR").map { GPULeases(owner: owner, folder: $0) }
      ?? GPULeases(owner: owner)
    // With a list of its own, the names come from nvidia-smi where it answers (quietly, within
    // 5 s as the busy check's looks; not asked with the busy check off).
    options.gpuNames =
      names.isEmpty && options.gpuBusyMemory != nil
      ? ((try? NvidiaSMI.inventory(timeLimit: 5))?.names ?? [:]) : names
  }
}
