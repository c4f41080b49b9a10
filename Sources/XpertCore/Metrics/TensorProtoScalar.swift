/// The value of a TensorFlow `TensorProto` (tensorflow/core/framework/tensor.proto) that holds
/// one number, as TF2's `tf.summary.scalar` writes it: a float32 in `tensor_content` or in
/// `float_val`, or a double, an integer, a half or a bfloat16.
enum TensorProtoScalar {
  /// The element types that make a metric, by their `DataType` numbers.
  private enum DataType: UInt64 {
    /// `DT_FLOAT`: float32.
    case float = 1
    /// `DT_DOUBLE`: float64.
    case double = 2
    /// `DT_INT32`.
    case int32 = 3
    /// `DT_INT64`.
    case int64 = 9
    /// `DT_BFLOAT16`: the upper half of a float32.
    case bfloat16 = 14
    /// `DT_HALF`: IEEE 754 binary16.
    case half = 19

    /// The bytes of one element in `tensor_content`.
    var size: Int {
      switch self {
      case .float, .int32: 4
      case .double, .int64: 8
      case .bfloat16, .half: 2
      }
    }

    /// The number of the typed field that holds its elements when `tensor_content` is empty.
    var valueField: UInt64 {
      switch self {
      case .float: 5
      case .double: 6
      case .int32: 7
      case .int64: 10
      case .bfloat16, .half: 13
      }
    }
  }

  /// The typed `*_val` fields and how their elements are encoded, by field number:
  /// `float_val`, `double_val`, `int_val`, `int64_val`, `half_val`.
  private static let valueFields: [UInt64: ProtobufReader.WireType] = [
    5: .fixed32, 6: .fixed64, 7: .varint, 10: .varint, 13: .varint,
  ]

  /// The number in `tensor`, an encoded `TensorProto`; `nil` when it is not a scalar (more than
  /// one element, an unknown rank), its type is not a number, or it holds no value.
  static func value(of tensor: ArraySlice<UInt8>) throws(ProtobufReader.Malformed) -> Double? {
    var reader = ProtobufReader(tensor)
    var dataType: UInt64 = 0
    var isScalar = true
    var content: ArraySlice<UInt8>?
    var values: [UInt64: UInt64] = [:]
    while let (field, wireType) = try reader.nextTag() {
      switch (field, wireType) {
      case (1, .varint): dataType = try reader.readVarint()
      case (2, .lengthDelimited): isScalar = try isScalarShape(reader.readLengthDelimited())
      case (4, .lengthDelimited): content = try reader.readLengthDelimited()
      default:
        guard let element = valueFields[field], wireType == element || wireType == .lengthDelimited
        else {
          try reader.skip(wireType)
          continue
        }
        let value = try first(&reader, wireType, element: element)
        if values[field] == nil { values[field] = value }
      }
    }
    guard isScalar, let type = DataType(rawValue: dataType) else { return nil }
    if let content, !content.isEmpty {
      guard content.count == type.size else { return nil }
      var bits: UInt64 = 0
      for (position, byte) in content.enumerated() {
        bits |= UInt64(byte) << (8 * position)
      }
      return number(bits, of: type)
    }
    let bits = values[type.valueField]
    return bits.map { number($0, of: type) }
  }

  /// Whether an encoded `TensorShapeProto` has one element: no dimensions, or all of size 1.
  private static func isScalarShape(
    _ shape: ArraySlice<UInt8>
  ) throws(ProtobufReader.Malformed) -> Bool {
    var reader = ProtobufReader(shape)
    var isScalar = true
    while let (field, wireType) = try reader.nextTag() {
      switch (field, wireType) {
      case (2, .lengthDelimited):
        var dimension = ProtobufReader(try reader.readLengthDelimited())
        var size: UInt64 = 0
        while let (dimensionField, dimensionWireType) = try dimension.nextTag() {
          if dimensionField == 1, dimensionWireType == .varint {
            size = try dimension.readVarint()
          } else {
            try dimension.skip(dimensionWireType)
          }
        }
        isScalar = isScalar && size == 1
      case (3, .varint):
        let unknownRank = try reader.readVarint() != 0
        isScalar = isScalar && !unknownRank
      default: try reader.skip(wireType)
      }
    }
    return isScalar
  }

  /// The first element of a repeated field whose elements are `element`s: the value itself,
  /// or the first of a packed array (`nil` when the array is empty).
  private static func first(
    _ reader: inout ProtobufReader, _ wireType: ProtobufReader.WireType,
    element: ProtobufReader.WireType
  ) throws(ProtobufReader.Malformed) -> UInt64? {
    switch wireType {
    case .varint: return try reader.readVarint()
    case .fixed32: return UInt64(try reader.readFixed32())
    case .fixed64: return try reader.readFixed64()
    case .lengthDelimited where element != .lengthDelimited:
      var packed = ProtobufReader(try reader.readLengthDelimited())
      return packed.isAtEnd ? nil : try first(&packed, element, element: element)
    case .lengthDelimited, .startGroup, .endGroup:
      try reader.skip(wireType)
      return nil
    }
  }

  /// The element whose little-endian bits are `bits`, as a `Double`.
  private static func number(_ bits: UInt64, of type: DataType) -> Double {
    switch type {
    case .float: Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
    case .double: Double(bitPattern: bits)
    case .int32: Double(Int32(truncatingIfNeeded: bits))
    case .int64: Double(Int64(bitPattern: bits))
    case .bfloat16: Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits & 0xFFFF) << 16))
    case .half: half(UInt16(truncatingIfNeeded: bits))
    }
  }

  /// An IEEE 754 binary16 value (no `Float16`: it is missing on some platforms).
  private static func half(_ bits: UInt16) -> Double {
    let sign: Double = bits & 0x8000 == 0 ? 1 : -1
    let exponent = Int((bits >> 10) & 0x1F)
    let fraction = Double(bits & 0x3FF)
    switch exponent {
    case 0: return sign * fraction * 0x1p-24
    case 0x1F: return fraction == 0 ? sign * .infinity : .nan
    default:
      return sign * (1 + fraction / 1024)
        * Double(sign: .plus, exponent: exponent - 15, significand: 1)
    }
  }
}
