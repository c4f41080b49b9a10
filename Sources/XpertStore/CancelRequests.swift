#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How `xpert cancel` reaches a local runner on the same host: it writes a request file named
/// after the runner (pid and start time) into `/tmp/xpert-<uid>/cancel/`, then sends the runner
/// `signal`. The runner reads and removes the requests addressed to it. docs/processes.md.
public enum CancelRequests {
  /// The signal that tells a runner to read its cancel requests.
  public static let signal = SIGUSR2

  /// What a request asks.
  public struct Request: Sendable, Hashable {
    /// The whole run: stop every job, start no other.
    public var all: Bool
    /// The job directories to cancel (when not `all`).
    public var directories: Set<String>

    /// A request.
    public init(all: Bool, directories: Set<String>) {
      self.all = all
      self.directories = directories
    }
  }

  /// The folder of requests, private to this user (`/tmp/xpert-<uid>/cancel`).
  public static var folder: String { FileSystem.userTemporaryFolder + "/cancel" }

  /// Writes `request` for the runner `pid` that started at `start`, then signals it.
  public static func send(
    _ request: Request, toRunner pid: Int32, start: UInt64
  ) throws(SystemError) {
    try FileSystem.makePrivateFolders([FileSystem.userTemporaryFolder, folder])
    var text = "xpert-cancel 1\n"
    if request.all { text += "all\n" }
    for directory in request.directories.sorted() { text += "job=" + directory + "\n" }
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    let name = "\(pid)-\(start)-\(getpid())-\(now.tv_sec)\(now.tv_nsec)"
    try AtomicFile.write(text, to: folder + "/" + name)
    removeRequestsOfGoneRunners()
    guard kill(pid, signal) == 0 else {
      let error = SystemError("signal runner \(pid) (kill)", path: "", code: errno)
      unlink(folder + "/" + name)
      throw error
    }
  }

  /// Reads and removes the requests for the runner `pid` that started at `start`; `nil` when
  /// there are none.
  public static func take(runner pid: Int32, start: UInt64) -> Request? {
    let prefix = "\(pid)-\(start)-"
    guard FileSystem.isPrivateFolder(FileSystem.userTemporaryFolder),
      FileSystem.isPrivateFolder(folder)
    else { return nil }
    var merged: Request?
    for name in FileSystem.names(in: folder)
    where name.hasPrefix(prefix) && !name.contains(".tmp-") {
      let path = folder + "/" + name
      guard let text = AtomicFile.read(path) else { continue }
      unlink(path)
      var request = merged ?? Request(all: false, directories: [])
      for line in text.split(separator: "\n") {
        if line == "all" { request.all = true }
        if line.hasPrefix("job=") { request.directories.insert(String(line.dropFirst(4))) }
      }
      merged = request
    }
    return merged
  }

  /// Removes requests whose runner has exited (it will never read them).
  private static func removeRequestsOfGoneRunners() {
    for name in FileSystem.names(in: folder) where !name.contains(".tmp-") {
      let parts = name.split(separator: "-")
      guard parts.count >= 2, let pid = Int32(parts[0]), let start = UInt64(parts[1]) else {
        continue
      }
      if !ProcessIdentity.isAlive(pid, start: start) { unlink(folder + "/" + name) }
    }
  }
}
