import Foundation
import XpertTestSupport

/// A temporary working directory for one end-to-end test, removed afterwards.
func withSandbox(_ body: (TemporaryDirectory) async throws -> Void) async throws {
  let directory = try TemporaryDirectory()
  defer { directory.remove() }
  try await body(directory)
}

/// The repository's `examples/` folder.
let examplesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples")

/// Runs `xpert` with `arguments` in `sandbox`.
func xpert(
  _ arguments: String..., in sandbox: TemporaryDirectory, environment: [String: String] = [:]
) async throws -> CommandResult {
  try await XpertProcess.run(arguments, in: sandbox.path, environment: environment)
}

/// The names of the log files in a job directory.
func logs(in directory: String, of sandbox: TemporaryDirectory) -> [String] {
  sandbox.list(directory).filter { $0.hasSuffix(".log") }
}
