/// A value together with the position where it starts in the document.
public struct TOMLNode: Sendable, Hashable {
  /// The value.
  public var value: TOMLValue
  /// Where the value's first character is. For a table defined by a header (`[a]`, or an element
  /// of `[[a]]`), the header's first `[`, also when the table had been named implicitly before;
  /// for an array of tables, its first header. For a table that only exists implicitly (created
  /// by a header such as `[a.b]` or a dotted key `a.b = 1`), the place where it was first named.
  public var position: TOMLPosition

  /// Creates a node.
  public init(_ value: TOMLValue, at position: TOMLPosition) {
    self.value = value
    self.position = position
  }
}
