import XpertCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The few file operations Xpert needs, as direct system calls (no per-job Foundation cost).
public enum FileSystem {
  /// The last `count` bytes (or fewer) of the regular file at `path`, or `nil` if it cannot be
  /// read.
  public static func readTail(_ path: String, count: Int) -> [UInt8]? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
    let start = max(0, Int(info.st_size) - count)
    var bytes = [UInt8](repeating: 0, count: Int(info.st_size) - start)
    var filled = 0
    while filled < bytes.count {
      let read = bytes.withUnsafeMutableBytes {
        pread(descriptor, $0.baseAddress! + filled, $0.count - filled, off_t(start + filled))
      }
      if read < 0 && errno == EINTR { continue }
      guard read > 0 else { break }
      filled += read
    }
    return Array(bytes[..<filled])
  }

  /// The whole file at `path`; a file longer than `limit` bytes (or an endless one, such as
  /// `/dev/zero`) is an error (`EFBIG`) once that much has been read.
  public static func readFile(_ path: String, limit: Int = Int.max) throws(SystemError) -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw SystemError("read", path: path) }
    defer { close(descriptor) }
    var info = stat()
    let expected = fstat(descriptor, &info) == 0 ? Int(info.st_size) : 0
    // One read for the usual small file; a file that grows meanwhile is read to its end.
    // Room for one byte past the limit, to know that the file goes on.
    let room = limit == Int.max ? Int.max : limit + 1
    var bytes = [UInt8](repeating: 0, count: min(max(expected + 1, 256), room))
    var filled = 0
    while true {
      if filled > limit { throw SystemError("read", path: path, code: EFBIG) }
      if filled == bytes.count {
        bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, room - filled)))
      }
      let count = bytes.withUnsafeMutableBytes {
        read(descriptor, $0.baseAddress! + filled, $0.count - filled)
      }
      if count < 0 {
        if errno == EINTR { continue }
        throw SystemError("read", path: path)
      }
      if count == 0 { break }
      filled += count
      // A short read of a regular file is its end: no extra call to see 0. Not for files that
      // say they are empty: /proc's files do, and give their text in short reads.
      if filled < bytes.count && (info.st_mode & S_IFMT) == S_IFREG && expected > 0 { break }
    }
    bytes.removeSubrange(filled...)
    return bytes
  }

  /// This user's private folder under /tmp (`/tmp/xpert-<uid>`), where cancel requests and GPU
  /// leases live.
  public static var userTemporaryFolder: String { "/tmp/xpert-\(geteuid())" }

  /// Whether `path` is a directory of this user that nobody else may write (not a symlink):
  /// nobody else can have put files in it.
  public static func isPrivateFolder(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
      && info.st_uid == geteuid() && info.st_mode & 0o022 == 0
  }

  /// Creates each of `paths` in order (mode 0700) where missing, and refuses one that another
  /// user owns or others may write (someone else's trap in /tmp).
  public static func makePrivateFolders(_ paths: [String]) throws(SystemError) {
    for path in paths {
      if mkdir(path, 0o700) != 0 && errno != EEXIST {
        throw SystemError("create the folder", path: path)
      }
      guard isPrivateFolder(path) else {
        throw SystemError(
          "use the folder (not a private folder of this user)", path: path, code: EPERM)
      }
    }
  }

  /// Writes `text` to a new file at `path` (truncated if there), in one `write`: the private
  /// draft of a lock or lease, which is then linked into place.
  public static func writeDraft(_ text: String, to path: String, mode: mode_t = 0o644)
    throws(SystemError)
  {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
    guard descriptor >= 0 else { throw SystemError("create", path: path) }
    let written = text.withCString { write(descriptor, $0, strlen($0)) }
    close(descriptor)
    guard written == text.utf8.count else {
      unlink(path)
      throw SystemError("write", path: path)
    }
  }

  /// The time now, in seconds since 1970.
  public static func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
  }

  /// When the file at `path` was last modified, in nanoseconds since 1970 (what a cache
  /// compares exactly).
  public static func modified(_ path: String) -> Int64? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return nanoseconds(info.st_mtim)
  }

  /// A `timespec` in nanoseconds.
  static func nanoseconds(_ time: timespec) -> Int64 {
    Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
  }

  /// Whether something exists at `path`.
  public static func exists(_ path: String) -> Bool {
    access(path, F_OK) == 0
  }

  /// Creates `path` and its missing parents, like `mkdir -p`.
  public static func makeDirectories(_ path: String) throws(SystemError) {
    if mkdir(path, 0o777) == 0 || errno == EEXIST && isDirectory(path) { return }
    guard errno == ENOENT else { throw SystemError("create the directory", path: path) }
    let parent = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
    if !parent.isEmpty { try makeDirectories(parent) }
    guard mkdir(path, 0o777) == 0 || errno == EEXIST && isDirectory(path) else {
      throw SystemError("create the directory", path: path)
    }
  }

  /// Whether `path` is a directory.
  public static func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  /// Creates an empty file, replacing nothing: fails if it exists (`exclusive`) or truncates.
  public static func createFile(
    _ path: String, exclusive: Bool = false
  ) throws(SystemError) -> Int32 {
    let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC)
    let descriptor = open(path, flags, 0o644)
    guard descriptor >= 0 else { throw SystemError("create", path: path) }
    return descriptor
  }

  /// Removes the file at `path`; a missing file is not an error.
  public static func removeFile(_ path: String) throws(SystemError) {
    guard unlink(path) == 0 || errno == ENOENT else { throw SystemError("remove", path: path) }
  }

  /// The current directory.
  public static func currentDirectory() -> String {
    guard let pointer = getcwd(nil, 0) else { return "/" }
    defer { free(pointer) }
    return String(cString: pointer)
  }
}

