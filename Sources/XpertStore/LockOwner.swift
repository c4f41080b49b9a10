#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Who holds a lock, as its file says: the runner's host and pid, and (format 2) the runner's
/// start time, the machine's boot and the runner's PID namespace, so that a pid is only ever
/// judged where it means the same process.
public struct LockOwner: Sendable, Hashable {
  /// The host name.
  public var host: String
  /// The pid, in the owner's PID namespace.
  public var pid: Int32
  /// The owner's start time in clock ticks since boot (format 2).
  public var start: UInt64?
  /// The boot id of the owner's machine (`/proc/sys/kernel/random/boot_id`, format 2).
  public var boot: String?
  /// The owner's PID namespace (`/proc/self/ns/pid`, e.g. `pid:[4026531836]`, format 2).
  public var pidNamespace: String?
  /// The owner's heartbeat timeout in seconds (format 2), so that others judge its heartbeat
  /// by it too.
  public var timeout: Double?

  /// An owner.
  public init(host: String, pid: Int32, start: UInt64?, boot: String?, pidNamespace: String?) {
    self.host = host
    self.pid = pid
    self.start = start
    self.boot = boot
    self.pidNamespace = pidNamespace
  }

  /// The owner that the lock file `text` names, if it names one.
  public init?(text: String) {
    var fields: [Substring: Substring] = [:]
    for line in text.split(separator: "\n") {
      guard let equals = line.firstIndex(of: "=") else { continue }
      fields[line[..<equals]] = line[line.index(after: equals)...]
    }
    guard let host = fields["host"], let pidText = fields["pid"], let pid = Int32(pidText)
    else { return nil }
    self.init(
      host: String(host), pid: pid, start: fields["start"].flatMap { UInt64($0) },
      boot: fields["boot"].map(String.init), pidNamespace: fields["pidns"].map(String.init))
    timeout = fields["timeout"].flatMap { Double($0) }
  }

  /// The value of `key` in a lock or lease file's `key=value` lines.
  public static func field(_ key: String, in text: String) -> String? {
    let prefix = key + "="
    return text.split(separator: "\n").first { $0.hasPrefix(prefix) }.map {
      String($0.dropFirst(prefix.count))
    }
  }

  /// The lock file's content (format 2).
  public var text: String {
    "xpert-lock 2\nhost=\(host)\npid=\(pid)\n" + (start.map { "start=\($0)\n" } ?? "")
      + (boot.map { "boot=\($0)\n" } ?? "") + (pidNamespace.map { "pidns=\($0)\n" } ?? "")
      + (timeout.map { "timeout=\($0)\n" } ?? "")
  }

  /// Whether `other` is the same runner: same host, pid, start, boot and PID namespace.
  public func isSameRunner(as other: LockOwner) -> Bool {
    host == other.host && pid == other.pid && start == other.start && boot == other.boot
      && pidNamespace == other.pidNamespace
  }

  /// Whether this owner's pid can be judged from `observer`: the same machine, boot and PID
  /// namespace. A format-1 lock (no boot, no namespace) is judged on the same host.
  public func sharesPIDs(with observer: LockOwner) -> Bool {
    guard host == observer.host else { return false }
    if boot == nil && pidNamespace == nil { return true }
    return boot == observer.boot && pidNamespace == observer.pidNamespace
  }

  /// Whether this owner's process is alive (call only when `sharesPIDs`): a pid that exists
  /// (or that we may not signal) with the recorded start time, when there is one.
  public var isAlive: Bool {
    switch ProcessIdentity.liveness(of: pid) {
    case .alive(let actual): return start == nil || actual == start
    case .dead: return false  // a zombie runner (its parent does not reap it) is gone too
    case .unknown: return kill(pid, 0) == 0 || errno == EPERM
    }
  }

  /// This machine's boot id, read once.
  public static let currentBoot: String? = {
    guard let bytes = try? FileSystem.readFile("/proc/sys/kernel/random/boot_id") else {
      return nil
    }
    return String(decoding: bytes.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
  }()

  /// This process's PID namespace, read once.
  public static let currentPIDNamespace: String? = {
    var buffer = [CChar](repeating: 0, count: 64)
    let count = readlink("/proc/self/ns/pid", &buffer, buffer.count - 1)
    guard count > 0 else { return nil }
    return String(
      decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }()
}
