/// Lines collected into large writes, for commands that print many lines at once (`list`).
public final class BufferedOutput {
  private let writer: ConsoleWriter
  private var buffer = ""

  /// Output to `writer`.
  public init(_ writer: ConsoleWriter) {
    self.writer = writer
    buffer.reserveCapacity(1 << 16)
  }

  /// Adds a line; writes when 64 KiB have gathered.
  public func line(_ text: String) {
    buffer += text
    buffer += "\n"
    if buffer.utf8.count >= 1 << 16 { flush() }
  }

  /// Writes what has gathered.
  public func flush() {
    guard !buffer.isEmpty else { return }
    writer.write(buffer)
    buffer.removeAll(keepingCapacity: true)
  }

  deinit { flush() }
}
