/// Reads TensorBoard event files (`events.out.tfevents.*`) as they grow, and yields their
/// scalars: the `simple_value`s that PyTorch's `SummaryWriter` and tensorboardX write, and the
/// one-element tensors that TF2's `tf.summary.scalar` writes. Images, histograms and other
/// summaries are passed over.
///
/// A file is a sequence of TFRecords: a little-endian `UInt64` length, the masked CRC-32C of
/// those 8 bytes, the data (an encoded `Event`), and the masked CRC-32C of the data. Bytes may
/// be fed in chunks of any size; only the record not yet complete is kept. A record whose data
/// does not match its checksum is skipped; a length that does not match its own checksum, or
/// that is over ``maximumRecordLength``, ends the reading of the file (what follows cannot be
/// framed). Each is one line in ``problems``. A record cut short (a file still being written)
/// is not a problem: it waits for more bytes (``hasPartialRecord``).
public struct TensorBoardDecoder: Sendable {
  /// The longest record read (64 MiB): longer, the length is taken as garbage.
  public static let maximumRecordLength = 64 << 20

  /// The bytes of the record not yet complete.
  private var pending: [UInt8] = []
  /// The offset in the file of `pending`'s first byte.
  private var pendingOffset = 0
  /// Whether a record could not be framed, so that the rest of the file is not read.
  private var stopped = false

  /// What could not be read, one line each, with the byte offset of the record concerned
  /// (`record at byte 1234: its data does not match its checksum; skipped`).
  public private(set) var problems: [String] = []

  /// Whether bytes of a record not yet complete are waiting for the rest.
  public var hasPartialRecord: Bool { !stopped && !pending.isEmpty }

  /// A decoder at the start of a file.
  public init() {}

  /// Reads the file's next bytes, and returns the scalars of the records they complete, in the
  /// file's order.
  public mutating func feed(_ chunk: some Collection<UInt8>) -> [MetricPoint] {
    guard !stopped else { return [] }
    pending.append(contentsOf: chunk)
    var points: [MetricPoint] = []
    var start = 0
    while pending.count - start >= 12 {
      let offset = pendingOffset + start
      let length = Self.littleEndian(pending[start..<start + 8])
      let lengthChecksum = Self.littleEndian(pending[start + 8..<start + 12])
      guard UInt64(CRC32C.masked(CRC32C.checksum(pending[start..<start + 8]))) == lengthChecksum
      else {
        stop("record at byte \(offset): its length does not match its checksum")
        return points
      }
      guard length <= UInt64(Self.maximumRecordLength) else {
        stop("record at byte \(offset): its length, \(length) bytes, is over the 64 MiB limit")
        return points
      }
      let end = start + 12 + Int(length) + 4
      guard pending.count >= end else { break }
      let data = pending[start + 12..<end - 4]
      let dataChecksum = Self.littleEndian(pending[end - 4..<end])
      if UInt64(CRC32C.masked(CRC32C.checksum(data))) != dataChecksum {
        problems.append("record at byte \(offset): its data does not match its checksum; skipped")
      } else {
        do throws(ProtobufReader.Malformed) {
          points += try Self.scalars(event: data)
        } catch {
          problems.append("record at byte \(offset): not a readable event (\(error)); skipped")
        }
      }
      start = end
    }
    pending.removeFirst(start)
    pendingOffset += start
    return points
  }

  /// Notes `problem`, and reads no more of the file.
  private mutating func stop(_ problem: String) {
    problems.append(problem + "; the rest of the file is not read")
    stopped = true
    pending = []
  }

  /// The unsigned little-endian number in `bytes` (at most 8 of them).
  private static func littleEndian(_ bytes: ArraySlice<UInt8>) -> UInt64 {
    var value: UInt64 = 0
    for (position, byte) in bytes.enumerated() {
      value |= UInt64(byte) << (8 * position)
    }
    return value
  }

  /// The scalars of an encoded `Event` (tensorflow/core/util/event.proto), all at its step.
  static func scalars(
    event: ArraySlice<UInt8>
  ) throws(ProtobufReader.Malformed) -> [MetricPoint] {
    var reader = ProtobufReader(event)
    var step: Int64 = 0
    var named: [(name: String, value: Double)] = []
    while let (field, wireType) = try reader.nextTag() {
      switch (field, wireType) {
      case (2, .varint): step = Int64(bitPattern: try reader.readVarint())
      case (5, .lengthDelimited): named += try scalars(summary: reader.readLengthDelimited())
      default: try reader.skip(wireType)
      }
    }
    return named.map { MetricPoint(name: $0.name, value: $0.value, step: Double(step)) }
  }

  /// The scalars of an encoded `Summary`: its `value`s that hold one number.
  private static func scalars(
    summary: ArraySlice<UInt8>
  ) throws(ProtobufReader.Malformed) -> [(name: String, value: Double)] {
    var reader = ProtobufReader(summary)
    var named: [(name: String, value: Double)] = []
    while let (field, wireType) = try reader.nextTag() {
      if field == 1, wireType == .lengthDelimited {
        if let scalar = try scalar(value: reader.readLengthDelimited()) { named.append(scalar) }
      } else {
        try reader.skip(wireType)
      }
    }
    return named
  }

  /// The tag and number of an encoded `Summary.Value`, or `nil` when it holds no number (an
  /// image, a histogram, a tensor of several elements) or has no name.
  private static func scalar(
    value: ArraySlice<UInt8>
  ) throws(ProtobufReader.Malformed) -> (name: String, value: Double)? {
    var reader = ProtobufReader(value)
    var tag = ""
    var nodeName = ""
    var number: Double?
    while let (field, wireType) = try reader.nextTag() {
      switch (field, wireType) {
      case (1, .lengthDelimited):
        tag = String(decoding: try reader.readLengthDelimited(), as: UTF8.self)
      case (7, .lengthDelimited):
        nodeName = String(decoding: try reader.readLengthDelimited(), as: UTF8.self)
      case (2, .fixed32): number = Double(Float(bitPattern: try reader.readFixed32()))
      case (8, .lengthDelimited):
        number = try TensorProtoScalar.value(of: reader.readLengthDelimited())
      // `value` is a oneof: another of its members (an image, a histogram) replaces the number.
      case (3, _), (4, _), (5, _), (6, _):
        number = nil
        try reader.skip(wireType)
      default: try reader.skip(wireType)
      }
    }
    let name = tag.isEmpty ? nodeName : tag
    guard let number, !name.isEmpty else { return nil }
    return (name, number)
  }
}
