import XpertCore
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
    return try loader.load()
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
