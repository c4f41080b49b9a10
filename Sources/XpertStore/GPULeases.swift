#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Per-host GPU leases: a job holds one lease file per device it uses, in a folder that every
/// xpert of this user on this host sees (`/tmp/xpert-<uid>/gpu-leases`), whatever the sweep.
/// A lease names its runner, the job's directory and the job's cap (how many jobs it accepts
/// on the device, itself included). A new lease is taken under the device's guard (`flock` on
/// `gpu-<device>.lock`, released by the kernel if the runner dies) only while the live leases
/// are fewer than its own cap and every cap already there: the strictest job on a device
/// decides, whichever runner started it. A lease is free again when its runner is gone and the
/// job's record shows no attempt whose keeper still lives (a killed runner's job still holds
/// its GPU). docs/gpus.md.
public struct GPULeases: Sendable {
  /// The folder of lease files.
  public let folder: String
  /// The runner that takes leases (its locks' owner).
  public let owner: LockOwner
  /// How long a waiting ticket counts after its last refresh, in seconds (waiting runners
  /// refresh theirs four times a second).
  public static let ticketLifetime: Double = 2

  /// Leases in `folder` (by default this user's folder under /tmp), taken by `owner`.
  public init(owner: LockOwner, folder: String = FileSystem.userTemporaryFolder + "/gpu-leases") {
    self.owner = owner
    self.folder = folder
  }

  /// Leases held for one job.
  public struct Held: Sendable, Hashable {
    /// The lease files' paths.
    public var paths: [String]
    /// Whether other jobs held leases on one of its devices when it took them.
    public var shared = false

    /// Held leases.
    public init(paths: [String], shared: Bool = false) {
      self.paths = paths
      self.shared = shared
    }
  }

  /// Takes a lease on every device of `devices` (each with the job's cap on it), for `job`;
  /// `nil` when one of them is full (then none is held). Leases of runners and jobs that are
  /// gone are reclaimed on the way.
  public func acquire(_ devices: [(device: String, cap: Int)], for job: String)
    throws(SystemError) -> Held?
  {
    var held = Held(paths: [])
    var tickets: [String] = []
    do {
      for (device, cap) in devices {
        guard let (path, others, ticket) = try acquire(device, cap: cap, job: job) else {
          release(held)
          return nil
        }
        held.paths.append(path)
        held.shared = held.shared || others > 0
        if let ticket { tickets.append(ticket) }
      }
      // Every device is the job's: its runner no longer queues for them (until it waits again).
      for ticket in tickets { unlink(ticket) }
    } catch {
      release(held)
      throw error
    }
    return held
  }

  /// Withdraws this runner's waiting tickets (it waits no more: its run ends).
  public func withdraw() {
    let mine = ".wait" + ticketSuffix
    for name in FileSystem.names(in: folder) where name.hasSuffix(mine) {
      unlink(folder + "/" + name)
    }
  }

  /// Gives the leases back. (A live runner's leases are never taken from it: only leases whose
  /// runner and job are gone are reclaimed.)
  public func release(_ held: Held) {
    for path in held.paths { unlink(path) }
  }

  /// Makes the folder (mode 0700, and its parent when that is this user's
  /// `/tmp/xpert-<uid>`), once per run, before the first lease.
  public func prepare() throws(SystemError) {
    let parent = String(folder[..<(folder.lastIndex(of: "/") ?? folder.endIndex)])
    try FileSystem.makePrivateFolders(
      parent == FileSystem.userTemporaryFolder ? [parent, folder] : [folder])
  }

  /// Who else holds or waits for `device` now: one line per live lease of another runner
  /// (`runner 123 for <job>`), then per other runner waiting (`runner 77 waiting`). Read without
  /// the guard, for messages: a lease being written is left out.
  public func holders(of device: String) -> [String] {
    let found = files(of: device)
    return found.leases.compactMap { lease in
      guard lease.alive, !isMine(lease.holder) else { return nil }
      return "runner \(lease.holder.pid)" + (lease.job.map { " for " + $0 } ?? "")
    }
      + found.tickets.filter { $0.counts && !isMine($0.holder) }.map {
        "runner \($0.holder.pid) waiting"
      }
  }

  /// How many live leases `device` has, this runner's included.
  public func leaseCount(of device: String) -> Int {
    files(of: device).leases.count { $0.alive }
  }

  /// A waiting runner's ticket as found.
  private struct Ticket {
    var path: String
    var holder: LockOwner
    /// When the runner began to wait.
    var since: Double
    /// Whether it was refreshed lately and its runner lives.
    var counts: Bool
  }

  /// One lease file as found.
  private struct Lease {
    var path: String
    var slot: Int
    var holder: LockOwner
    var job: String?
    var cap: Int
    var alive: Bool
  }

