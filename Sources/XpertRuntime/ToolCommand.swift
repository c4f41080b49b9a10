import XpertStore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs a helper program (`sbatch`, `squeue`, `git`, ...) found on `PATH` and captures what it
/// prints. Its stdin is `/dev/null`; stdout and stderr come back through two pipes that are read
/// together, so neither can fill up and block it.
///
/// Safe while a `LocalRunner` reaps every child of the process: the child is claimed as it is
/// spawned, and its status comes back whoever reaps it (`ChildStatuses`).
public enum ToolCommand {
  /// What the program printed and how it ended.
  public struct Output: Sendable, Hashable {
    /// Its exit status (128 + N when signal N killed it).
    public var status: Int32
    /// Everything it wrote to stdout.
    public var stdout: String
    /// Everything it wrote to stderr.
    public var stderr: String

    /// Whether it exited 0.
    public var succeeded: Bool { status == 0 }
  }

  /// Runs `arguments[0]` (looked up on `PATH`) with the rest as its arguments. Throws only when
  /// it cannot start (`ENOENT`: no such program on `PATH`).
  public static func run(_ arguments: [String], timeout: Double? = nil) throws(SystemError)
    -> Output
  {
    var outPipe: [Int32] = [0, 0]
    var errPipe: [Int32] = [0, 0]
    guard pipe(&outPipe) == 0 else { throw SystemError("create a pipe for", path: arguments[0]) }
    guard pipe(&errPipe) == 0 else {
      close(outPipe[0])
      close(outPipe[1])
      throw SystemError("create a pipe for", path: arguments[0])
    }
    for end in outPipe + errPipe { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
    var pid: pid_t = 0
    var cStrings: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
    cStrings.append(nil)
    defer { for pointer in cStrings { free(pointer) } }
    var result: Int32 = 0
    _ = ChildStatuses.spawnClaimed {
      result = cStrings.withUnsafeBufferPointer { argv in
        posix_spawnp(&pid, arguments[0], &actions, nil, argv.baseAddress!, environ)
      }
      return result == 0 ? pid : nil
    }
    close(outPipe[1])
    close(errPipe[1])
    guard result == 0 else {
      close(outPipe[0])
      close(errPipe[0])
      throw SystemError("run", path: arguments[0], code: result)
    }
    let deadline = timeout.map { WallClock.now() + $0 }
    let (stdout, stderr, inTime) = readBoth(outPipe[0], errPipe[0], until: deadline)
    close(outPipe[0])
    close(errPipe[0])
    if !inTime { kill(pid, SIGKILL) }
    let status = ChildStatuses.wait(pid)
    guard inTime else {
      throw SystemError(
        "finish (it ran past \(timeout.map { "\(Int($0)) s" } ?? "its time"))",
        path: arguments.joined(separator: " "), code: ETIMEDOUT)
    }
    let signal = status & 0x7F
    return Output(
      status: signal == 0 ? (status >> 8) & 0xFF : 128 + signal,
      stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }

  /// Both outputs until they close, or until `deadline` (then the third value is false).
  private static func readBoth(_ first: Int32, _ second: Int32, until deadline: Double?)
    -> ([UInt8], [UInt8], Bool)
  {
    var buffers: [[UInt8]] = [[], []]
    var descriptors = [
      pollfd(fd: first, events: Int16(POLLIN), revents: 0),
      pollfd(fd: second, events: Int16(POLLIN), revents: 0),
    ]
    var chunk = [UInt8](repeating: 0, count: 65536)
    while descriptors.contains(where: { $0.fd >= 0 }) {
      var wait: Int32 = -1
      if let deadline {
        let left = deadline - WallClock.now()
        if left <= 0 { return (buffers[0], buffers[1], false) }
        wait = Int32(min(left * 1000, 60_000).rounded(.up))
      }
      guard poll(&descriptors, 2, wait) >= 0 || errno == EINTR else { break }
      for index in 0..<2 where descriptors[index].fd >= 0 && descriptors[index].revents != 0 {
        let count = read(descriptors[index].fd, &chunk, chunk.count)
        if count > 0 {
          buffers[index] += chunk[0..<count]
        } else if count == 0 || errno != EINTR {
          descriptors[index].fd = -1
        }
      }
    }
    return (buffers[0], buffers[1], true)
  }
}
