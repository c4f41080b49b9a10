import Testing
import XpertTestSupport

@testable import XpertCore

@Suite struct TensorBoardDecoderTests {
  /// A file that tensorboard_logger (TensorFlow's record writer) wrote, as quoted in its own
  /// tests (tests/test_tensorboard_logger.py, `test_serialization`): the `brain.Event:2` header,
  /// then `v/1 = 1.5` at step 1 and `v/22 = 16.0` at step 2, as `simple_value`s.
  static let realFile = bytes(
    "1800000000000000a37f4b220900000000000870401a0d627261696e2e4576656e743a32bc98212b"
      + "19000000000000008bf1082809000000000008704010012a0c0a0a0a03762f31150000c03f2cecc087"
      + "1a00000000000000129bd82d09000000000008704010022a0d0a0b0a04762f323215000080418fa3b688")

  /// A file of a header and three events with simple values and tensors.
  static let file: [UInt8] =
    TFRecord.header
    + TFRecord.event(step: 1, [TFRecord.simple("loss", 2.5), TFRecord.simple("acc", 0.25)])
    + TFRecord.event(step: 2, [TFRecord.simple("loss", 1.5)])
    + TFRecord.event(
      step: 3, [TFRecord.tensor("eval/loss", type: 1) { $0.bytes(4, le(Float(0.5))) }])

  static let filePoints = [
    MetricPoint(name: "loss", value: 2.5, step: 1), MetricPoint(name: "acc", value: 0.25, step: 1),
    MetricPoint(name: "loss", value: 1.5, step: 2),
    MetricPoint(name: "eval/loss", value: 0.5, step: 3),
  ]

  @Test func crc32cMatchesKnownValues() {
    #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
    #expect(CRC32C.checksum([UInt8]()) == 0)
    #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
    // Every event file starts with the length 24 and this masked checksum of it.
    #expect(CRC32C.masked(CRC32C.checksum(le(UInt64(24)))) == 0x224B_7FA3)
  }

