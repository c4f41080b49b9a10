/// A format specification after the colon in `{key:spec}`, in Python's mini-language:
/// `[[fill]align][sign][#][0][width][,|_][.precision][type]`.
public struct FormatSpec: Sendable, Hashable {
  /// Where padding goes.
  public enum Alignment: Character, Sendable {
    case left = "<"
    case right = ">"
    case center = "^"
    case afterSign = "="
  }

  /// The padding character, when the spec names one.
  public var fill: Character?
  /// The alignment, or the type's default (left for text, right for numbers).
  public var alignment: Alignment?
  /// `+`, `-` or space, when given.
  public var sign: Character?
  /// `#`: a `0x`/`0o`/`0b` prefix, or a kept decimal point.
  public var alternate = false
  /// `0` before the width: zeros as padding (after the sign, for numbers).
  public var zeroPad = false
  /// The minimum width.
  public var width = 0
  /// `,` or `_` between digit groups.
  public var grouping: Character?
  /// Digits after the point (floats) or the maximum length (text).
  public var precision: Int?
  /// The presentation type, e.g. `d`, `x`, `e`, `f`, `g`, `%`, `s`.
  public var type: Character?

  /// Why a spec was rejected: the message names what was found.
  public struct Invalid: Error, Sendable, Hashable {
    /// The explanation.
    public var message: String
  }

  /// Parses `text`, e.g. `03d`, `.1e`, `>8`.
  public init(parsing text: String) throws(Invalid) {
    var chars = Array(text)
    var index = 0
    func peek(_ offset: Int = 0) -> Character? {
      index + offset < chars.count ? chars[index + offset] : nil
    }
    if let second = peek(1), let align = Alignment(rawValue: second) {
      fill = chars[0]
      alignment = align
      index = 2
    } else if let first = peek(), let align = Alignment(rawValue: first) {
      alignment = align
      index = 1
    }
    if let char = peek(), "+- ".contains(char) {
      sign = char
      index += 1
    }
    if peek() == "#" {
      alternate = true
      index += 1
    }
    if peek() == "0" {
      zeroPad = true
      index += 1
    }
    width = Self.number(in: chars, at: &index) ?? 0
    if let char = peek(), char == "," || char == "_" {
      grouping = char
      index += 1
    }
    if peek() == "." {
      index += 1
      guard let digits = Self.number(in: chars, at: &index) else {
        throw Invalid(message: "format spec \"\(text)\" has a \".\" without digits after it")
      }
      precision = digits
    }
    if let char = peek(), "bcdeEfFgGnosxX%".contains(char) {
      type = char
      index += 1
    }
    guard index == chars.count else {
      chars = Array(chars[index...])
      throw Invalid(
        message: "format spec \"\(text)\" is not valid: unexpected \"\(String(chars))\"")
    }
  }

  private static func number(in chars: [Character], at index: inout Int) -> Int? {
    var value: Int?
    while index < chars.count, let digit = chars[index].wholeNumberValue, chars[index].isASCII {
      let (times, overflow1) = (value ?? 0).multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = times.addingReportingOverflow(digit)
      value = overflow1 || overflow2 || sum > 1_000_000 ? 1_000_000 : sum
      index += 1
    }
    return value
  }

  /// Whether zeros pad inside the digit groups, as Python does for `{x:010,}`.
  var padsDigitGroups: Bool { zeroPad && fill == nil && alignment == nil && grouping != nil }

  /// Pads `body` (with a sign or prefix `head` kept before any `=` padding) to the width.
  func pad(_ body: String, head: String = "", numeric: Bool) -> String {
    let length = head.unicodeScalars.count + body.unicodeScalars.count
    guard width > length else { return head + body }
    let padding = width - length
    let fill = self.fill ?? (zeroPad ? "0" : " ")
    let defaultAlignment: Alignment = numeric ? (zeroPad ? .afterSign : .right) : .left
    switch alignment ?? defaultAlignment {
    case .left: return head + body + String(repeating: fill, count: padding)
    case .right: return String(repeating: fill, count: padding) + head + body
    case .afterSign: return head + String(repeating: fill, count: padding) + body
    case .center:
      let before = padding / 2
      return String(repeating: fill, count: before) + head + body
        + String(repeating: fill, count: padding - before)
    }
  }
}
