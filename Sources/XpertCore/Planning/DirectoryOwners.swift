/// The first job of each directory in a plan, to reject two jobs that share one. Directories are
/// kept by their hash only, so a plan of millions of jobs does not hold all its paths: when a
/// hash comes again, the job that had it is made again and the two directories are compared.
/// Directories that merely share a hash are kept by name.
struct DirectoryOwners {
  /// A job, by its group's index, its row in the group and its number in the plan.
  typealias Owner = (group: Int, offset: Int, number: Int)

  private var byHash: [Int: Owner] = [:]
  private var sharingAHash: [[UInt8]: Owner] = [:]
  private let hash: (String) -> Int

  /// Room for `capacity` jobs; `hash` is the directory's hash (replaceable for tests). Paths
  /// are compared as bytes, as the file system does: `é` and `e` + a combining accent are two
  /// directories, although Swift's `==` calls the strings equal.
  init(capacity: Int, hash: @escaping (String) -> Int = DirectoryOwners.byteHash) {
    byHash.reserveCapacity(capacity)
    self.hash = hash
  }

  /// Records that `owner` has `directory`. Returns the earlier job with the same directory, if
  /// there is one; `directoryOf` gives an earlier job's directory (made again).
  mutating func claim(
    _ directory: String, by owner: Owner, directoryOf: (Owner) throws(ConfigError) -> String
  ) throws(ConfigError) -> Owner? {
    let key = hash(directory)
    guard let first = byHash.updateValue(owner, forKey: key) else { return nil }
    byHash[key] = first  // the first job keeps the hash
    if try directoryOf(first).utf8.elementsEqual(directory.utf8) { return first }
    return sharingAHash.updateValue(owner, forKey: Array(directory.utf8))
  }

  /// A hash of the path's bytes.
  static func byteHash(_ path: String) -> Int {
    var hasher = Hasher()
    var path = path
    path.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    return hasher.finalize()
  }
}
