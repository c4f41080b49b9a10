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

  /// Feeds `chunk`, calling `line` for each complete, non-empty line (without its end). A line
  /// within one chunk is a slice of it, not a copy.
  public mutating func feed(_ chunk: [UInt8], _ line: (ArraySlice<UInt8>) -> Void) {
    var start = 0
    var index = 0
    let count = chunk.count
    while index < count {
      let byte = chunk[index]
      if byte == 10 || byte == 13 {
        if pending.isEmpty {
          if index > start { line(chunk[start..<min(index, start + limit)]) }
        } else {
          take(chunk[start..<index])
          line(pending[...])
          pending.removeAll(keepingCapacity: true)
        }
        start = index + 1
      }
      index += 1
    }
    take(chunk[start..<count])
  }

  private mutating func take(_ bytes: ArraySlice<UInt8>) {
    let room = limit - pending.count
    if room > 0 { pending.append(contentsOf: bytes.prefix(room)) }
  }

  /// Ends the stream: the last line, if it had no line end.
  public mutating func finish(_ line: (ArraySlice<UInt8>) -> Void) {
    if !pending.isEmpty { line(pending[...]) }
    pending.removeAll()
  }
}
