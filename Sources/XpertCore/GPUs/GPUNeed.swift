/// What one job asks of the GPU entries: how many, and how many jobs it shares each with.
public struct GPUNeed: Sendable, Hashable {
  /// How many entries with distinct devices the job gets (`gpus_per_job`, default 1); their
  /// values are joined: `CUDA_VISIBLE_DEVICES="0,3"`.
  public var gpus: Int
  /// How many jobs may run on each of its devices, this one included (`jobs_per_gpu`,
  /// default 1), for every time the run's entries name the device.
  public var share: Int
  /// Whether the job needs its devices to itself, whatever `share` says (a job that ran out of
  /// GPU memory while sharing runs again alone).
  public var alone: Bool

  /// A need.
  public init(gpus: Int = 1, share: Int = 1, alone: Bool = false) {
    self.gpus = max(1, gpus)
    self.share = max(1, share)
    self.alone = alone
  }

  /// The same need, on devices of its own.
  public var aloneOnItsDevices: GPUNeed { GPUNeed(gpus: gpus, share: 1, alone: true) }

  /// How many jobs, this one included, a device that the run's entries name `times` times may
  /// run while this job is on it.
  public func cap(namedTimes times: Int) -> Int { alone ? 1 : max(1, times) * share }
}
