import ArgumentParser
import XpertCore
import XpertReport
import XpertRuntime
import XpertSlurm

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
    default:
      if XpertCommand.exitCode(for: error) == .success {
        XpertCommand.exit(withError: error)
      }
      ConsoleWriter.standardError.line(XpertCommand.fullMessage(for: error))
      return 2
    }
  }
}