extension FileSystem {
  /// The paths matching a shell glob pattern (with `~` expanded), made absolute against
  /// `base` and sorted. No match gives an empty list.
  public static func glob(_ pattern: String, base: String) -> [String] {
    var result = glob_t()
    defer { globfree(&result) }
    #if canImport(Glibc)
      let flags = GLOB_TILDE
    #else
      let flags: Int32 = 0
    #endif
    guard Glibc.glob(pattern, flags, nil, &result) == 0 else { return [] }
    var paths: [String] = []
    for index in 0..<Int(result.gl_pathc) {
      if let path = result.gl_pathv[index] {
        paths.append(PathNormalization.absolute(String(cString: path), base: base))
      }
    }
    return paths.sorted()
  }
}

extension FileSystem {
  /// What kind of entry a directory listing names.
  public enum EntryKind: Sendable {
    /// A folder.
    case directory
    /// A regular file.
    case file
    /// Anything else (a link, a device, a socket; or unknown to the file system).
    case other
  }

  /// The entries of directory `path` (without `.` and `..`) with their kind as the listing
  /// says (no `stat`); none if it cannot be read.
  public static func entries(in path: String) -> [(name: String, kind: EntryKind)] {
    guard let directory = opendir(path) else { return [] }
    defer { closedir(directory) }
    var entries: [(name: String, kind: EntryKind)] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      guard name != "." && name != ".." else { continue }
      let kind: EntryKind =
        switch Int32(entry.pointee.d_type) {
        case Int32(DT_DIR): .directory
        case Int32(DT_REG): .file
        default: .other
        }
      entries.append((name, kind))
    }
    return entries
  }

  /// The names in directory `path` (without `.` and `..`); none if it cannot be read.
  public static func names(in path: String) -> [String] {
    entries(in: path).map(\.name)
  }

  /// Creates an empty file at `path` if there is none.
  public static func touch(_ path: String) throws(SystemError) {
    close(try createFile(path))
  }
}
