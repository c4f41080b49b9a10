/// toml-test's tagged JSON: the form in which conformance suites compare decoders.
///
/// A table is a JSON object (keys in table order), an array a JSON array, and every other value
/// `{"type": T, "value": V}` with `V` a string and `T` one of `string`, `integer`, `float`,
/// `bool`, `datetime`, `datetime-local`, `date-local` or `time-local`.
public enum TOMLTaggedJSON {
  /// The tagged JSON for a document's root table, on one line.
  public static func encode(_ table: TOMLTable) -> String {
    var output = ""
    write(table, to: &output)
    return output
  }

  private static func write(_ table: TOMLTable, to output: inout String) {
    output += "{"
    for (index, entry) in table.entries.enumerated() {
      if index > 0 { output += "," }
      writeString(entry.key, to: &output)
      output += ":"
      write(entry.node.value, to: &output)
    }
    output += "}"
  }

  private static func write(_ value: TOMLValue, to output: inout String) {
    switch value {
    case .table(let table):
      write(table, to: &output)
    case .array(let elements):
      output += "["
      for (index, element) in elements.enumerated() {
        if index > 0 { output += "," }
        write(element.value, to: &output)
      }
      output += "]"
    case .string(let text): tagged(value, text, to: &output)
    case .integer(let number): tagged(value, String(number), to: &output)
    case .float(let number): tagged(value, floatText(number), to: &output)
    case .boolean(let flag): tagged(value, flag ? "true" : "false", to: &output)
    case .offsetDateTime(let dateTime): tagged(value, dateTime.description, to: &output)
    case .localDateTime(let dateTime): tagged(value, dateTime.description, to: &output)
    case .localDate(let date): tagged(value, date.description, to: &output)
    case .localTime(let time): tagged(value, time.description, to: &output)
    }
  }

  /// `nan`, `inf`, `-inf`, or Swift's shortest form that reads back to the same number.
  static func floatText(_ number: Double) -> String {
    if number.isNaN { return "nan" }
    if number.isInfinite { return number < 0 ? "-inf" : "inf" }
    return number.description
  }

  private static func tagged(_ value: TOMLValue, _ text: String, to output: inout String) {
    output += "{\"type\":\""
    output += value.typeName
    output += "\",\"value\":"
    writeString(text, to: &output)
    output += "}"
  }

  /// A JSON string literal: `"` and `\` escaped, control characters as `\uXXXX`.
  private static func writeString(_ text: String, to output: inout String) {
    output += TOMLString.basic(text)
  }
}
