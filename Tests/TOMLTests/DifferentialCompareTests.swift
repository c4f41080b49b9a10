import Testing

/// The comparison of the differential test must tell different values apart, or the test
/// could never fail.
@Suite struct DifferentialCompareTests {
  private func tagged(_ type: String, _ value: String) -> String {
    #"{"type": "\#(type)", "value": "\#(value)"}"#
  }

  private func difference(_ one: String, _ other: String) throws -> String? {
    DifferentialCompare.difference(
      try DifferentialJSON.parse(one), try DifferentialJSON.parse(other))
  }

  @Test(arguments: [
    ("float", "1.0", "1"), ("float", "nan", "nan"), ("float", "inf", "+inf"),
    ("float", "1e+100", "1E100"), ("integer", "-0", "0"), ("integer", "255", "+255"),
    ("datetime", "1979-05-27T07:32:00+00:00", "1979-05-27t07:32:00z"),
    ("datetime", "1979-05-27T07:32:00.123456-07:30", "1979-05-27 07:32:00.123456789-07:30"),
    ("datetime-local", "1979-05-27T07:32:00", "1979-05-27T07:32:00.000"),
    ("time-local", "07:32:00.500000", "07:32:00.5"), ("date-local", "0001-01-01", "0001-01-01"),
  ])
  func equalValues(type: String, one: String, other: String) throws {
    #expect(try difference(tagged(type, one), tagged(type, other)) == nil)
  }

  @Test(arguments: [
    ("float", "1.0", "1.5"), ("float", "0.0", "-0.0"), ("float", "nan", "inf"),
    ("integer", "1", "2"), ("string", "e\\u0301", "\\u00e9"), ("bool", "true", "false"),
    ("datetime", "1979-05-27T07:32:00Z", "1979-05-27T07:32:00+01:00"),
    ("datetime", "1979-05-27T07:32:00Z", "1979-05-27T07:32:00.000001Z"),
    ("date-local", "1979-05-27", "1979-05-28"), ("time-local", "07:32:00", "07:32:01"),
  ])
  func differentValues(type: String, one: String, other: String) throws {
    #expect(try difference(tagged(type, one), tagged(type, other)) != nil)
  }

  @Test func typesKeyOrderAndShapeCount() throws {
    let a = tagged("integer", "1")
    let b = tagged("float", "1")
    #expect(try difference(#"{"x": \#(a)}"#, #"{"x": \#(b)}"#) != nil)
    #expect(try difference(#"{"x": \#(a), "y": \#(a)}"#, #"{"y": \#(a), "x": \#(a)}"#) != nil)
    #expect(try difference("[\(a), \(a)]", "[\(a)]") != nil)
    #expect(try difference(#"{"x": {}}"#, #"{"x": []}"#) != nil)
    #expect(
      try difference(#"{"x": [\#(a), {"y": \#(b)}]}"#, #"{"x": [\#(a), {"y": \#(b)}]}"#) == nil)
  }

  @Test func jsonKeepsOrderAndDecodesEscapes() throws {
    let json = try DifferentialJSON.parse(
      #"{"b": "\ud83d\ude00\u00e9\n", "a": [true, null, -1.5e3]}"#)
    guard case .object(let members) = json else {
      Issue.record("not an object: \(json)")
      return
    }
    #expect(members.map(\.key) == ["b", "a"])
    #expect(members[0].value == .string("😀é\n"))
    #expect(members[1].value == .array([.bool(true), .null, .number("-1.5e3")]))
    #expect(throws: DifferentialJSON.ParseError.self) { try DifferentialJSON.parse(#"{"a": 1,}"#) }
  }
}
