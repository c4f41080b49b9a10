import Foundation

/// What a finished command printed and how it exited.
public struct CommandResult: Sendable {
  /// The exit status (128 + n if a signal n ended it).
  public var status: Int32
  /// Everything written to stdout.
  public var stdout: String
  /// Everything written to stderr.
  public var stderr: String

  /// A result.
  public init(status: Int32, stdout: String, stderr: String) {
    self.status = status
    self.stdout = stdout
    self.stderr = stderr
  }

  /// stdout split into lines.
  public var lines: [String] { stdout.split(separator: "\n").map(String.init) }
}

/// The built `xpert` (or another product) running in a directory, with its output going to
/// files so that no pipe can fill up.
public final class XpertProcess: @unchecked Sendable {
  private let process = Process()
  private let stdoutURL: URL
  private let stderrURL: URL

  /// Starts `product` (or `executable`) with `arguments` in `directory`; `environment` adds to
  /// the inherited one.
  public init(
    _ arguments: [String], in directory: String, environment: [String: String] = [:],
    product: String = "xpert", executable: String? = nil
  ) throws {
    let id = UUID().uuidString
    stdoutURL = URL(fileURLWithPath: NSTemporaryDirectory() + "/xpert-out-\(id)")
    stderrURL = URL(fileURLWithPath: NSTemporaryDirectory() + "/xpert-err-\(id)")
    _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
    process.executableURL = URL(fileURLWithPath: executable ?? BuiltProducts.path(of: product))
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    // Each test its own GPU leases, unless it shares them between runners on purpose.
    env["XPERT_GPU_LEASE_DIR"] = NSTemporaryDirectory() + "/xpert-leases-\(id)"
    // No real nvidia-smi judges the tests' GPUs (on a GPU server they may be busy); tests of
    // GPU detection put a fake one on PATH and name it.
    env["XPERT_NVIDIA_SMI"] = "/nonexistent/nvidia-smi"
    for (key, value) in environment { env[key] = value }
    process.environment = env
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
    process.standardError = try FileHandle(forWritingTo: stderrURL)
    try process.run()
  }

  /// The process id.
  public var pid: Int32 { process.processIdentifier }

  /// Sends `signal` to the process.
  public func send(_ signal: Int32) {
    kill(pid, signal)
  }

  /// What it has printed to stdout so far.
  public var stdoutSoFar: String {
    (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? ""
  }

  /// Waits until it exits (at most `timeout`; then it is killed and the test fails).
  public func finish(timeout: Duration = .seconds(120)) async throws -> CommandResult {
    let deadline = ContinuousClock.now + timeout
    while process.isRunning {
      if ContinuousClock.now > deadline {
        kill(pid, SIGKILL)
        throw TestTimeout(what: "xpert \(process.arguments ?? []) did not exit in \(timeout)")
      }
      try await Task.sleep(for: .milliseconds(5))
    }
    let status =
      process.terminationReason == .uncaughtSignal
      ? 128 + process.terminationStatus : process.terminationStatus
    defer {
      try? FileManager.default.removeItem(at: stdoutURL)
      try? FileManager.default.removeItem(at: stderrURL)
    }
    return CommandResult(
      status: status,
      stdout: (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "",
      stderr: (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "")
  }

  /// Runs `product` to the end.
  public static func run(
    _ arguments: [String], in directory: String, environment: [String: String] = [:],
    product: String = "xpert", executable: String? = nil, timeout: Duration = .seconds(120)
  ) async throws -> CommandResult {
    try await XpertProcess(
      arguments, in: directory, environment: environment, product: product,
      executable: executable
    ).finish(timeout: timeout)
  }
}

/// A condition that did not come true in time.
public struct TestTimeout: Error, CustomStringConvertible {
  /// What was waited for.
  public var what: String
  public var description: String { "timed out: \(what)" }
}

/// Waits until `condition` holds, checking every few milliseconds, for at most `timeout`.
/// `what` is read when the wait times out, so it may quote the output so far.
public func waitUntil(
  _ what: @autoclosure () -> String, timeout: Duration = .seconds(60),
  _ condition: () throws -> Bool
) async throws {
  let deadline = ContinuousClock.now + timeout
  while try !condition() {
    if ContinuousClock.now > deadline { throw TestTimeout(what: what()) }
    try await Task.sleep(for: .milliseconds(10))
  }
}
