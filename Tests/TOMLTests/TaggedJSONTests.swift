import TOML
import Testing

/// toml-test's tagged JSON.
@Suite struct TaggedJSONTests {
  @Test func everyTypeIsTagged() throws {
    let table = try TOMLParser.parse(
      """
      s = "x"
      i = -7
      f = 1.5
      b = true
      odt = 1979-05-27T00:32:00.5-07:00
      ldt = 1979-05-27T07:32:00
      ld = 1979-05-27
      lt = 07:32:00.123
      a = [1, "two"]
      [t]
      z = 0
      """)
    #expect(
      TOMLTaggedJSON.encode(table) == """
        {"s":{"type":"string","value":"x"},"i":{"type":"integer","value":"-7"},\
        "f":{"type":"float","value":"1.5"},"b":{"type":"bool","value":"true"},\
        "odt":{"type":"datetime","value":"1979-05-27T00:32:00.5-07:00"},\
        "ldt":{"type":"datetime-local","value":"1979-05-27T07:32:00"},\
        "ld":{"type":"date-local","value":"1979-05-27"},\
        "lt":{"type":"time-local","value":"07:32:00.123"},\
        "a":[{"type":"integer","value":"1"},{"type":"string","value":"two"}],\
        "t":{"z":{"type":"integer","value":"0"}}}
        """)
  }

  @Test(arguments: [
    ("nan", "nan"), ("-nan", "nan"), ("inf", "inf"), ("-inf", "-inf"), ("1e100", "1e+100"),
    ("0.1", "0.1"), ("-0.0", "-0.0"), ("5e-324", "5e-324"), ("1_000.0", "1000.0"),
  ])
  func floats(written: String, encoded: String) throws {
    let table = try TOMLParser.parse("f = \(written)")
    #expect(TOMLTaggedJSON.encode(table) == "{\"f\":{\"type\":\"float\",\"value\":\"\(encoded)\"}}")
  }

  @Test func stringsAreEscapedForJSON() throws {
    let table = try TOMLParser.parse(#""k\"\\\u0001" = "a\"b\\c\n\t\r\u001f\u007f é😀""#)
    #expect(
      TOMLTaggedJSON.encode(table)
        == #"{"k\"\\\u0001":{"type":"string","value":"a\"b\\c\n\t\r\u001F\u007F é😀"}}"#)
  }

  @Test func emptyDocumentAndKeyOrder() throws {
    #expect(TOMLTaggedJSON.encode(try TOMLParser.parse("")) == "{}")
    let table = try TOMLParser.parse("b = 1\na = 2\n[c.d]\n[c]\ne = []")
    #expect(
      TOMLTaggedJSON.encode(table)
        == #"{"b":{"type":"integer","value":"1"},"a":{"type":"integer","value":"2"},"c":{"d":{},"e":[]}}"#
    )
  }
}
