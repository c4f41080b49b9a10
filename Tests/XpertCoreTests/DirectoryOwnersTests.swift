import Testing

@testable import XpertCore

@Suite struct DirectoryOwnersTests {
  /// Claims `directories` in order with `hash`; the earlier job (by index) each one repeats.
  static func repeats(_ directories: [String], hash: @escaping (String) -> Int) throws -> [Int?] {
    var owners = DirectoryOwners(capacity: directories.count, hash: hash)
    return try directories.indices.map { index in
      try owners.claim(directories[index], by: (0, index, index + 1)) { directories[$0.offset] }?
        .offset
    }
  }

  @Test(
    arguments: [
      { (_: String) in 7 },  // every directory shares one hash
      { (text: String) in text.utf8.count },  // some share one
      { (text: String) in text.hashValue },
    ] as [@Sendable (String) -> Int])
  func aRepeatedDirectoryNamesItsFirstJobWhateverTheHashes(
    hash: @escaping @Sendable (String) -> Int
  )
    throws
  {
    let directories = ["/r/a", "/r/b", "/r/cc", "/r/a", "/r/b", "/r/dd", "/r/cc", "/r/e"]
    #expect(try Self.repeats(directories, hash: hash) == [nil, nil, nil, 0, 1, nil, 2, nil])
  }

  @Test func twoDirectoriesWithOneHashAreNotARepeat() throws {
    #expect(try Self.repeats(["/x", "/y"], hash: { _ in 1 }) == [nil, nil])
  }
}
