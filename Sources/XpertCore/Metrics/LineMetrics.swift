/// The metrics in one line of a job's output, by the rules of `docs/results.md`:
/// - a whole-line JSON object (`{"step": 3, "val_acc": 0.91}`; nested objects flattened with
///   dots);
/// - a whole-line Python dict, as the Hugging Face Trainer prints it
///   (`{'loss': 0.69, 'learning_rate': 5e-05, 'epoch': 0.5}`);
/// - otherwise `key: value` and `key=value` pairs anywhere in the line (Guild's rules: a key
///   starts with a letter or `_`; the value is a number, `nan` or `inf`), which also covers
///   Keras progress lines (` - loss: 0.2971 - accuracy: 0.9140`).
/// A `step` or `global_step` value is the step of the line's other values, not a metric. ANSI
/// escapes are ignored; the caller splits lines at `\n` and `\r`. Works on bytes: a log of
/// millions of lines is read without making a `String` of each.
public enum LineMetrics {
  /// The names that give a line's step.
  public static let stepNames: Set<String> = ["step", "global_step"]

  /// The points of `line`.
  public static func points(in line: Substring) -> [MetricPoint] {
    points(in: Array(line.utf8)[...])
  }

  /// The points of the line `bytes` (UTF-8, without its line end).
  public static func points(in bytes: ArraySlice<UInt8>) -> [MetricPoint] {
    let line = bytes.contains(0x1B) ? withoutEscapes(bytes)[...] : bytes
    return objectPoints(in: line) ?? withStep(pairs(in: line))
  }

  /// The points of a line that is one object: JSON, or a flat Python dict (which also reads
  /// `NaN` and `Infinity` as Python's `json.dumps` writes them); `nil` for any other line.
  public static func objectPoints(in bytes: ArraySlice<UInt8>) -> [MetricPoint]? {
    guard let first = bytes.firstIndex(where: { $0 != 32 && $0 != 9 }), bytes[first] == 123,
      let last = bytes.lastIndex(where: { $0 != 32 && $0 != 9 && $0 != 13 }), bytes[last] == 125
    else { return nil }
    let object = Array(bytes[first...last])
    if let value = try? JSONParser.parse(object) { return withStep(MetricsJSON.flatten(value)) }
    return PythonDict.pairs(in: object[...]).map(withStep)
  }

  /// The step a line gives (`step=40`), if any.
  public static func step(in bytes: ArraySlice<UInt8>) -> Double? {
    pairs(in: bytes).last { stepNames.contains($0.0) }?.1
  }

  /// Separates the step from the values.
  static func withStep(_ pairs: [(String, Double)]) -> [MetricPoint] {
    guard !pairs.isEmpty else { return [] }
    let step = pairs.last { stepNames.contains($0.0) }?.1
    return pairs.compactMap {
      stepNames.contains($0.0) ? nil : MetricPoint(name: $0.0, value: $0.1, step: step)
    }
  }

  /// `key: value` and `key=value` pairs.
  static func pairs(in line: ArraySlice<UInt8>) -> [(String, Double)] {
    var found: [(String, Double)] = []
    var index = line.startIndex
    let end = line.endIndex
    while index < end {
      // A key starts a line or follows a separator (`INFO:root:loss=0.5`: a colon too).
      let atStart =
        index == line.startIndex || isSeparator(line[index - 1]) || line[index - 1] == 40
        || line[index - 1] == 58
      guard atStart, isKeyStart(line[index]) else {
        index += 1
        continue
      }
      var keyEnd = index + 1
      while keyEnd < end && isKeyByte(line[keyEnd]) { keyEnd += 1 }
      guard keyEnd < end, line[keyEnd] == UInt8(ascii: ":") || line[keyEnd] == UInt8(ascii: "=")
      else {
        index = keyEnd
        continue
      }
      var cursor = keyEnd + 1
      while cursor < end && line[cursor] == 32 { cursor += 1 }
      var valueEnd = cursor
      while valueEnd < end && !isSeparator(line[valueEnd]) && line[valueEnd] != 41 {
        valueEnd += 1
      }
      // `Total params: 11,689,512` is no 11: a comma and a digit go on with the number.
      let grouped =
        valueEnd + 1 < end && line[valueEnd] == 44 && line[valueEnd + 1] >= 48
        && line[valueEnd + 1] <= 57
      // A sentence's full stop is no part of the number (`val_loss: 0.25.`).
      let value =
        valueEnd > cursor && line[valueEnd - 1] == 46 && valueEnd - 1 > cursor
        ? number(line[cursor..<(valueEnd - 1)]) : number(line[cursor..<valueEnd])
      if valueEnd > cursor, !grouped, let value {
        found.append((String(decoding: line[index..<keyEnd], as: UTF8.self), value))
        index = valueEnd
      } else {
        index = keyEnd + 1  // `root:loss=0.5`: a key may start after the colon
      }
    }
    return found
  }

  /// A number, `nan` or `inf` (any case, with a sign); `nil` for anything else.
  public static func number(_ bytes: some Collection<UInt8>) -> Double? {
    var digits = false
    for byte in bytes {
      switch byte {
      case 48...57: digits = true
      case 43, 45, 46, 101, 69: break  // + - . e E
      default: return special(bytes)
      }
    }
    guard digits else { return nil }
    return Double(String(decoding: bytes, as: UTF8.self))
  }

  private static func special(_ bytes: some Collection<UInt8>) -> Double? {
    guard bytes.count <= 9 else { return nil }
    switch String(decoding: bytes, as: UTF8.self).lowercased() {
    case "nan", "+nan", "-nan": return .nan
    case "inf", "+inf", "infinity", "+infinity": return .infinity
    case "-inf", "-infinity": return -.infinity
    default: return nil
    }
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
  static func withoutEscapes(_ line: ArraySlice<UInt8>) -> [UInt8] {
    var result: [UInt8] = []
    result.reserveCapacity(line.count)
    var index = line.startIndex
    while index < line.endIndex {
      let byte = line[index]
      index += 1
      guard byte == 0x1B else {
        result.append(byte)
        continue
      }
      guard index < line.endIndex else { break }
      let next = line[index]
      index += 1
      if next == UInt8(ascii: "[") {
        while index < line.endIndex {
          let part = line[index]
          index += 1
          if (part >= 65 && part <= 90) || (part >= 97 && part <= 122) { break }
        }
      }
    }
    return result
  }
}
