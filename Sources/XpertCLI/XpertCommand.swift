import ArgumentParser
import XpertCore

/// `xpert`: runs sweeps of experiments described in a TOML file.
struct XpertCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "xpert",
    abstract: "Run a sweep of experiments described in a TOML file.",
    discussion: """
      `xpert CONFIG.toml` is the same as `xpert run CONFIG.toml`. Exit status: 0 when no job \
      failed, 1 when a job failed, 2 for a config or usage error, 130 after SIGINT, 143 after \
      SIGTERM.
      """,
    version: XpertVersion.current,
    subcommands: [
      RunCommand.self, ListCommand.self, StatusCommand.self, ResultsCommand.self,
      ReportCommand.self, LogsCommand.self,
      CancelCommand.self,
      SlurmTaskCommand.self,
    ],
    defaultSubcommand: RunCommand.self)
}
