/// A value together with the position where it starts in the document.
public struct TOMLNode: Sendable, Hashable {
  /// The value.
  public var value: TOMLValue
  /// Where the value's first character is. For a table that was created implicitly (by a header
  /// such as `[a.b]` or a dotted key `a.b = 1`), the place where it was first named.
  public var position: TOMLPosition

  /// Creates a node.
  public init(_ value: TOMLValue, at position: TOMLPosition) {
    self.value = value
    self.position = position
  }
}
