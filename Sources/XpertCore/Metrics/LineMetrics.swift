/// The metrics in one line of a job's output, by the rules of `docs/results.md`:
/// - a whole-line JSON object (`{"step": 3, "val_acc": 0.91}`; nested objects flattened with
///   dots);
/// - a whole-line Python dict, as the Hugging Face Trainer prints it
///   (`{'loss': 0.69, 'learning_rate': 5e-05, 'epoch': 0.5}`);
/// - otherwise `key: value` and `key=value` pairs anywhere in the line (Guild's rules: a key
///   starts with a letter or `_`; the value is a number, `nan` or `inf`), which also covers
///   Keras progress lines (` - loss: 0.2971 - accuracy: 0.9140`).
/// A `step` or `global_step` value is the step of the line's other values, not a metric. ANSI
/// escapes are ignored; the caller splits lines at `\n` and `\r`.
public enum LineMetrics {
  /// The names that give a line's step.
  public static let stepNames: Set<String> = ["step", "global_step"]

  /// The points of `line`.
  public static func points(in line: Substring) -> [MetricPoint] {
    let text = line.contains("\u{1B}") ? Substring(withoutEscapes(line)) : line
    let trimmed = text.drop { $0 == " " || $0 == "\t" }
    if trimmed.first == "{" {
      let body = trimmed.reversed().drop { $0 == " " || $0 == "\t" }
      if body.first == "}" {
        let object = String(trimmed.prefix(trimmed.count - (trimmed.count - body.count)))
        if let value = try? JSONParser.parse(object) {
          return withStep(MetricsJSON.flatten(value))
        }
        if let pairs = PythonDict.pairs(in: object) { return withStep(pairs) }
      }
    }
    return withStep(pairs(in: text))
  }

  /// Separates the step from the values.
  static func withStep(_ pairs: [(String, Double)]) -> [MetricPoint] {
    let step = pairs.last { stepNames.contains($0.0) }?.1
    return pairs.filter { !stepNames.contains($0.0) }.map {
      MetricPoint(name: $0.0, value: $0.1, step: step)
    }
  }

  /// `key: value` and `key=value` pairs.
  static func pairs(in text: Substring) -> [(String, Double)] {
    var found: [(String, Double)] = []
    let characters = Array(text.utf8)
    var index = 0
    while index < characters.count {
      // A key starts a line or follows a separator.
      let atStart =
        index == 0 || isSeparator(characters[index - 1])
        || characters[index - 1] == UInt8(ascii: "(")
      guard atStart, isKeyStart(characters[index]) else {
        index += 1
        continue
      }
      var end = index + 1
      while end < characters.count && isKeyByte(characters[end]) { end += 1 }
      var cursor = end
      guard cursor < characters.count,
        characters[cursor] == UInt8(ascii: ":") || characters[cursor] == UInt8(ascii: "=")
      else {
        index = end
        continue
      }
      cursor += 1
      while cursor < characters.count && characters[cursor] == UInt8(ascii: " ") { cursor += 1 }
      var valueEnd = cursor
      while valueEnd < characters.count && !isSeparator(characters[valueEnd])
        && characters[valueEnd] != UInt8(ascii: ")")
      {
        valueEnd += 1
      }
      if valueEnd > cursor, let value = number(characters[cursor..<valueEnd]) {
        found.append((String(decoding: characters[index..<end], as: UTF8.self), value))
      }
      index = max(valueEnd, end)
    }
    return found
  }

  /// A number, `nan` or `inf` (any case, with a sign); `nil` for anything else.
  public static func number(_ bytes: some Collection<UInt8>) -> Double? {
    let text = String(decoding: bytes, as: UTF8.self)
    switch text.lowercased() {
    case "nan", "+nan", "-nan": return .nan
    case "inf", "+inf", "infinity", "+infinity": return .infinity
    case "-inf", "-infinity": return -.infinity
    default: break
    }
    // Only what a program prints as a number: digits, a sign, a point, an exponent.
    guard
      text.utf8.allSatisfy({
        ($0 >= 48 && $0 <= 57) || $0 == 43 || $0 == 45 || $0 == 46 || $0 == 101 || $0 == 69
      }), text.utf8.contains(where: { $0 >= 48 && $0 <= 57 })
    else { return nil }
    return Double(text)
  }

  private static func isSeparator(_ byte: UInt8) -> Bool {
    byte == 32 || byte == 9 || byte == 44 || byte == 59 || byte == 124 || byte == 91 || byte == 93
  }

  private static func isKeyStart(_ byte: UInt8) -> Bool {
    (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95
  }

  private static func isKeyByte(_ byte: UInt8) -> Bool {
    isKeyStart(byte) || (byte >= 48 && byte <= 57) || byte == 46 || byte == 47 || byte == 45
  }

  /// The line without ANSI escape sequences (`ESC [ ... letter`, and other `ESC x` pairs).
  static func withoutEscapes(_ line: Substring) -> String {
    var result = ""
    var iterator = line.unicodeScalars.makeIterator()
    while let scalar = iterator.next() {
      guard scalar == "\u{1B}" else {
        result.unicodeScalars.append(scalar)
        continue
      }
      guard let next = iterator.next() else { break }
      if next == "[" {
        while let part = iterator.next(), !(part.properties.isAlphabetic) {}
      }
    }
    return result
  }
}
