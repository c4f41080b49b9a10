/// Minimal JSON writing with keys kept in the given order.
public enum JSONText {
  /// A JSON string literal (the same escaping as a TOML basic string).
  public static func string(_ text: String) -> String {
    ValueRendering.quoted(text)
  }

  /// A JSON object from keys and already-encoded values, in order.
  public static func object(_ members: [(String, String)]) -> String {
    "{" + members.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
  }
}
