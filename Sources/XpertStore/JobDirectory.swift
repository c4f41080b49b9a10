#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A job's directory on disk: its logs and its completion marker, `completed.flag`.
public struct JobDirectory: Sendable, Hashable {
  /// The name of the completion marker, as the original tool wrote it.
  public static let completionMarker = "completed.flag"

  /// The absolute path.
  public var path: String

  /// The directory at `path`.
  public init(path: String) {
    self.path = path
  }

  /// The path of the completion marker.
  public var markerPath: String { path + "/" + Self.completionMarker }

  /// Whether the job has completed (its marker exists).
  public var isCompleted: Bool { FileSystem.exists(markerPath) }

  /// Creates the directory and its parents.
  public func create() throws(SystemError) {
    try FileSystem.makeDirectories(path)
  }

  /// Marks the job completed. An empty file's creation is atomic: it exists or it does not.
  public func markCompleted() throws(SystemError) {
    close(try FileSystem.createFile(markerPath))
  }

  /// Removes the completion marker (before a restarted job runs again).
  public func clearCompletion() throws(SystemError) {
    try FileSystem.removeFile(markerPath)
  }

  /// The file `XPERT_METRICS_FILE` names in each job directory.
  public static let metricsFileName = "metrics.jsonl"

  /// Moves the metrics file an earlier attempt wrote (`metrics.jsonl`) aside as
  /// `metrics.attempt-<previous>.jsonl` (`.2`, `.3`, ... added if taken), so that each attempt
  /// starts with an empty one and `xpert results` reads only the latest attempt's metrics, as
  /// it reads only its logs. Nothing to do when there is none.
  public func keepMetricsAside(previousAttempt: Int) throws(SystemError) {
    let current = path + "/" + Self.metricsFileName
    guard FileSystem.exists(current) else { return }
    var suffix = 1
    while true {
      let aside =
        path + "/metrics.attempt-\(previousAttempt)" + (suffix == 1 ? "" : ".\(suffix)") + ".jsonl"
      if !FileSystem.exists(aside) {
        guard rename(current, aside) == 0 else {
          throw SystemError("keep the earlier attempt's metrics aside as", path: aside)
        }
        return
      }
      suffix += 1
    }
  }

  /// Opens a fresh pair of log files for an attempt starting at `seconds` (Unix time):
  /// `stdout.<seconds>.log` and `stderr.<seconds>.log`, or `stdout.<seconds>_<nnnn>.log` and
  /// `stderr.<seconds>_<nnnn>.log` when an attempt in the same second already used that name:
  /// the names sort in attempt order (`_` after `.`; before 2026-12 the form was
  /// `<seconds>.<n>`, which sorted before the first). Never appends to or overwrites a log.
  public func openLogs(seconds: Int) throws(SystemError) -> LogFiles {
    var suffix = 0
    while true {
      let padded = String(suffix)
      let stamp =
        suffix == 0
        ? "\(seconds)"
        : "\(seconds)_" + String(repeating: "0", count: max(0, 4 - padded.count)) + padded
      let stdoutName = "stdout.\(stamp).log"
      let stderrName = "stderr.\(stamp).log"
      do throws(SystemError) {
        let out = try FileSystem.createFile(path + "/" + stdoutName, exclusive: true)
        do throws(SystemError) {
          let err = try FileSystem.createFile(path + "/" + stderrName, exclusive: true)
          return LogFiles(
            stdoutName: stdoutName, stderrName: stderrName, stdout: out, stderr: err)
        } catch {
          close(out)
          try? FileSystem.removeFile(path + "/" + stdoutName)
          throw error
        }
      } catch {
        guard error.code == EEXIST && suffix < 10_000 else { throw error }
        suffix += 1
      }
    }
  }
}

/// The two log files of one attempt, open for writing.
public struct LogFiles: Sendable, Hashable {
  /// `stdout.<seconds>.log`.
  public var stdoutName: String
  /// `stderr.<seconds>.log`.
  public var stderrName: String
  /// The open descriptor of the stdout log.
  public var stdout: Int32
  /// The open descriptor of the stderr log.
  public var stderr: Int32

  /// Closes both descriptors (after the child has its copies).
  public func close() {
    #if canImport(Glibc)
      _ = Glibc.close(stdout)
      _ = Glibc.close(stderr)
    #else
      _ = Darwin.close(stdout)
      _ = Darwin.close(stderr)
    #endif
  }
}
