import Foundation

/// The git commit of the working directory and whether it has uncommitted changes, for job
/// records. Asked once per run, before any job starts (so the runner's child reaping never
/// sees these processes).
enum GitInfo {
  /// `(commit, dirty)`, or `nil` when the directory is not in a git work tree or git is absent.
  static func current(in directory: String) -> (commit: String, dirty: Bool)? {
    var folder = URL(fileURLWithPath: directory)
    while !FileManager.default.fileExists(atPath: folder.appendingPathComponent(".git").path) {
      let parent = folder.deletingLastPathComponent()
      if parent.path == folder.path { return nil }
      folder = parent
    }
    guard let commit = git(["rev-parse", "HEAD"], in: directory), !commit.isEmpty,
      let status = git(["status", "--porcelain", "--untracked-files=no"], in: directory)
    else { return nil }
    return (commit, !status.isEmpty)
  }

  private static func git(_ arguments: [String], in directory: String) -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-C", directory] + arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
