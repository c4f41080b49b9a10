import CXpertKeeper
import XpertCore
import XpertStore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What it takes to start one job's process.
public struct LaunchRequest: Sendable {
  /// The shell command, run as `/bin/sh -c <command>`.
  public var command: String
  /// Extra environment entries (`KEY=VALUE`) that replace inherited ones of the same key.
  public var environment: [String]
  /// Where stdout goes (an open descriptor).
  public var stdout: Int32
  /// Where stderr goes (an open descriptor).
  public var stderr: Int32
  /// How long the job's processes get between SIGTERM and SIGKILL when it is stopped, or when
  /// its shell exits and leaves processes behind.
  public var grace: Duration

  /// Creates a request.
  public init(
    command: String, environment: [String], stdout: Int32, stderr: Int32,
    grace: Duration = .seconds(10)
  ) {
    self.command = command
    self.environment = environment
    self.stdout = stdout
    self.stderr = stderr
    self.grace = grace
  }
}

/// A started job: its keeper's pid (also the job's process group id) and where the keeper's
/// report will be read.
public struct LaunchedJob: Sendable, Hashable {
  /// The keeper's pid.
  public var pid: Int32
  /// The keeper's start time in clock ticks since boot, which tells it from a reused pid.
  public var processStart: UInt64
  /// The read end of the report pipe.
  var report: Int32
  /// The write end of the go pipe: the shell starts when a byte is written to it.
  var go: Int32
}

/// How a job ended, as its keeper saw it: the shell's ending and what it left behind.
public struct JobEnding: Sendable, Hashable {
  /// How the job's shell ended (`nil` when the keeper itself was killed before it could say).
  public var shell: Termination?
  /// Why the shell could not start, if it could not.
  public var startError: Int32?
  /// Processes still alive when the shell exited on its own; they got SIGTERM.
  public var leftovers: Int
  /// Processes killed with SIGKILL after the grace period.
  public var killed: Int
  /// Whether a signal from outside xpert (a user's `kill` of the keeper, Slurm) stopped it.
  public var stoppedFromOutside = false
  /// Whether the keeper itself was killed before it could report (its job's processes then
  /// came to the runner).
  public var keeperKilled = false
}

/// Starts jobs and stops them: the seam between the run loop and the operating system.
public protocol ProcessLauncher: Sendable {
  /// Starts the job's keeper, which owns its process tree; the job's command starts only at
  /// `release`.
  func launch(_ request: LaunchRequest) throws(SystemError) -> LaunchedJob
  /// Lets the keeper start the job's command (once its attempt is recorded), or, with
  /// `start: false`, gives the job up: the keeper exits without starting anything.
  func release(_ job: LaunchedJob, start: Bool)
  /// Stops every process of the job: SIGTERM, then SIGKILL after the grace; with
  /// `immediately`, SIGKILL at once.
  func stop(_ job: LaunchedJob, immediately: Bool)
  /// How the job ended, once its keeper has exited (reads and closes the report).
  func ending(of job: LaunchedJob, keeper: Termination) -> JobEnding
}

extension ProcessLauncher {
  /// Gives up a job whose command has not started: its keeper exits without starting anything,
  /// and its report is read and dropped.
  func giveUp(_ job: LaunchedJob) {
    release(job, start: false)
    _ = ending(of: job, keeper: .exited(0))
  }
}

/// Starts each job under a keeper (`CXpertKeeper`): a forked process that leads the job's
/// process group, is a child subreaper, runs `/bin/sh -c <cmd>` with stdin from `/dev/null` and
/// stdout and stderr straight into the log files, and exits only when the last process of the
/// job has. docs/processes.md has the design.
public struct POSIXLauncher: ProcessLauncher {
  private let inherited: EnvironmentBlock

  /// A launcher whose jobs inherit `environment` (`KEY=VALUE` entries).
  public init(environment: [String]) {
    self.inherited = EnvironmentBlock(environment)
  }

  /// The environment of this process.
  public static func currentEnvironment() -> [String] {
    var entries: [String] = []
    var pointer = environ
    while let entry = pointer.pointee {
      entries.append(String(cString: entry))
      pointer += 1
    }
    return entries
  }

  public func launch(_ request: LaunchRequest) throws(SystemError) -> LaunchedJob {
    var report: Int32 = -1
    var go: Int32 = -1
    let graceNanoseconds =
      request.grace.components.seconds * 1_000_000_000
      + request.grace.components.attoseconds / 1_000_000_000
    let pid = inherited.with(request.environment) { envp in
      xpert_keeper_spawn(
        request.command, envp, request.stdout, request.stderr, graceNanoseconds, &report, &go)
    }
    guard pid > 0 else {
      throw SystemError("start", path: "/bin/sh", code: -pid)
    }
    return LaunchedJob(
      pid: pid, processStart: ProcessIdentity.startTime(of: pid) ?? 0, report: report, go: go)
  }

  public func release(_ job: LaunchedJob, start: Bool) {
    if start {
      var byte: UInt8 = 1
      while write(job.go, &byte, 1) < 0 && errno == EINTR {}
    }
    close(job.go)
  }

  public func stop(_ job: LaunchedJob, immediately: Bool) {
    _ = xpert_keeper_stop(job.pid, immediately ? 1 : 0)
  }

  public func ending(of job: LaunchedJob, keeper: Termination) -> JobEnding {
    defer { close(job.report) }
    var report = xpert_keeper_report()
    let size = MemoryLayout<xpert_keeper_report>.size
    var got = 0
    withUnsafeMutableBytes(of: &report) { buffer in
      while got < size {
        let count = read(job.report, buffer.baseAddress! + got, size - got)
        if count > 0 {
          got += count
        } else if count < 0 && errno == EINTR {
          continue
        } else {
          break
        }
      }
    }
    guard got == size, report.magic == XPERT_KEEPER_REPORT_MAGIC else {
      // The keeper was killed (SIGKILL from outside): its own ending is all there is.
      return JobEnding(
        shell: keeper, startError: nil, leftovers: 0, killed: 0, keeperKilled: true)
    }
    return JobEnding(
      shell: report.shell_reaped != 0 ? Termination(waitStatus: report.shell_status) : nil,
      startError: report.start_error != 0 ? report.start_error : nil,
      leftovers: Int(report.leftovers), killed: Int(report.killed),
      stoppedFromOutside: report.stopped != 0)
  }
}

extension Termination {
  /// The termination that a `waitpid` status describes.
  init(waitStatus status: Int32) {
    let signal = status & 0x7F
    self = signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
  }
}

/// The inherited environment as C strings, made once per run; each job adds its own entries,
/// which replace inherited ones with the same key.
final class EnvironmentBlock: @unchecked Sendable {
  private let entries: [(key: Substring, pointer: UnsafeMutablePointer<CChar>)]

  init(_ environment: [String]) {
    entries = environment.map { ($0.prefix { $0 != "=" }, strdup($0)!) }
  }

  deinit {
    for entry in entries { free(entry.pointer) }
  }

  /// Calls `body` with a null-terminated `envp` of the inherited entries plus `extra`.
  func with<Result>(
    _ extra: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Result
  ) -> Result {
    let keys = extra.map { $0.prefix { $0 != "=" } }
    var pointers: [UnsafeMutablePointer<CChar>?] = []
    pointers.reserveCapacity(entries.count + extra.count + 1)
    for entry in entries where !keys.contains(entry.key) { pointers.append(entry.pointer) }
    let owned = extra.map { strdup($0) }
    defer { for pointer in owned { free(pointer) } }
    pointers.append(contentsOf: owned)
    pointers.append(nil)
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
  }
}