  @Test func aFileThatTensorFlowsWriterWroteIsRead() {
    var decoder = TensorBoardDecoder()
    let points = decoder.feed(Self.realFile)
    #expect(
      points == [
        MetricPoint(name: "v/1", value: 1.5, step: 1),
        MetricPoint(name: "v/22", value: 16, step: 2),
      ])
    #expect(decoder.problems.isEmpty)
    #expect(!decoder.hasPartialRecord)
  }

  @Test func simpleValuesOfSeveralEventsAndStepsAreRead() {
    var decoder = TensorBoardDecoder()
    #expect(decoder.feed(Self.file) == Self.filePoints)
    #expect(decoder.problems.isEmpty)
    #expect(!decoder.hasPartialRecord)
    #expect(decoder.feed([UInt8]()) == [])
  }

  @Test func scalarTensorsOfEveryNumberTypeAreRead() {
    let values = [
      TFRecord.tensor("content", type: 1) { $0.bytes(4, le(Float(0.75))) },
      TFRecord.tensor("packed", type: 1) { $0.bytes(5, le(Float(-2)) + le(Float(9))) },
      TFRecord.tensor("unpacked", type: 1, dims: [1]) { $0.fixed32(5, Float(3).bitPattern) },
      TFRecord.tensor("double", type: 2) { $0.bytes(6, le(Double(0.1))) },
      TFRecord.tensor("double content", type: 2, dims: [1, 1]) { $0.bytes(4, le(Double(1e300))) },
      TFRecord.tensor("int32", type: 3) { $0.varint(7, UInt64(bitPattern: -7)) },
      TFRecord.tensor("int64", type: 9) { $0.varint(10, 1 << 40) },
      TFRecord.tensor("half", type: 19) { $0.varint(13, 0x3E00) },
      TFRecord.tensor("half content", type: 19) { $0.bytes(4, [0x00, 0xC0]) },
      TFRecord.tensor("bfloat16", type: 14) { $0.bytes(4, [0xC0, 0x3F]) },
      TFRecord.tensor("zero", type: 1) { $0.bytes(4, le(Float(0))) },
    ]
    var decoder = TensorBoardDecoder()
    let points = decoder.feed(TFRecord.header + TFRecord.event(step: 7, values))
    #expect(
      points.map(\.name) == [
        "content", "packed", "unpacked", "double", "double content", "int32", "int64", "half",
        "half content", "bfloat16", "zero",
      ])
    #expect(
      points.map(\.value) == [0.75, -2, 3, 0.1, 1e300, -7, 1_099_511_627_776, 1.5, -2, 1.5, 0])
    #expect(points.allSatisfy { $0.step == 7 })
    #expect(decoder.problems.isEmpty)
  }

  @Test func summariesThatAreNotScalarsArePassedOver() {
    var histogram = TFRecord.Message()
    histogram.string(1, "weights")
    histogram.bytes(5, [0x09] + le(Double(0)))
    var image = TFRecord.Message()
    image.string(1, "sample")
    image.bytes(4, [0x08, 0x20])
    let values = [
      TFRecord.tensor("vector", type: 1, dims: [3]) {
        $0.bytes(4, [UInt8](repeating: 0, count: 12))
      },
      TFRecord.tensor("empty", type: 1, dims: [0]) { _ in },
      TFRecord.tensor("no value", type: 1) { _ in },
      TFRecord.tensor("text", type: 7) { $0.bytes(8, Array("hello".utf8)) },
      TFRecord.tensor("unknown rank", type: 1, unknownRank: true) { $0.bytes(5, le(Float(1))) },
      histogram.bytes, image.bytes,
      TFRecord.simple("", 4),
      TFRecord.simple("kept", 4),
    ]
    var decoder = TensorBoardDecoder()
    #expect(
      decoder.feed(TFRecord.event(step: 1, values)) == [
        MetricPoint(name: "kept", value: 4, step: 1)
      ])
    #expect(decoder.problems.isEmpty)
  }

  @Test func olderWritersNameValuesByNodeName() {
    var value = TFRecord.Message()
    value.string(7, "old")
    value.fixed32(2, Float(8).bitPattern)
    var decoder = TensorBoardDecoder()
    #expect(
      decoder.feed(TFRecord.event(step: 0, [value.bytes])) == [
        MetricPoint(name: "old", value: 8, step: 0)
      ])
  }

  @Test func bytesFedOneByOneOrInAnyChunksGiveWhatTheWholeFileGives() {
    var decoder = TensorBoardDecoder()
    var points: [MetricPoint] = []
    for byte in Self.file {
      points += decoder.feed(CollectionOfOne(byte))
    }
    #expect(points == Self.filePoints)
    #expect(decoder.problems.isEmpty)
    var generator = SplitMix64(seed: 1)
    for _ in 0..<20 {
      var chunked = TensorBoardDecoder()
      var rest = Self.file[...]
      points = []
      while !rest.isEmpty {
        let size = generator.int(1...40)
        points += chunked.feed(rest.prefix(size))
        rest = rest.dropFirst(size)
      }
      #expect(points == Self.filePoints)
      #expect(!chunked.hasPartialRecord)
    }
  }

  @Test func aRecordCutShortWaitsForTheRestWithoutAProblem() {
    var decoder = TensorBoardDecoder()
    #expect(decoder.feed(Self.file.dropLast(5)) == Array(Self.filePoints.dropLast()))
    #expect(decoder.hasPartialRecord)
    #expect(decoder.problems.isEmpty)
    #expect(decoder.feed(Self.file.suffix(5)) == Array(Self.filePoints.suffix(1)))
    #expect(!decoder.hasPartialRecord)
    var short = TensorBoardDecoder()
    #expect(short.feed(Self.file.prefix(7)) == [])
    #expect(short.hasPartialRecord)
    #expect(short.problems.isEmpty)
  }

  @Test func aRecordWhoseDataDoesNotMatchItsChecksumIsSkipped() {
    let first = TFRecord.header
    let second = TFRecord.event(step: 1, [TFRecord.simple("loss", 2)])
    var corrupted = second
    corrupted[corrupted.count - 6] ^= 0x01
    let third = TFRecord.event(step: 2, [TFRecord.simple("loss", 1)])
    var decoder = TensorBoardDecoder()
    #expect(
      decoder.feed(first + corrupted + third) == [MetricPoint(name: "loss", value: 1, step: 2)])
    #expect(
      decoder.problems == [
        "record at byte \(first.count): its data does not match its checksum; skipped"
      ])
  }

  @Test func aLengthThatDoesNotMatchItsChecksumEndsTheFile() {
    var corrupted = TFRecord.event(step: 1, [TFRecord.simple("loss", 2)])
    corrupted[0] ^= 0x01
    var decoder = TensorBoardDecoder()
    #expect(decoder.feed(TFRecord.header + corrupted + Self.file) == [])
    #expect(
      decoder.problems == [
        "record at byte \(TFRecord.header.count): its length does not match its checksum;"
          + " the rest of the file is not read"
      ])
    #expect(!decoder.hasPartialRecord)
    #expect(decoder.feed(Self.file) == [])
    #expect(decoder.problems.count == 1)
  }

  @Test func aLengthOverTheLimitEndsTheFileWithoutAllocatingIt() {
    let length = le(UInt64(1) << 40)
    var decoder = TensorBoardDecoder()
    #expect(decoder.feed(length + le(CRC32C.masked(CRC32C.checksum(length)))) == [])
    #expect(decoder.problems.count == 1)
    #expect(
      decoder.problems.first?.hasPrefix("record at byte 0: its length, 1099511627776") == true)
    #expect(!decoder.hasPartialRecord)
  }

  @Test func garbageIsAProblemNotATrap() {
    var generator = SplitMix64(seed: 42)
    let garbage = (0..<4096).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    var decoder = TensorBoardDecoder()
    #expect(decoder.feed(garbage) == [])
    #expect(decoder.problems.count == 1)
    // Framed garbage passes the checksums and reaches the protobuf reader.
    for size in 0..<200 {
      let data = (0..<size).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
      var framed = TensorBoardDecoder()
      _ = framed.feed(TFRecord.record(data) + TFRecord.event(step: 1, [TFRecord.simple("x", 1)]))
      #expect(framed.problems.count <= 1)
      #expect(!framed.hasPartialRecord)
    }
    var unreadable = TensorBoardDecoder()
    let points = unreadable.feed(
      TFRecord.record([0x2A, 0x05, 0x0A]) + TFRecord.event(step: 1, [TFRecord.simple("x", 1)]))
    #expect(points == [MetricPoint(name: "x", value: 1, step: 1)])
    #expect(unreadable.problems.count == 1)
    #expect(
      unreadable.problems.first?.hasPrefix("record at byte 0: not a readable event (") == true)
  }

  @Test func theProtobufReaderChecksItsBounds() throws {
    var truncated = ProtobufReader([0x80, 0x80])
    #expect(throws: ProtobufReader.Malformed.self) { try truncated.readVarint() }
    var tooLong = ProtobufReader([UInt8](repeating: 0xFF, count: 11) + [0x01])
    #expect(throws: ProtobufReader.Malformed.self) { try tooLong.readVarint() }
    var pastTheEnd = ProtobufReader([0x0A, 0x05, 0x01])
    #expect(try pastTheEnd.nextTag()?.field == 1)
    #expect(throws: ProtobufReader.Malformed.self) { try pastTheEnd.readLengthDelimited() }
    var short = ProtobufReader([0x01, 0x02, 0x03][...])
    #expect(throws: ProtobufReader.Malformed.self) { try short.readFixed32() }
    var fieldZero = ProtobufReader([0x00])
    #expect(throws: ProtobufReader.Malformed.self) { try fieldZero.nextTag() }
    var fields = ProtobufReader([0x08, 0x96, 0x01, 0x15, 1, 2, 3, 4, 0x19] + le(UInt64(9)))
    #expect(try fields.nextTag()?.wireType == .varint)
    #expect(try fields.readVarint() == 150)
    #expect(try fields.nextTag()?.wireType == .fixed32)
    #expect(try fields.readFixed32() == 0x0403_0201)
    #expect(try fields.nextTag()?.field == 3)
    #expect(try fields.readFixed64() == 9)
    #expect(try fields.nextTag() == nil)
  }
}

/// The bytes of a hexadecimal string.
private func bytes(_ hex: String) -> [UInt8] {
  let digits = Array(hex.utf8)
  return stride(from: 0, to: digits.count, by: 2).map {
    UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)!
  }
}

/// The little-endian bytes of an integer.
private func le(_ value: some FixedWidthInteger) -> [UInt8] { TFRecord.littleEndian(value) }

/// The little-endian bytes of a float.
private func le(_ value: Float) -> [UInt8] { le(value.bitPattern) }

/// The little-endian bytes of a double.
private func le(_ value: Double) -> [UInt8] { le(value.bitPattern) }
