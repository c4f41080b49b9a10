import XpertReport

/// How a local run behaves, after the command line has overridden `[flags]`.
public struct RunOptions: Sendable {
  /// The most jobs at once.
  public var numProc: Int
  /// One `CUDA_VISIBLE_DEVICES` value per slot, or `nil` to leave the environment alone.
  public var gpuEntries: [String]?
  /// Run completed jobs again (their completion marker is removed first).
  public var restart: Bool
  /// How long jobs get between SIGTERM and SIGKILL after the first signal.
  public var grace: Duration

  /// Creates options.
  public init(numProc: Int, gpuEntries: [String]?, restart: Bool, grace: Duration) {
    self.numProc = numProc
    self.gpuEntries = gpuEntries
    self.restart = restart
    self.grace = grace
  }
}

/// How a run ended.
public struct RunResult: Sendable {
  /// The summary counts.
  public var counts: RunCounts
  /// The first SIGINT or SIGTERM that stopped the run, if any.
  public var signal: Int32?

  /// The exit status: 128 + signal after a signal, 1 if any job failed, else 0.
  public var exitStatus: Int32 {
    if let signal { return 128 + signal }
    return counts.failed > 0 ? 1 : 0
  }
}
