import XpertRuntime
import XpertStore

/// The git commit of the working directory and whether it has uncommitted changes, for job
/// records. Asked once per run, before any job starts (so the runner's child reaping never
/// sees these processes).
enum GitInfo {
  /// `(commit, dirty)`, or `nil` when the directory is not in a git work tree or git is absent.
  static func current(in directory: String) -> (commit: String, dirty: Bool)? {
    var folder = directory
    while !FileSystem.exists((folder == "/" ? "" : folder) + "/.git") {
      guard let slash = folder.lastIndex(of: "/"), folder != "/" else { return nil }
      folder = slash == folder.startIndex ? "/" : String(folder[..<slash])
    }
    guard let commit = git(["rev-parse", "HEAD"], in: directory), !commit.isEmpty,
      let status = git(["status", "--porcelain", "--untracked-files=no"], in: directory)
    else { return nil }
    return (commit, !status.isEmpty)
  }

  /// What `git -C directory arguments...` printed, without surrounding white space; `nil` when
  /// git is missing or fails.
  private static func git(_ arguments: [String], in directory: String) -> String? {
    guard let output = try? ToolCommand.run(["git", "-C", directory] + arguments),
      output.succeeded
    else { return nil }
    var text = Substring(output.stdout)
    while text.last?.isWhitespace == true { text.removeLast() }
    return String(text.drop(while: \.isWhitespace))
  }
}
