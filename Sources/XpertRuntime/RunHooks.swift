import XpertReport

/// `on_finish` and `on_failure` (`[flags]`, `--on-finish`, `--on-failure`): shell commands run
/// when the run ends, or when its first job fails for good, with the counts and the config in
/// their environment, for a notification (mail, a chat webhook with curl) without a server.
/// Each runs with stdin from `/dev/null` and at most `timeout` seconds; its failure is a
/// warning, never a failed run.
public struct RunHooks: Sendable {
  /// Run when the run ends.
  public var onFinish: String?
  /// Run once, when the first job fails for good.
  public var onFailure: String?
  /// The config's path (`XPERT_CONFIG`).
  public var config: String
  /// The longest a hook may take.
  public var timeout: Double = 60

  /// Hooks for the run of `config`.
  public init(onFinish: String?, onFailure: String?, config: String) {
    self.onFinish = onFinish
    self.onFailure = onFailure
    self.config = config
  }

  /// The environment a hook gets, beyond xpert's own.
  public func environment(
    event: String, counts: RunCounts, exitStatus: Int32?, failedUID: String?
  ) -> [String] {
    [
      "XPERT_EVENT=\(event)", "XPERT_CONFIG=\(config)", "XPERT_TOTAL=\(counts.total)",
      "XPERT_SUCCEEDED=\(counts.succeeded)", "XPERT_FAILED=\(counts.failed)",
      "XPERT_SKIPPED=\(counts.skipped)", "XPERT_INTERRUPTED=\(counts.interrupted)",
      "XPERT_CANCELLED=\(counts.cancelled)",
    ] + (exitStatus.map { ["XPERT_STATUS=\($0)"] } ?? [])
      + (failedUID.map { ["XPERT_FAILED_UID=\($0)"] } ?? [])
  }

  /// Runs `command` with `environment` added; a warning line when it fails or cannot start,
  /// else `nil`.
  public func run(_ command: String, name: String, environment: [String]) -> String? {
    do {
      let output = try ToolCommand.run(
        ["env"] + environment + ["/bin/sh", "-c", command], timeout: timeout)
      guard output.succeeded else {
        let said = output.stderr.split(separator: "\n").last.map { ": \($0)" } ?? ""
        return "\(name) (\(command)) exited with status \(output.status)\(said)"
      }
      return nil
    } catch {
      return "\(name) (\(command)) failed: \(error.reason)"
    }
  }
}
