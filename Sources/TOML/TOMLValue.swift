/// A TOML value.
///
/// The date and time cases are stored out of line (`indirect`), which keeps a value at 17 bytes
/// instead of 73, so that an array of a million integers stays small.
public enum TOMLValue: Sendable, Hashable {
  /// A string of any of the four string forms, escapes resolved.
  case string(String)
  /// A 64-bit integer (decimal, hexadecimal, octal or binary in the source).
  case integer(Int64)
  /// A float, including `inf` and `nan`.
  case float(Double)
  /// `true` or `false`.
  case boolean(Bool)
  /// A date-time with an offset, e.g. `1979-05-27T07:32:00Z`.
  indirect case offsetDateTime(TOMLDateTime)
  /// A date-time without an offset.
  indirect case localDateTime(TOMLDateTime)
  /// A date without a time.
  indirect case localDate(TOMLDate)
  /// A time of day without a date.
  indirect case localTime(TOMLTime)
  /// An array; its elements may be of different types.
  case array([TOMLNode])
  /// A table (standard, inline, or an element of an array of tables).
  case table(TOMLTable)

  /// The TOML type name used in messages and in toml-test's tagged JSON.
  public var typeName: String {
    switch self {
    case .string: "string"
    case .integer: "integer"
    case .float: "float"
    case .boolean: "bool"
    case .offsetDateTime: "datetime"
    case .localDateTime: "datetime-local"
    case .localDate: "date-local"
    case .localTime: "time-local"
    case .array: "array"
    case .table: "table"
    }
  }
}
