@testable import XpertCore

/// Builds TFRecords of events, as TensorBoard writers do, for the tests of
/// `TensorBoardDecoder`, so that they need no Python.
enum TFRecord {
  /// The first record of every file: an event with a wall time and `file_version`.
  static let header: [UInt8] = {
    var event = Message()
    event.fixed64(1, Double(1_700_000_000).bitPattern)
    event.string(3, "brain.Event:2")
    return record(event.bytes)
  }()

  /// `data` framed: length, masked length checksum, data, masked data checksum.
  static func record(_ data: [UInt8]) -> [UInt8] {
    let length = littleEndian(UInt64(data.count))
    return length + littleEndian(CRC32C.masked(CRC32C.checksum(length))) + data
      + littleEndian(CRC32C.masked(CRC32C.checksum(data)))
  }

  /// A record of an event at `step` whose summary has `values` (encoded `Summary.Value`s).
  static func event(step: Int64, _ values: [[UInt8]]) -> [UInt8] {
    var summary = Message()
    for value in values {
      summary.bytes(1, value)
    }
    var event = Message()
    event.fixed64(1, Double(1_700_000_000.5).bitPattern)
    event.varint(2, UInt64(bitPattern: step))
    event.bytes(5, summary.bytes)
    return record(event.bytes)
  }

  /// A `Summary.Value` with a `simple_value`.
  static func simple(_ tag: String, _ value: Float) -> [UInt8] {
    var writer = Message()
    writer.string(1, tag)
    writer.fixed32(2, value.bitPattern)
    return writer.bytes
  }

  /// A `Summary.Value` with a tensor of `type` and shape `dims`, its values written by `fill`.
  static func tensor(
    _ tag: String, type: UInt64, dims: [UInt64] = [], unknownRank: Bool = false,
    _ fill: (inout Message) -> Void
  ) -> [UInt8] {
    var shape = Message()
    for size in dims {
      var dimension = Message()
      dimension.varint(1, size)
      shape.bytes(2, dimension.bytes)
    }
    if unknownRank { shape.varint(3, 1) }
    var tensor = Message()
    tensor.varint(1, type)
    tensor.bytes(2, shape.bytes)
    fill(&tensor)
    var metadata = Message()
    metadata.bytes(1, [0x0A, 0x07] + Array("scalars".utf8))
    var value = Message()
    value.string(1, tag)
    value.bytes(9, metadata.bytes)
    value.bytes(8, tensor.bytes)
    return value.bytes
  }

  /// The little-endian bytes of an integer.
  static func littleEndian(_ value: some FixedWidthInteger) -> [UInt8] {
    (0..<type(of: value).bitWidth / 8).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
  }

  /// Writes the protobuf wire format, for the messages of the tests.
  struct Message {
    /// What has been written.
    var bytes: [UInt8] = []

    /// Writes a bare varint.
    mutating func varint(_ value: UInt64) {
      var rest = value
      while rest >= 0x80 {
        bytes.append(UInt8(rest & 0x7F) | 0x80)
        rest >>= 7
      }
      bytes.append(UInt8(rest))
    }

    /// Writes a varint field.
    mutating func varint(_ field: Int, _ value: UInt64) {
      varint(UInt64(field) << 3)
      varint(value)
    }

    /// Writes a 32-bit field.
    mutating func fixed32(_ field: Int, _ value: UInt32) {
      varint(UInt64(field) << 3 | 5)
      bytes += TFRecord.littleEndian(value)
    }

    /// Writes a 64-bit field.
    mutating func fixed64(_ field: Int, _ value: UInt64) {
      varint(UInt64(field) << 3 | 1)
      bytes += TFRecord.littleEndian(value)
    }

    /// Writes a length-delimited field.
    mutating func bytes(_ field: Int, _ value: [UInt8]) {
      varint(UInt64(field) << 3 | 2)
      varint(UInt64(value.count))
      bytes += value
    }

    /// Writes a string field.
    mutating func string(_ field: Int, _ value: String) { bytes(field, Array(value.utf8)) }
  }
}
