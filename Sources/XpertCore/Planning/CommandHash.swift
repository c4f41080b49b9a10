/// The identity of a job's resolved command, for stale detection: FNV-1a, 64 bits, as text.
public enum CommandHash {
  /// `fnv1a64:` and 16 hex digits.
  public static func of(_ command: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in command.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
  }
}