  /// A lease on `device`: its path, how many other live leases the device has, and this
  /// runner's waiting ticket for it, if it had one.
  private func acquire(_ device: String, cap: Int, job: String) throws(SystemError)
    -> (path: String, others: Int, ticket: String?)?
  {
    let base = folder + "/" + Self.fileName(device)
    let guardPath = base + ".lock"
    let guardFD = open(guardPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    guard guardFD >= 0 else { throw SystemError("open the GPU lease guard", path: guardPath) }
    defer { close(guardFD) }
    while flock(guardFD, LOCK_EX) != 0 {
      guard errno == EINTR else { throw SystemError("lock the GPU lease guard", path: guardPath) }
    }
    let found = files(of: device)
    var live: [Lease] = []
    for lease in found.leases {
      if lease.alive { live.append(lease) } else { unlink(lease.path) }  // runner and job gone
    }
    let ticket = base + ".wait" + ticketSuffix
    let since = found.tickets.first { $0.path == ticket }?.since
    for other in found.tickets where !other.counts && other.path != ticket { unlink(other.path) }
    let ahead = found.tickets.contains { other in
      other.counts && other.path != ticket && since.map { other.since < $0 } ?? true
    }
    guard live.count < cap, live.allSatisfy({ live.count < $0.cap }), !ahead else {
      // Waits: its ticket keeps its place in the queue for the device.
      try? FileSystem.writeDraft(
        owner.text + "since=\(since ?? FileSystem.now())\n", to: ticket, mode: 0o600)
      return nil
    }
    // Written in place (O_EXCL) under the guard: every runner that judges leases holds the
    // guard, so none sees it half-written; one a crash left half-written is judged dead.
    let text = owner.text + "job=\(job)\ncap=\(cap)\n"
    let taken = Set(live.map(\.slot))
    var slot = 0
    while true {
      if !taken.contains(slot) {
        let path = base + ".\(slot)"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
          let written = text.withCString { write(descriptor, $0, strlen($0)) }
          close(descriptor)
          guard written == text.utf8.count else {
            unlink(path)
            throw SystemError("write the GPU lease", path: path)
          }
          return (path, live.count, since == nil ? nil : ticket)
        }
        guard errno == EEXIST else { throw SystemError("take the GPU lease", path: path) }
      }
      slot += 1
    }
  }

  /// The lease files (`gpu-<device>.<n>`) and waiting tickets (`gpu-<device>.wait-…`) of
  /// `device`, read.
  private func files(of device: String) -> (leases: [Lease], tickets: [Ticket]) {
    let prefix = Self.fileName(device) + "."
    var leases: [Lease] = []
    var tickets: [Ticket] = []
    let now = FileSystem.now()
    for name in FileSystem.names(in: folder) where name.hasPrefix(prefix) {
      let rest = name.dropFirst(prefix.count)
      let path = folder + "/" + name
      if rest.hasPrefix("wait-") {
        guard let text = AtomicFile.read(path), let holder = LockOwner(text: text),
          let since = LockOwner.field("since", in: text).flatMap(Double.init)
        else { continue }
        let fresh =
          FileSystem.modified(path).map { now - Double($0) / 1e9 < Self.ticketLifetime } ?? false
        tickets.append(
          Ticket(
            path: path, holder: holder, since: since,
            counts: fresh && (!holder.sharesPIDs(with: owner) || holder.isAlive)))
        continue
      }
      guard let slot = Int(rest) else { continue }
      guard let text = AtomicFile.read(path) else { continue }  // released meanwhile
      guard let holder = LockOwner(text: text) else {
        leases.append(Lease(path: path, slot: slot, holder: owner, cap: 1, alive: false))
        continue
      }
      let job = LockOwner.field("job", in: text)
      // A lease of an xpert before caps limits nothing but its own slot.
      let cap = LockOwner.field("cap", in: text).flatMap { Int($0) } ?? Int.max
      leases.append(
        Lease(
          path: path, slot: slot, holder: holder, job: job, cap: cap,
          alive: isAlive(holder, job: job)))
    }
    return (leases, tickets)
  }

  private var ticketSuffix: String { "-\(owner.pid)-\(owner.start ?? 0)" }

  private func isMine(_ holder: LockOwner) -> Bool {
    holder.pid == owner.pid && holder.start == owner.start && holder.host == owner.host
  }

  /// Whether a lease's runner, or the keeper of its job's running attempt (a killed runner
  /// leaves its job running), is alive. A lease of another machine or PID namespace (a shared
  /// /tmp) cannot be judged and counts as alive.
  private func isAlive(_ holder: LockOwner, job: String?) -> Bool {
    guard holder.sharesPIDs(with: owner) else { return true }
    if holder.isAlive { return true }
    guard let job, case .valid(let record) = JobObserver.readRecord(in: JobDirectory(path: job))
    else { return false }
    return JobObserver.keeperIsAlive(in: record, host: holder.host)
  }

  /// A device id as a file name: anything but letters, digits, `-` and `_` becomes `_`.
  static func fileName(_ device: String) -> String {
    "gpu-"
      + String(
        device.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
  }
}
