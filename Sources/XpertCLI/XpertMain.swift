import ArgumentParser
import XpertCore
import XpertReport
import XpertRuntime
import XpertSlurm
import XpertStore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The entry point of the `xpert` executable.
public enum XpertMain {
  /// Process set-up: SIGPIPE ignored.
  public static func prepareProcess() {
    SignalWatcher.prepareProcess()
  }

  /// Parses the command line, runs the command, and exits with its status.
  public static func run(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) async
    -> Never
  {
    do {
      // `--fail-fast=now` is an optional value, which the parser has no form for.
      let arguments = arguments.map { $0 == "--fail-fast=now" ? "--fail-fast-now" : $0 }
      try checkCommandName(arguments)
      var command = try XpertCommand.parseAsRoot(arguments)
      if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
      exit(0)
    } catch {
      exit(report(error))
    }
  }

  /// `xpert stats x.toml` (a misspelt command, taken for a config) and `xpert help foo`: a
  /// usage error that names the commands, instead of "cannot read the config file stats".
  static func checkCommandName(_ arguments: [String]) throws {
    let names = XpertCommand.configuration.subcommands
      .filter { $0.configuration.shouldDisplay }
      .compactMap { $0.configuration.commandName }
    guard let first = arguments.first else { return }
    if first == "help", arguments.count > 1, !names.contains(arguments[1]) {
      throw ValidationError(unknown(arguments[1], names))
    }
    guard !first.hasPrefix("-"), !names.contains(first), first != "help",
      !first.hasSuffix(".toml"), !FileSystem.exists(first), suggestion(first, names) != nil
    else { return }
    throw ValidationError(unknown(first, names))
  }

  /// A close command name, or one that `name` begins (`stat` → `status`).
  private static func suggestion(_ name: String, _ names: [String]) -> String? {
    EditDistance.suggestion(for: name, among: names)
      ?? (name.count >= 3 ? names.first { $0.hasPrefix(name) } : nil)
  }

  private static func unknown(_ name: String, _ names: [String]) -> String {
    "unknown command \"\(name)\""
      + (suggestion(name, names).map { "; did you mean \($0)?" } ?? ".")
      + " The commands are: " + names.joined(separator: ", ")
  }

  /// Prints `error` the way its kind asks and returns the exit status: the one place where
  /// errors become exit codes.
  static func report(_ error: any Error) -> Int32 {
    switch error {
    case let config as ConfigError:
      ConsoleWriter.standardError.line(config.description)
      return 2
    case let slurm as SlurmError:
      ConsoleWriter.standardError.line(slurm.description)
      return slurm.signal.map { 128 + $0 } ?? 2
    case let code as ExitCode:
      return code.rawValue
    case let problem as CommandProblem:
      ConsoleWriter.standardError.line("error: " + problem.message)
      if let help = problem.help { ConsoleWriter.standardError.line("  help: " + help) }
      return 2
    default:
      if XpertCommand.exitCode(for: error) == .success {
        XpertCommand.exit(withError: error)
      }
      ConsoleWriter.standardError.line(XpertCommand.fullMessage(for: error))
      return 2
    }
  }
}
