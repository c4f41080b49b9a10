import Foundation
import XpertCore
import XpertReport
import XpertStore

#if canImport(Glibc)
  import Glibc
#endif

/// Reads a config file and expands it into its jobs, every failure as a `ConfigError`.
enum SweepLoading {
  /// The largest config file read.
  static let maximumConfigBytes = 16 << 20

  /// The config alone, checked for shape and types.
  static func config(
    _ argument: ConfigArgument, context: PlanContext
  ) throws(ConfigError) -> SweepConfig {
    let path = argument.config
    let bytes: [UInt8]
    do {
      bytes = try FileSystem.readFile(path, limit: maximumConfigBytes)
    } catch  where error.code == EFBIG {
      throw ConfigError(
        file: path, message: "the config file is larger than 16 MiB (or has no end)",
        help: "a sweep file is a few kilobytes of TOML; check that this is the right file")
    } catch {
      throw ConfigError(
        file: path, message: "cannot read the config file: \(error.reason)",
        help: "check the path; it is relative to the directory xpert runs in")
    }
    let base = context.workingDirectory
    let source = ConfigSource(path: path, bytes: bytes, overrides: argument.overrides)
    let loader = ConfigLoader(source: source) { pattern in
      FileSystem.glob(pattern, base: base)
    }
    let config = try loader.load()
    // Said once per process, however often the config is read.
    for warning in ConfigWarnings.of(config) where Said.first(warning) {
      ConsoleWriter.standardError.line(warning)
    }
    return config
  }

  /// Warnings already said.
  private enum Said {
    nonisolated(unsafe) static var lines: Set<String> = []
    static let lock = NSLock()
    static func first(_ line: String) -> Bool {
      lock.lock()
      defer { lock.unlock() }
      return lines.insert(line).inserted
    }
  }

  /// The config and its jobs.
  static func load(_ argument: ConfigArgument, context: PlanContext) throws(ConfigError) -> (
    SweepConfig, [Job]
  ) {
    let config = try config(argument, context: context)
    return (config, try SweepPlanner.plan(config, context: context))
  }

  /// Where plans are made: the current directory and `$HOME`.
  static func currentContext() -> PlanContext {
    let cwd = FileSystem.currentDirectory()
    return PlanContext(
      workingDirectory: cwd, home: Environment.home)
  }
}
