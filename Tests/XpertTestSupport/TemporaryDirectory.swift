import Foundation

/// A fresh directory under the system's temporary folder, removed by `remove()`.
public struct TemporaryDirectory: Sendable {
  /// The absolute path (symlinks resolved, so it matches what the tool prints).
  public let path: String

  /// Creates a new, empty directory.
  public init(prefix: String = "xpert-test") throws {
    let template = NSTemporaryDirectory() + "/\(prefix)-XXXXXX"
    var bytes = Array(template.utf8CString)
    guard mkdtemp(&bytes) != nil else { throw CocoaError(.fileWriteUnknown) }
    let created = String(
      decoding: bytes.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    path = URL(fileURLWithPath: created).resolvingSymlinksInPath().path
  }

  /// The absolute path of `relative` inside the directory.
  public func url(_ relative: String) -> URL {
    URL(fileURLWithPath: path).appendingPathComponent(relative)
  }

  /// Writes `text` to `relative` (creating parent folders) and returns its path.
  @discardableResult
  public func write(_ text: String, to relative: String) throws -> String {
    let file = url(relative)
    try FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: file, atomically: true, encoding: .utf8)
    return file.path
  }

  /// The text of `relative`.
  public func read(_ relative: String) throws -> String {
    try String(contentsOf: url(relative), encoding: .utf8)
  }

  /// Whether `relative` exists.
  public func exists(_ relative: String) -> Bool {
    FileManager.default.fileExists(atPath: url(relative).path)
  }

  /// The names in the folder `relative`, sorted.
  public func list(_ relative: String = ".") -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: url(relative).path)) ?? []).sorted()
  }

  /// Every path under the directory, relative, sorted.
  public func tree() -> [String] {
    let enumerator = FileManager.default.enumerator(atPath: path)
    var paths: [String] = []
    while let next = enumerator?.nextObject() as? String { paths.append(next) }
    return paths.sorted()
  }

  /// Deletes the directory and everything in it.
  public func remove() {
    try? FileManager.default.removeItem(atPath: path)
  }
}
