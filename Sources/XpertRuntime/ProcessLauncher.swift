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

  /// Creates a request.
  public init(command: String, environment: [String], stdout: Int32, stderr: Int32) {
    self.command = command
    self.environment = environment
    self.stdout = stdout
    self.stderr = stderr
  }
}

/// Starts job processes and signals their process groups: the seam between the run loop and
/// the operating system.
public protocol ProcessLauncher: Sendable {
  /// Starts the job in a process group of its own and returns its pid (= process group id).
  func launch(_ request: LaunchRequest) throws(SystemError) -> Int32
  /// Sends `signal` to the whole process group `group`.
  func signal(group: Int32, _ signal: Int32)
}

/// Starts jobs with `posix_spawn`: stdin from `/dev/null`, stdout and stderr straight into the
/// log files (no pipe through xpert), a new process group, default signal handling.
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

  public func launch(_ request: LaunchRequest) throws(SystemError) -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, request.stdout, 1)
    posix_spawn_file_actions_adddup2(&actions, request.stderr, 2)

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    posix_spawnattr_setpgroup(&attributes, 0)
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGCHLD, SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT] {
      sigaddset(&defaults, signal)
    }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    let flags = POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
    posix_spawnattr_setflags(&attributes, Int16(flags))

    var pid: pid_t = 0
    let result = withCStrings(["/bin/sh", "-c", request.command]) { argv in
      inherited.with(request.environment) { envp in
        posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp)
      }
    }
    guard result == 0 else {
      throw SystemError("start", path: "/bin/sh", code: result)
    }
    return pid
  }

  public func signal(group: Int32, _ signal: Int32) {
    kill(-group, signal)
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

private func withCStrings<Result>(
  _ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Result
) -> Result {
  var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
  pointers.append(nil)
  defer { for pointer in pointers { free(pointer) } }
  return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
