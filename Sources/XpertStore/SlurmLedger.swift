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

  /// The ledger of the sweep whose job directories are `directories`.
  public init<Directories: Sequence<String>>(jobDirectories directories: Directories) {
    var root: String?
    for path in directories { Self.include(path, in: &root) }
    self.init(root: root ?? "/")
  }

  /// The ledger in `root/.xpert/slurm`.
  public init(root: String) {
    directory = (root == "/" ? "" : root) + "/.xpert/slurm"
  }

  /// Widens `root` (the deepest directory holding every job directory so far) to hold
  /// `jobDirectory` too.
  public static func include(_ jobDirectory: String, in root: inout String?) {
    // The usual case, a job below the root found so far, needs no splitting of paths.
    if let current = root, isBelow(jobDirectory, current) { return }
    let parent = parent(jobDirectory)
    root = root.map { commonAncestor($0, parent) } ?? parent
  }

  /// Whether the (absolute, normalized) `path` lies strictly below the directory `ancestor`.
  static func isBelow(_ path: String, _ ancestor: String) -> Bool {
    let path = path.utf8
    let ancestor = ancestor.utf8
    guard ancestor.last != UInt8(ascii: "/") else {  // the root "/"
      return path.count > ancestor.count && path.starts(with: ancestor)
    }
    guard path.count > ancestor.count + 1, path.starts(with: ancestor) else { return false }
    return path[path.index(path.startIndex, offsetBy: ancestor.count)] == UInt8(ascii: "/")
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

  /// Creates the submission's directories.
  public func prepare(_ id: String) throws(SystemError) {
    try FileSystem.makeDirectories(logDirectory(id))
    try FileSystem.makeDirectories(submissionDirectory(id) + "/cancel")
  }

  /// Records that Slurm accepted every array of `submission`.
  public func record(_ submission: SlurmSubmission) throws(SystemError) {
    try AtomicFile.write(
      submission.encoded(), to: submissionDirectory(submission.id) + "/submission.toml")
  }

  /// Removes a submission that Slurm did not accept (nothing of it is recorded as submitted).
  public func discard(_ id: String) {
    let path = submissionDirectory(id)
    for name in FileSystem.names(in: path + "/logs") { unlink(path + "/logs/" + name) }
    for name in FileSystem.names(in: path + "/cancel") { unlink(path + "/cancel/" + name) }
    rmdir(path + "/logs")
    rmdir(path + "/cancel")
    for name in FileSystem.names(in: path) { unlink(path + "/" + name) }
    rmdir(path)
  }

  /// The submissions Slurm may still know about (not settled), oldest first.
  public func openSubmissions() -> [SlurmSubmission] {
    FileSystem.names(in: directory).sorted().compactMap { name in
      let path = directory + "/" + name
      guard !FileSystem.exists(path + "/settled"),
        let bytes = try? FileSystem.readFile(path + "/submission.toml")
      else { return nil }
      return SlurmSubmission.decode(bytes)
    }
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

  private static func parent(_ path: String) -> String {
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
