import XpertCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where Slurm submissions are kept: `.xpert/slurm/` in the deepest directory that holds every
/// job directory of the sweep. Each submission has a directory of its own:
///
/// - `array-N.toml`, `array-N.sh`: the plan and batch script of array N, written first;
/// - `submission.toml`: the Slurm job ids, written only once Slurm accepted every array;
/// - `logs/`: Slurm's output files (Xpert's messages);
/// - `cancel/`: one empty file `N-TASK` per task that `xpert cancel` cancelled;
/// - `settled`: present once Slurm has forgotten every job of the submission.
public struct SlurmLedger: Sendable {
  /// `.../.xpert/slurm`.
  public var directory: String

  /// The ledgers of the sweep whose job directories are `directories`, the primary one first
  /// (see `Locator`).
  public static func ledgers<Directories: Sequence<String>>(
    jobDirectories directories: Directories
  ) -> [SlurmLedger] {
    var locator = Locator()
    for path in directories { locator.add(path) }
    return locator.ledgers()
  }

  /// The ledger in `root/.xpert/slurm`.
  public init(root: String) {
    directory = (root == "/" ? "" : root) + "/.xpert/slurm"
  }

  /// Finds a sweep's ledgers while its jobs stream by: the primary one (in the deepest
  /// directory holding every job directory, where new submissions go) and any other ledger in
  /// a directory above a job, left by submissions made when the sweep's jobs lay elsewhere
  /// (a group added under another top directory moves the primary one up).
  public struct Locator: Sendable {
    private var root: String?
    private var ancestors = Set<String>()
    private var lastJob: String?

    /// None yet.
    public init() {}

    /// Adds a job directory.
    public mutating func add(_ jobDirectory: String) {
      SlurmLedger.include(jobDirectory, in: &root)
      // Jobs side by side (the usual case) share a parent: nothing new above them.
      if let last = lastJob, SlurmLedger.sameParent(last, jobDirectory) { return }
      lastJob = jobDirectory
      var parent = SlurmLedger.parent(jobDirectory)
      while ancestors.insert(parent).inserted && parent != "/" {
        parent = SlurmLedger.parent(parent)
      }
    }

    /// Where new submissions go.
    public var primary: SlurmLedger { SlurmLedger(root: root ?? "/") }

    /// Every ledger that exists above a job directory, the primary one first (also when it
    /// does not exist yet).
    public func ledgers() -> [SlurmLedger] {
      let primary = primary
      let others = ancestors.sorted().map(SlurmLedger.init(root:)).filter {
        $0.directory != primary.directory && FileSystem.isDirectory($0.directory)
      }
      return [primary] + others
    }
  }

  /// Widens `root` (the deepest directory holding every job directory so far) to hold
  /// `jobDirectory` too.
  public static func include(_ jobDirectory: String, in root: inout String?) {
    // The usual case, a job below the root found so far, needs no splitting of paths.
    if let current = root, isBelow(jobDirectory, current) { return }
    let parent = parent(jobDirectory)
    root = root.map { commonAncestor($0, parent) } ?? parent
  }

  /// Whether two (absolute, normalized) paths have the same parent directory.
  static func sameParent(_ first: String, _ second: String) -> Bool {
    bytes(first) { a in
      bytes(second) { b in
        guard let slashA = a.lastIndex(of: UInt8(ascii: "/")),
          let slashB = b.lastIndex(of: UInt8(ascii: "/")), slashA == slashB
        else { return false }
        return memcmp(a.baseAddress!, b.baseAddress!, slashA) == 0
      }
    }
  }

  /// Whether the (absolute, normalized) `path` lies strictly below the directory `ancestor`.
  static func isBelow(_ path: String, _ ancestor: String) -> Bool {
    bytes(path) { path in
      bytes(ancestor) { ancestor in
        guard ancestor.last != UInt8(ascii: "/") else {  // the root "/"
          return path.count > ancestor.count && path.first == UInt8(ascii: "/")
        }
        return path.count > ancestor.count + 1 && path[ancestor.count] == UInt8(ascii: "/")
          && memcmp(path.baseAddress!, ancestor.baseAddress!, ancestor.count) == 0
      }
    }
  }

  /// Calls `body` with the UTF-8 bytes of `text`, without copying them when it can.
  private static func bytes<Result>(
    _ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result
  ) -> Result {
    if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
    return Array(text.utf8).withUnsafeBufferPointer(body)
  }

  /// The directory of submission `id`.
  public func submissionDirectory(_ id: String) -> String { directory + "/" + id }
  /// Array `number`'s plan file.
  public func planPath(_ id: String, array number: Int) -> String {
    submissionDirectory(id) + "/array-\(number).toml"
  }
  /// Array `number`'s batch script.
  public func scriptPath(_ id: String, array number: Int) -> String {
    submissionDirectory(id) + "/array-\(number).sh"
  }
  /// Where Slurm writes the tasks' output.
  public func logDirectory(_ id: String) -> String { submissionDirectory(id) + "/logs" }

