/// Splits a byte stream fed in chunks into lines, at `\n` and at `\r` (a progress bar's
/// updates are lines of their own). Only the unfinished line is kept; a line longer than
/// `limit` bytes is cut there (the rest of it is dropped), so memory stays bounded whatever
/// the input.
public struct LineSplitter: Sendable {
  /// The longest line kept, in bytes.
  public let limit: Int
  private var pending: [UInt8] = []

  /// A splitter; lines longer than `limit` bytes are cut.
  public init(limit: Int = 65536) {
    self.limit = limit
  }

  /// Feeds `chunk`, calling `line` for each complete line (without its end).
  public mutating func feed(_ chunk: [UInt8], _ line: (Substring) -> Void) {
    chunk.withUnsafeBufferPointer { bytes in
      var start = 0
      for index in 0..<bytes.count where bytes[index] == 10 || bytes[index] == 13 {
        take(bytes[start..<index])
        if !pending.isEmpty { line(Substring(String(decoding: pending, as: UTF8.self))) }
        pending.removeAll(keepingCapacity: true)
        start = index + 1
      }
      take(bytes[start..<bytes.count])
    }
  }

  private mutating func take(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) {
    let room = limit - pending.count
    if room > 0 { pending.append(contentsOf: bytes.prefix(room)) }
  }

  /// Ends the stream: the last line, if it had no line end.
  public mutating func finish(_ line: (Substring) -> Void) {
    if !pending.isEmpty { line(Substring(String(decoding: pending, as: UTF8.self))) }
    pending.removeAll()
  }
}
