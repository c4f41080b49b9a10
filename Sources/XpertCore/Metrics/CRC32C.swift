/// CRC-32C (the Castagnoli polynomial), the checksum that TFRecord framing uses, computed with a
/// 256-entry table.
enum CRC32C {
  /// The reflected Castagnoli polynomial.
  private static let polynomial: UInt32 = 0x82F6_3B78

  /// The remainder of every byte value, shifted through the polynomial eight times.
  private static let table: [UInt32] = (0..<256).map { index in
    var crc = UInt32(index)
    for _ in 0..<8 {
      crc = crc & 1 == 1 ? (crc >> 1) ^ polynomial : crc >> 1
    }
    return crc
  }

  /// The CRC-32C of `bytes` (`checksum("123456789".utf8) == 0xE306_9283`).
  static func checksum(_ bytes: some Collection<UInt8>) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    table.withUnsafeBufferPointer { table in
      for byte in bytes {
        crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
      }
    }
    return ~crc
  }

  /// `crc` masked as TFRecord stores it: rotated right by 15 bits, plus a constant.
  static func masked(_ crc: UInt32) -> UInt32 {
    ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
  }
}
