/// A dictionary key that compares strings by their exact UTF-8 bytes.
///
/// TOML keys are sequences of Unicode code points: `"é"` (U+00E9) and `"e\u0301"` are two
/// different keys, while Swift's `String` equality treats canonically equivalent strings as
/// equal.
struct TOMLExactKey: Hashable {
  /// The key.
  let string: String

  static func == (lhs: TOMLExactKey, rhs: TOMLExactKey) -> Bool {
    TOMLExactKey.same(lhs.string, rhs.string)
  }

  func hash(into hasher: inout Hasher) {
    let hashed: Void? = string.utf8.withContiguousStorageIfAvailable {
      hasher.combine(bytes: UnsafeRawBufferPointer($0))
    }
    if hashed == nil {
      for byte in string.utf8 { hasher.combine(byte) }
    }
  }

  /// Whether two strings have the same UTF-8 bytes.
  @inline(__always)
  static func same(_ lhs: String, _ rhs: String) -> Bool {
    guard lhs.utf8.count == rhs.utf8.count else { return false }
    let fast = lhs.utf8.withContiguousStorageIfAvailable { left in
      rhs.utf8.withContiguousStorageIfAvailable { right in left.elementsEqual(right) }
    }
    return (fast ?? nil) ?? lhs.utf8.elementsEqual(rhs.utf8)
  }
}