  /// A new submission id: the UTC time and this process's id.
  public static func newSubmissionID() -> String {
    var now = time(nil)
    var parts = tm()
    gmtime_r(&now, &parts)
    func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))-"
      + "\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))-\(getpid())"
  }

  /// Creates the submission's directories; returns the topmost directory it created, for
  /// `discard`.
  public func prepare(_ id: String) throws(SystemError) -> String {
    var topmost = submissionDirectory(id)
    while case let parent = Self.parent(topmost), parent != "/", !FileSystem.exists(parent) {
      topmost = parent
    }
    try FileSystem.makeDirectories(logDirectory(id))
    try FileSystem.makeDirectories(submissionDirectory(id) + "/cancel")
    return topmost
  }

  /// Takes the ledger's submission lock (waiting for another submitter to finish). Returns the
  /// descriptor and the topmost directory created for it, if any (`unlockSubmissions` removes
  /// them again when nothing was submitted).
  public func lockSubmissions() throws(SystemError) -> (descriptor: Int32, created: String?) {
    var created: String?
    var missing = directory
    while !FileSystem.exists(missing) {
      created = missing
      missing = Self.parent(missing)
    }
    try FileSystem.makeDirectories(directory)
    let path = directory + "/submit.lock"
    let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw SystemError("create", path: path) }
    while lockf(descriptor, F_LOCK, 0) != 0 {
      guard errno == EINTR else {
        let error = SystemError("lock", path: path)
        close(descriptor)
        throw error
      }
    }
    return (descriptor, created)
  }

  /// Releases the lock. Unless `keep`, the directories created for it go again (when they
  /// hold nothing else), so that a refused submission leaves nothing behind.
  public func unlockSubmissions(_ lock: (descriptor: Int32, created: String?), keep: Bool = false) {
    guard lock.descriptor >= 0 else { return }
    if !keep, let created = lock.created, FileSystem.names(in: directory) == ["submit.lock"] {
      unlink(directory + "/submit.lock")
      var current = directory
      while rmdir(current) == 0, current != created, current.hasPrefix(created) {
        current = Self.parent(current)
      }
    }
    close(lock.descriptor)
  }

  /// Records that Slurm accepted every array of `submission`.
  public func record(_ submission: SlurmSubmission) throws(SystemError) {
    try AtomicFile.write(
      submission.encoded(), to: submissionDirectory(submission.id) + "/submission.toml")
  }

  /// Removes a submission that Slurm did not accept (nothing of it is recorded as submitted),
  /// and the empty directories `prepare` created for it, up to `topmost`.
  public func discard(_ id: String, upTo topmost: String? = nil) {
    let path = submissionDirectory(id)
    for name in FileSystem.names(in: path + "/logs") { unlink(path + "/logs/" + name) }
    for name in FileSystem.names(in: path + "/cancel") { unlink(path + "/cancel/" + name) }
    rmdir(path + "/logs")
    rmdir(path + "/cancel")
    for name in FileSystem.names(in: path) { unlink(path + "/" + name) }
    var current = path
    while rmdir(current) == 0, let topmost, current != topmost, current.hasPrefix(topmost) {
      current = Self.parent(current)
    }
  }

  /// The submissions Slurm may still know about (not settled), oldest first, and a message for
  /// each submission directory that cannot be read.
  public func openSubmissions() -> (submissions: [SlurmSubmission], problems: [String]) {
    var submissions: [SlurmSubmission] = []
    var problems: [String] = []
    for name in FileSystem.names(in: directory).sorted() {
      let path = directory + "/" + name
      guard FileSystem.isDirectory(path), !FileSystem.exists(path + "/settled") else { continue }
      guard let bytes = try? FileSystem.readFile(path + "/submission.toml") else {
        problems.append(
          "the submission \(path) has no submission.toml: it was interrupted before Slurm "
            + "accepted all of it, or is being submitted now; if squeue still lists held jobs "
            + "of it, cancel them with scancel, then remove the directory")
        continue
      }
      guard let submission = SlurmSubmission.decode(bytes) else {
        problems.append(
          "cannot read \(path)/submission.toml (not a version \(SlurmSubmission.currentVersion) "
            + "submission file): its Slurm jobs are not tracked")
        continue
      }
      submissions.append(submission)
    }
    return (submissions, problems)
  }

  /// Marks a submission whose jobs Slurm has all forgotten, so it is not read again.
  public func settle(_ id: String) {
    try? FileSystem.touch(submissionDirectory(id) + "/settled")
  }

  /// The plan of array `number` of submission `id`.
  public func plan(_ id: String, array number: Int) throws -> SlurmPlan {
    try SlurmPlanCoding.decode(try FileSystem.readFile(planPath(id, array: number)))
  }

  /// Asks the task `task` of array `number` to record its stop as cancelled.
  public func requestCancel(_ id: String, array number: Int, task: Int) {
    try? FileSystem.touch(submissionDirectory(id) + "/cancel/\(number)-\(task)")
  }

  /// Whether `xpert cancel` cancelled that task (checked by the task with its plan's path).
  public static func cancelRequested(planPath: String, task: Int) -> Bool {
    guard let slash = planPath.lastIndex(of: "/") else { return false }
    let name = planPath[planPath.index(after: slash)...]
    guard name.hasPrefix("array-"), name.hasSuffix(".toml") else { return false }
    let number = name.dropFirst("array-".count).dropLast(".toml".count)
    return FileSystem.exists(planPath[..<slash] + "/cancel/\(number)-\(task)")
  }

  static func parent(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
    return String(path[..<slash])
  }

  /// The deepest directory containing both (absolute, normalized) paths.
  static func commonAncestor(_ first: String, _ second: String) -> String {
    if first == second { return first }
    let a = first.split(separator: "/")
    let b = second.split(separator: "/")
    var shared = 0
    while shared < min(a.count, b.count) && a[shared] == b[shared] { shared += 1 }
    return "/" + a[0..<shared].joined(separator: "/")
  }
}
