/// A string with `{key}` placeholders, parsed once: `{key}`, `{key:spec}`, `{key!q}`,
/// `{key!q:spec}`; `{{` and `}}` are literal braces.
public struct Template: Sendable, Hashable {
  /// How a placeholder converts its value before formatting.
  public enum Conversion: Character, Sendable, Hashable {
    /// Quoted for the POSIX shell.
    case shellQuoted = "q"
    /// As it renders by default (Python's `!s`).
    case string = "s"
  }

  /// One `{...}` in a template.
  public struct Placeholder: Sendable, Hashable {
    /// The key whose value is inserted.
    public var key: String
    /// `!q` or `!s`, if given.
    public var conversion: Conversion?
    /// The format spec after `:`, if given.
    public var spec: FormatSpec?
    /// The offset of the opening `{` in the template, in Unicode scalars.
    public var offset: Int
    /// The placeholder as written, braces included: `{seed:03d}`.
    public var text: String
  }

  /// A piece of a template.
  public enum Segment: Sendable, Hashable {
    /// Text inserted as it is (escaped braces already resolved).
    case literal(String)
    /// A value to insert.
    case placeholder(Placeholder)
  }

  /// Why a template was rejected, and at which offset (in Unicode scalars).
  public struct Invalid: Error, Sendable, Hashable {
    /// The explanation.
    public var message: String
    /// Where in the template text.
    public var offset: Int
  }

  /// The pieces in order.
  public var segments: [Segment]

  /// The placeholders in order.
  public var placeholders: [Placeholder] {
    segments.compactMap {
      if case .placeholder(let placeholder) = $0 { placeholder } else { nil }
    }
  }

  /// Parses `text`.
  public init(parsing text: String) throws(Invalid) {
    segments = []
    let scalars = Array(text.unicodeScalars)
    var literal = String.UnicodeScalarView()
    var index = 0
    while index < scalars.count {
      let scalar = scalars[index]
      let next: Unicode.Scalar? = index + 1 < scalars.count ? scalars[index + 1] : nil
      if scalar == "{" && next == "{" || scalar == "}" && next == "}" {
        literal.append(scalar)
        index += 2
      } else if scalar == "}" {
        throw Invalid(
          message: "single \"}\" in template; write \"}}\" for a literal brace", offset: index)
      } else if scalar == "{" {
        guard let close = scalars[index...].firstIndex(of: "}") else {
          throw Invalid(
            message: "\"{\" is never closed; write \"{{\" for a literal brace", offset: index)
        }
        if !literal.isEmpty {
          segments.append(.literal(String(literal)))
          literal = String.UnicodeScalarView()
        }
        let inner = String(String.UnicodeScalarView(scalars[(index + 1)..<close]))
        segments.append(.placeholder(try Self.placeholder(inner, offset: index)))
        index = close + 1
      } else {
        literal.append(scalar)
        index += 1
      }
    }
    if !literal.isEmpty { segments.append(.literal(String(literal))) }
  }

  private static func placeholder(_ inner: String, offset: Int) throws(Invalid) -> Placeholder {
    if inner.contains("{") {
      throw Invalid(
        message: "nested \"{\" inside {\(inner)}: a placeholder holds one key", offset: offset)
    }
    var rest = Substring(inner)
    var spec: FormatSpec?
    if let colon = rest.firstIndex(of: ":") {
      do {
        spec = try FormatSpec(parsing: String(rest[rest.index(after: colon)...]))
      } catch {
        throw Invalid(message: "{\(inner)}: \(error.message)", offset: offset)
      }
      rest = rest[..<colon]
    }
    var conversion: Conversion?
    if let bang = rest.firstIndex(of: "!") {
      let code = rest[rest.index(after: bang)...]
      guard code.count == 1, let known = Conversion(rawValue: code.first!) else {
        throw Invalid(
          message: "{\(inner)}: unknown conversion \"!\(code)\"; use !q (shell-quoted) or !s",
          offset: offset)
      }
      conversion = known
      rest = rest[..<bang]
    }
    let key = rest.trimmingCharacters()
    guard !key.isEmpty else {
      throw Invalid(
        message: "empty placeholder {\(inner)}: write {key} with a key of the group", offset: offset
      )
    }
    return Placeholder(
      key: key, conversion: conversion, spec: spec, offset: offset, text: "{\(inner)}")
  }
}

extension Substring {
  fileprivate func trimmingCharacters() -> String {
    String(self.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }
}
