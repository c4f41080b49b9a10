#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes whole lines to a descriptor, each with one `write` call, so that lines never
/// interleave. A closed output (EPIPE) is ignored: the run goes on.
public struct ConsoleWriter: Sendable {
  /// The descriptor written to.
  public let descriptor: Int32

  /// A writer to stdout (1) or stderr (2).
  public init(descriptor: Int32) {
    self.descriptor = descriptor
  }

  /// Standard output.
  public static let standardOutput = ConsoleWriter(descriptor: 1)
  /// Standard error.
  public static let standardError = ConsoleWriter(descriptor: 2)

  /// Whether the descriptor is a terminal.
  public var isTerminal: Bool { isatty(descriptor) == 1 }

  /// Writes `text` and a line break.
  public func line(_ text: String) {
    write(text + "\n")
  }

  /// Writes `text` as it is.
  public func write(_ text: String) {
    var text = text
    text.withUTF8 { buffer in
      var offset = 0
      while offset < buffer.count {
        #if canImport(Glibc)
          let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        #else
          let written = Darwin.write(
            descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        #endif
        if written < 0 && errno == EINTR { continue }
        if written <= 0 { return }
        offset += written
      }
    }
  }
}
