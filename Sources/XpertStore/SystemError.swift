#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A system call that failed: what Xpert tried, on which path, and the system's reason.
public struct SystemError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What was attempted, e.g. `create the directory`.
  public var operation: String
  /// The path involved.
  public var path: String
  /// The `errno` value.
  public var code: Int32

  /// Creates an error from `errno` as it is now.
  public init(_ operation: String, path: String, code: Int32 = errno) {
    self.operation = operation
    self.path = path
    self.code = code
  }

  /// The system's text for the code, e.g. `Permission denied`.
  public var reason: String { String(cString: strerror(code)) }

  /// `cannot create the directory /x/y: Permission denied`.
  public var description: String { "cannot \(operation) \(path): \(reason)" }
}
