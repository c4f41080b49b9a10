import TOML

/// How a config value appears when a template inserts it: as TOML writes it.
///
/// Strings are inserted raw, integers in decimal, floats in the shortest form that reads back to
/// the same number (`0.1`, `1e-05`), booleans as `true`/`false`, date-times in RFC 3339, arrays
/// as `[1, 2]` and tables as `{a = 1}`, with strings inside them quoted.
public enum ValueRendering {
  /// The text a template inserts for `value`.
  public static func render(_ value: TOMLValue) -> String {
    if case .string(let text) = value { return text }
    return literal(value)
  }

  /// The value as a TOML literal (strings quoted): the form used inside arrays and tables.
  public static func literal(_ value: TOMLValue) -> String {
    switch value {
    case .string(let text): return quoted(text)
    case .integer(let number): return String(number)
    case .float(let number): return float(number)
    case .boolean(let flag): return flag ? "true" : "false"
    case .offsetDateTime(let dateTime), .localDateTime(let dateTime): return dateTime.description
    case .localDate(let date): return date.description
    case .localTime(let time): return time.description
    case .array(let elements):
      return "[" + elements.map { literal($0.value) }.joined(separator: ", ") + "]"
    case .table(let table):
      if table.isEmpty { return "{}" }
      let pairs = table.entries.map { key($0.key) + " = " + literal($0.node.value) }
      return "{ " + pairs.joined(separator: ", ") + " }"
    }
  }

  /// The value's type with an article, for messages: `an integer`, `a string`.
  public static func typeDescription(_ value: TOMLValue) -> String {
    switch value {
    case .integer: "an integer"
    case .array: "an array"
    case .offsetDateTime: "an offset date-time"
    case .localDateTime: "a local date-time"
    case .localDate: "a local date"
    case .localTime: "a local time"
    case .boolean: "a boolean"
    default: "a " + value.typeName
    }
  }

  /// The shortest text that reads back as `number`: `0.1`, `1e-05`, `100.0`, `inf`, `nan`.
  public static func float(_ number: Double) -> String {
    if number.isNaN { return "nan" }
    return number.description
  }

  /// A bare key when possible, else a quoted one.
  public static func key(_ name: String) -> String {
    TOMLString.key(name)
  }

  /// A TOML basic string, which is also a valid JSON string.
  public static func quoted(_ text: String) -> String {
    TOMLString.basic(text)
  }
}
