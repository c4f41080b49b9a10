/// A JSON value as `JSONParser` reads it. Objects keep their members in file order; numbers
/// keep their literal text, so that an integer is never rounded through a `Double`.
public enum JSONValue: Sendable, Hashable {
  /// `null`.
  case null
  /// `true` or `false`.
  case bool(Bool)
  /// A number, as its literal text (already checked against the JSON grammar).
  case number(String)
  /// A string, with its escapes resolved.
  case string(String)
  /// An array.
  case array([JSONValue])
  /// An object: its members in file order (a repeated key appears as often as it was written).
  case object([JSONMember])

  /// The value of member `key` of an object (the last one, if the key is repeated); `nil` for a
  /// missing key or a value that is not an object.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.last { $0.key == key }?.value
  }

  /// The text of a string.
  public var string: String? {
    if case .string(let text) = self { return text }
    return nil
  }

  /// A number that is a whole value representable as `Int` (`3`, `-7`, `2.0`, `1e2`).
  public var int: Int? {
    guard case .number(let text) = self else { return nil }
    if let exact = Int(text) { return exact }
    guard let value = Double(text), value.rounded() == value, value.magnitude < 0x1p63 else {
      return nil
    }
    return Int(value)
  }

  /// A number as the nearest `Double`.
  public var double: Double? {
    guard case .number(let text) = self else { return nil }
    return Double(text)
  }

  /// The flag of `true` or `false`.
  public var bool: Bool? {
    if case .bool(let flag) = self { return flag }
    return nil
  }

  /// The elements of an array.
  public var array: [JSONValue]? {
    if case .array(let elements) = self { return elements }
    return nil
  }

  /// The members of an object, in file order.
  public var members: [JSONMember]? {
    if case .object(let members) = self { return members }
    return nil
  }

  /// Whether this is `null`.
  public var isNull: Bool { self == .null }
}

/// One `"key": value` member of a JSON object.
public struct JSONMember: Sendable, Hashable {
  /// The key.
  public var key: String
  /// The value.
  public var value: JSONValue

  /// A member.
  public init(key: String, value: JSONValue) {
    self.key = key
    self.value = value
  }
}
