import Foundation

/// Runs Python's `tomllib` over a folder of documents, through `Fixtures/tomllib_dump.py`.
enum DifferentialOracle {
  /// The dump script, beside this file.
  static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/tomllib_dump.py")

  /// Whether `python3` on the PATH has `tomllib` (Python 3.11 or later).
  static let isAvailable: Bool = {
    (try? run(["python3", "-c", "import tomllib"]))?.status == 0
  }()

  /// What tomllib made of each document: tagged JSON text, or its error message.
  enum Verdict {
    case json(String)
    case rejected(String)
  }

  /// Loads every `NAME.toml` in `folder` with tomllib, in one Python process.
  static func verdicts(in folder: URL, names: [String]) throws -> [Verdict] {
    let result = try run(["python3", script.path, folder.path])
    guard result.status == 0 else {
      throw OracleError(message: "tomllib_dump.py exited \(result.status): \(result.stderr)")
    }
    return try names.map { name in
      let json = folder.appendingPathComponent(name + ".json")
      if let text = try? String(contentsOf: json, encoding: .utf8) { return .json(text) }
      let error = folder.appendingPathComponent(name + ".error")
      guard let message = try? String(contentsOf: error, encoding: .utf8) else {
        throw OracleError(message: "tomllib_dump.py wrote nothing for \(name).toml")
      }
      return .rejected(message)
    }
  }

  /// The dump failed as a whole.
  struct OracleError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
  }

  private static func run(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let stderr = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stderr, as: UTF8.self))
  }
}
