/// A cursor over one encoded protocol buffer message that reads the wire format field by field:
/// tags, varints, 32- and 64-bit values, length-delimited slices, and skips what it does not
/// know. Every read checks its bounds: malformed input throws ``Malformed``, never traps.
struct ProtobufReader: Sendable {
  /// How a field's value is encoded on the wire.
  enum WireType: UInt8, Sendable {
    /// A base-128 varint (int32, int64, uint64, bool, enum).
    case varint = 0
    /// Eight little-endian bytes (fixed64, double).
    case fixed64 = 1
    /// A varint length, then that many bytes (string, bytes, message, packed repeated).
    case lengthDelimited = 2
    /// The start of a group (deprecated; not read).
    case startGroup = 3
    /// The end of a group (deprecated; not read).
    case endGroup = 4
    /// Four little-endian bytes (fixed32, float).
    case fixed32 = 5
  }

  /// Why a message could not be read, and where in it.
  struct Malformed: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong (`a varint runs past the end`).
    var reason: String
    /// The offset in the message where the bad read started.
    var offset: Int

    /// The reason and its offset.
    var description: String { "\(reason) at byte \(offset) of the message" }
  }

  /// The message.
  private let bytes: ArraySlice<UInt8>
  /// The index in `bytes` of the next byte to read.
  private var index: Int

  /// A reader at the start of `bytes`.
  init(_ bytes: ArraySlice<UInt8>) {
    self.bytes = bytes
    self.index = bytes.startIndex
  }

  /// A reader at the start of `bytes`.
  init(_ bytes: [UInt8]) {
    self.init(bytes[...])
  }

  /// Whether every byte has been read.
  var isAtEnd: Bool { index >= bytes.endIndex }

  /// The offset of the next read from the start of the message.
  private var offset: Int { index - bytes.startIndex }

  /// The next field's number and wire type, or `nil` at the end of the message.
  mutating func nextTag() throws(Malformed) -> (field: UInt64, wireType: WireType)? {
    guard !isAtEnd else { return nil }
    let start = offset
    let key = try readVarint()
    let field = key >> 3
    guard field != 0, field <= 0x1FFF_FFFF else {
      throw Malformed(reason: "field number \(field) is out of range", offset: start)
    }
    guard let wireType = WireType(rawValue: UInt8(key & 7)) else {
      throw Malformed(reason: "wire type \(key & 7) is unknown", offset: start)
    }
    return (field, wireType)
  }

  /// A varint of at most ten bytes (bits past the 64th are dropped).
  mutating func readVarint() throws(Malformed) -> UInt64 {
    let start = offset
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while shift < 70 {
      guard index < bytes.endIndex else {
        throw Malformed(reason: "a varint runs past the end", offset: start)
      }
      let byte = bytes[index]
      index += 1
      value |= UInt64(byte & 0x7F) << shift
      if byte & 0x80 == 0 { return value }
      shift += 7
    }
    throw Malformed(reason: "a varint is longer than ten bytes", offset: start)
  }

  /// Four little-endian bytes.
  mutating func readFixed32() throws(Malformed) -> UInt32 {
    var value: UInt32 = 0
    for (position, byte) in try take(4, what: "a 32-bit value").enumerated() {
      value |= UInt32(byte) << (8 * position)
    }
    return value
  }

  /// Eight little-endian bytes.
  mutating func readFixed64() throws(Malformed) -> UInt64 {
    var value: UInt64 = 0
    for (position, byte) in try take(8, what: "a 64-bit value").enumerated() {
      value |= UInt64(byte) << (8 * position)
    }
    return value
  }

  /// A varint length and that many bytes (a string, a nested message, a packed array).
  mutating func readLengthDelimited() throws(Malformed) -> ArraySlice<UInt8> {
    let start = offset
    let length = try readVarint()
    guard length <= UInt64(bytes.endIndex - index) else {
      throw Malformed(reason: "a length of \(length) bytes runs past the end", offset: start)
    }
    return try take(Int(length), what: "a length-delimited value")
  }

  /// Skips a value of `wireType` (that of a field the caller does not read).
  mutating func skip(_ wireType: WireType) throws(Malformed) {
    switch wireType {
    case .varint: _ = try readVarint()
    case .fixed64: _ = try take(8, what: "a 64-bit value")
    case .lengthDelimited: _ = try readLengthDelimited()
    case .fixed32: _ = try take(4, what: "a 32-bit value")
    case .startGroup, .endGroup:
      throw Malformed(reason: "groups are not supported", offset: offset)
    }
  }

  /// The next `count` bytes.
  private mutating func take(_ count: Int, what: String) throws(Malformed) -> ArraySlice<UInt8> {
    guard count <= bytes.endIndex - index else {
      throw Malformed(reason: "\(what) runs past the end", offset: offset)
    }
    defer { index += count }
    return bytes[index..<index + count]
  }
}
