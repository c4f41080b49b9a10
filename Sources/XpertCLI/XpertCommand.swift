import ArgumentParser
import CXpertBuild
import XpertCore

/// `xpert`: runs sweeps of experiments described in a TOML file.
struct XpertCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "xpert",
    abstract: "Run a sweep of experiments described in a TOML file.",
    discussion: """
      `xpert CONFIG.toml` is the same as `xpert run CONFIG.toml`. Exit status: 0 when no job \
      failed, 1 when a job failed, 2 for a config or usage error, 129 after SIGHUP, 130 after \
      SIGINT, 143 after SIGTERM.
      """,
    version: XpertCommand.versionText,
    subcommands: [
      RunCommand.self, ListCommand.self, StatusCommand.self, ResultsCommand.self,
      ReportCommand.self, LogsCommand.self,
      CancelCommand.self,
      SlurmTaskCommand.self,
    ],
    defaultSubcommand: RunCommand.self)
}

extension XpertCommand {
  /// `0.1.0 (commit 1a2b3c4d5e6f)`, or without a commit for a build that did not record one.
  static var versionText: String {
    let commit = String(cString: xpert_git_commit())
    return XpertVersion.current
      + (commit.isEmpty
        ? " (commit unknown: built without scripts/install.sh)" : " (commit \(commit))")
  }
}
