import XpertCore
import XpertRuntime
import XpertStore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

private enum Environment {
  static var path: String { getenv("PATH").map { String(cString: $0) } ?? "" }
}

/// Slurm's own commands, run as child processes: `sbatch`, `scontrol`, `squeue`, `scancel`,
/// `sacct`. Every failure becomes a `SlurmError` with Slurm's message.
public struct SlurmCommands: Sendable {
  /// What the cluster's configuration says that submissions need.
  public struct ClusterSettings: Sendable, Hashable {
    /// The largest array Slurm accepts (task ids 0 to `maxArraySize - 1`).
    public var maxArraySize: Int
    /// Seconds between Slurm's SIGTERM and its SIGKILL when it ends a task.
    public var killWait: Int
  }

  /// Creates the client.
  public init() {}

  /// Checks that `sbatch` is on `PATH`, before anything is written.
  public func requireSbatch() throws(SlurmError) {
    let path = Environment.path
    let found = path.split(separator: ":").contains { directory in
      access(directory + "/sbatch", X_OK) == 0
    }
    guard found else {
      throw SlurmError(
        "sbatch is not on PATH (\(path.isEmpty ? "PATH is empty" : "PATH=" + path))",
        help: "the Slurm backend needs Slurm's commands (sbatch, squeue, scancel, scontrol); run "
          + "on a login node of the cluster, or use --backend local")
    }
  }

  /// `MaxArraySize` and `KillWait` from `scontrol show config`.
  public func clusterSettings() throws(SlurmError) -> ClusterSettings {
    let output = try run(["scontrol", "show", "config"])
    guard output.succeeded else { throw refused("scontrol show config", output) }
    return ClusterSettings(
      maxArraySize: SlurmOutputParsing.maxArraySize(output.stdout) ?? 1001,
      killWait: SlurmOutputParsing.killWait(output.stdout) ?? 30)
  }

  /// Submits with `sbatch` and returns the job id.
  public func submit(_ arguments: [String]) throws(SlurmError) -> String {
    let output = try run(["sbatch"] + arguments)
    guard output.succeeded else { throw refused("sbatch", output) }
    // --parsable prints "JOBID" or "JOBID;CLUSTER".
    let id = output.stdout.split(whereSeparator: { $0 == ";" || $0 == "\n" }).first.map(String.init)
    guard let id, !id.isEmpty, id.allSatisfy(\.isNumber) else {
      throw SlurmError("sbatch printed no job id: \"\(output.stdout)\"")
    }
    return id
  }

  /// Asks Slurm whether it would accept a submission (`sbatch --test-only`): a held job is not
  /// checked against the nodes, so a request no node can satisfy is caught here.
  public func check(_ arguments: [String]) throws(SlurmError) {
    let kept = arguments.filter {
      $0 != "--parsable" && $0 != "--hold" && !$0.hasPrefix("--dependency=")
    }
    let output = try run(["sbatch", "--test-only"] + kept)
    guard output.succeeded else { throw refused("sbatch", output) }
  }

  /// Releases held jobs.
  public func release(_ jobIDs: [String]) throws(SlurmError) {
    let output = try run(["scontrol", "release", jobIDs.joined(separator: ",")])
    guard output.succeeded else { throw refused("scontrol release", output) }
  }

  /// Cancels jobs or array tasks (`123`, `123_4`); ones that already ended are not an error.
  public func cancel(_ ids: [String]) throws(SlurmError) {
    guard !ids.isEmpty else { return }
    let output = try run(["scancel"] + ids)
    if !output.succeeded && !output.stderr.contains("already completing or completed")
      && !output.stderr.contains("Invalid job id")
    {
      throw refused("scancel", output)
    }
  }

  /// The queued tasks of the given jobs (whoever submitted them), one entry per array task.
  public func queue(jobIDs: [String]) throws(SlurmError) -> [String: SlurmTaskStatus] {
    guard !jobIDs.isEmpty else { return [:] }
    var statuses: [String: SlurmTaskStatus] = [:]
    var start = 0
    while start < jobIDs.count {
      let chunk = jobIDs[start..<min(start + 200, jobIDs.count)]
      start += 200
      let output = try run([
        "squeue", "--noheader", "--array", "--jobs=" + chunk.joined(separator: ","),
        "--format=" + SlurmOutputParsing.squeueFormat,
      ])
      // squeue fails when none of the ids is known any more.
      if !output.succeeded && output.stderr.contains("Invalid job id") { continue }
      guard output.succeeded else { throw refused("squeue", output) }
      statuses.merge(SlurmOutputParsing.queue(output.stdout)) { first, _ in first }
    }
    return statuses
  }

  /// How the tasks of the given array jobs ended, as far as Slurm remembers: from `sacct` where
  /// accounting is on, else from `scontrol show job` (which forgets after `MinJobAge`).
  /// `since` (seconds since 1970) is when the oldest of them was submitted: sacct's default
  /// window starts at midnight.
  public func endings(of jobIDs: [String], since: Double) -> [String: SlurmTaskStatus] {
    guard !jobIDs.isEmpty else { return [:] }
    let ids = jobIDs.joined(separator: ",")
    let days = max(1, Int(((WallClock.now() - since) / 86400).rounded(.up)) + 1)
    if let output = try? run([
      "sacct", "--noheader", "--parsable2", "--allusers", "--jobs=" + ids,
      "--starttime=now-\(days)days",
      "--format=JobID,State,Reason,NodeList",
    ]), output.succeeded {
      return SlurmOutputParsing.accounting(output.stdout)
    }
    var statuses: [String: SlurmTaskStatus] = [:]
    for id in jobIDs {
      guard let output = try? run(["scontrol", "--oneliner", "show", "job", id]),
        output.succeeded
      else { continue }
      statuses.merge(SlurmOutputParsing.jobRecords(output.stdout)) { first, _ in first }
    }
    return statuses
  }

  private func run(_ arguments: [String]) throws(SlurmError) -> ToolCommand.Output {
    do {
      return try ToolCommand.run(arguments)
    } catch {
      throw SlurmError(
        "cannot run \(arguments[0]): \(error.reason)",
        help: "the Slurm backend needs Slurm's commands (sbatch, squeue, scancel, scontrol) on "
          + "PATH; run on a login node of the cluster, or use --backend local")
    }
  }

  private func refused(_ command: String, _ output: ToolCommand.Output) -> SlurmError {
    let message = (output.stderr + output.stdout).split(separator: "\n").joined(separator: "; ")
    return SlurmError(
      "\(command) failed (exit status \(output.status)): "
        + (message.isEmpty ? "no message" : message))
  }
}
