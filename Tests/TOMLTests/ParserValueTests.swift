import TOML
import Testing

private typealias Support = ParserTestSupport

/// One value per type: how it is written after `v = ` and what it parses to.
@Suite struct ParserValueTests {
  /// Parses `v = <written>` and returns v's value.
  private func value(_ written: String) throws -> TOMLValue? {
    try TOMLParser.parse("v = \(written)\n")["v"]?.value
  }

  @Test(arguments: [
    (#""basic""#, "basic"),
    (#""""#, ""),
    (#""tab\there \"q\" \\ \u00E9 \U0001F600""#, "tab\there \"q\" \\ é 😀"),
    (#""\b\f\n\r\u0000""#, "\u{8}\u{C}\n\r\u{0}"),
    (#"'C:\path\n "raw"'"#, #"C:\path\n "raw""#),
    ("\"\"\"\nline1\nline2\"\"\"", "line1\nline2"),
    ("\"\"\"a \\   \n   \n  b\"\"\"", "a b"),
    ("\"\"\"two \"\" quotes and four \"\"\"\"", "two \"\" quotes and four \""),
    ("\"\"\"\"\"five\"\"\"\"\"", "\"\"five\"\""),
    ("'''\nraw \\n\n '''", "raw \\n\n "),
    ("''''one quote''''", "'one quote'"),
    ("\"\"\"a\r\nb\"\"\"", "a\nb"),
    ("\"\"\"\\\r\n  x\"\"\"", "x"),
    ("\"tab\tinside\"", "tab\tinside"),
    ("\"日本語 ✓\"", "日本語 ✓"),
  ])
  func strings(written: String, expected: String) throws {
    #expect(try value(written) == .string(expected))
  }

  @Test(
    arguments: [
      ("+99", 99), ("-17", -17), ("0", 0), ("-0", 0), ("+0", 0), ("1_000_000", 1_000_000),
      ("0xDEADbeef", 3_735_928_559), ("0x0000_00ff", 255), ("0o755", 493), ("0o0", 0),
      ("0b1101_0110", 214), ("9223372036854775807", Int64.max), ("-9223372036854775808", Int64.min),
      ("0x7FFFFFFFFFFFFFFF", Int64.max), ("0o777777777777777777777", Int64.max),
    ] as [(String, Int64)])
  func integers(written: String, expected: Int64) throws {
    #expect(try value(written) == .integer(expected))
  }

  @Test(
    arguments: [
      ("+1.0", 1.0), ("3.1415", 3.1415), ("-0.01", -0.01), ("5e+22", 5e22), ("1e06", 1e6),
      ("-2E-2", -0.02), ("6.626e-34", 6.626e-34), ("224_617.445_991_228", 224_617.445_991_228),
      ("1e1_0", 1e10), ("0e0", 0), ("0.0", 0), ("inf", .infinity), ("+inf", .infinity),
      ("-inf", -.infinity), ("1.7976931348623157e308", .greatestFiniteMagnitude),
    ] as [(String, Double)])
  func floats(written: String, expected: Double) throws {
    #expect(try value(written) == .float(expected))
  }

  @Test func nanAndNegativeZero() throws {
    for written in ["nan", "+nan", "-nan"] {
      guard case .float(let number)? = try value(written) else {
        Issue.record("\(written) is not a float")
        continue
      }
      #expect(number.isNaN)
    }
    guard case .float(let zero)? = try value("-0.0") else {
      Issue.record("-0.0 is not a float")
      return
    }
    #expect(zero == 0 && zero.sign == .minus)
  }

  @Test func booleans() throws {
    #expect(try value("true") == .boolean(true))
    #expect(try value("false") == .boolean(false))
  }

  @Test(arguments: [
    ("1979-05-27T07:32:00Z", "1979-05-27T07:32:00Z", 0),
    ("1979-05-27T00:32:00.999999-07:00", "1979-05-27T00:32:00.999999-07:00", -420),
    ("1979-05-27 07:32:00+05:30", "1979-05-27T07:32:00+05:30", 330),
    ("1979-05-27t07:32:00z", "1979-05-27T07:32:00Z", 0),
    ("2000-02-29T23:59:60+00:00", "2000-02-29T23:59:60Z", 0),
  ])
  func offsetDateTimes(written: String, description: String, offset: Int) throws {
    guard case .offsetDateTime(let dateTime)? = try value(written) else {
      Issue.record("\(written) is not an offset date-time")
      return
    }
    #expect(dateTime.description == description)
    #expect(dateTime.offsetMinutes == offset)
  }

  @Test func fractionalSecondsKeepNineDigitsAndTruncate() throws {
    let dateTime = TOMLDateTime(
      date: TOMLDate(year: 1979, month: 5, day: 27),
      time: TOMLTime(
        hour: 0, minute: 32, second: 0, nanosecond: 123_456_789, fractionDigits: 9))
    #expect(try value("1979-05-27T00:32:00.123456789987") == .localDateTime(dateTime))
    let time = TOMLTime(hour: 0, minute: 32, second: 0, nanosecond: 500_000_000, fractionDigits: 1)
    #expect(try value("00:32:00.5") == .localTime(time))
    #expect(time.description == "00:32:00.5")
  }

  @Test func timeDescriptionsClampFractionDigits() {
    let time = TOMLTime(hour: 1, minute: 2, second: 3, nanosecond: 5, fractionDigits: 12)
    #expect(time.description == "01:02:03.000000005")
    #expect(TOMLTime(hour: 1, minute: 2, second: 3, nanosecond: 5).description == "01:02:03")
  }

  @Test func localDatesAndTimes() throws {
    let date = TOMLDate(year: 1979, month: 5, day: 27)
    let time = TOMLTime(hour: 7, minute: 32, second: 0)
    #expect(
      try value("1979-05-27T07:32:00") == .localDateTime(TOMLDateTime(date: date, time: time)))
    #expect(
      try value("1979-05-27 07:32:00") == .localDateTime(TOMLDateTime(date: date, time: time)))
    #expect(try value("1979-05-27") == .localDate(date))
    #expect(try value("2024-02-29") == .localDate(TOMLDate(year: 2024, month: 2, day: 29)))
    #expect(try value("0000-01-01") == .localDate(TOMLDate(year: 0, month: 1, day: 1)))
    #expect(try value("07:32:00") == .localTime(time))
    #expect(try value("1979-05-27 # a date, then a comment") == .localDate(date))
  }

  @Test func arraysMixTypesAndAllowTrailingCommasCommentsAndNewlines() throws {
    guard
      case .array(let elements)? = try value(
        "[\n  1, \"a\", # one\n  2.5,\n  [true], {x = 1},\n  # last\n]")
    else {
      Issue.record("not an array")
      return
    }
    #expect(elements.count == 5)
    #expect(elements.prefix(3).map(\.value) == [.integer(1), .string("a"), .float(2.5)])
    guard case .array(let inner) = elements[3].value, case .table(let table) = elements[4].value
    else {
      Issue.record("wrong element types")
      return
    }
    #expect(inner.map(\.value) == [.boolean(true)])
    #expect(table["x"]?.value == .integer(1))
    #expect(try value("[]") == .array([]))
    #expect(try value("[ ]") == .array([]))
  }

  @Test func inlineTables() throws {
    guard
      case .table(let table)? = try value(
        "{ name = \"x\", point.x = 1, point.y = 2, \"quoted key\" = [], nested = {} }")
    else {
      Issue.record("not a table")
      return
    }
    #expect(table.keys == ["name", "point", "quoted key", "nested"])
    #expect(Support.table(table, ["point"])?.keys == ["x", "y"])
    #expect(Support.table(table, ["nested"])?.isEmpty == true)
    #expect(try value("{}") == .table(TOMLTable()))
  }

  @Test func keysOfEveryForm() throws {
    let table = try TOMLParser.parse(
      """
      bare_key-1 = 1
      1234 = 2
      "" = 3
      'literal "key"' = 4
      "escaped\\tkey" = 5
      3.14 = 6
      a . b . c = 7
      """)
    #expect(table.keys == ["bare_key-1", "1234", "", "literal \"key\"", "escaped\tkey", "3", "a"])
    #expect(Support.node(table, ["3", "14"])?.value == .integer(6))
    #expect(Support.node(table, ["a", "b", "c"])?.value == .integer(7))
  }

  @Test func keysAreComparedByCodePoints() throws {
    // Precomposed and decomposed "é" are canonically equivalent but different TOML keys.
    let table = try TOMLParser.parse("\"\\u00e9\" = 1\n\"e\\u0301\" = 2\n")
    #expect(table.count == 2)
    #expect(table["\u{E9}"]?.value == .integer(1))
    #expect(table["e\u{301}"]?.value == .integer(2))
  }

  @Test func tableRulesThatAreAllowed() throws {
    let table = try TOMLParser.parse(
      """
      [fruit]
      apple.color = "red"
      apple.taste.sweet = true
      [fruit.apple.texture]
      smooth = true
      [[fruit.varieties]]
      name = "a"
      [fruit.varieties.info]
      n = 1
      [[fruit.varieties]]
      name = "b"
      [fruit.varieties.info]
      n = 2
      [x.y.z]
      [x]
      y.w = 1
      """)
    #expect(Support.table(table, ["fruit", "apple"])?.keys == ["color", "taste", "texture"])
    guard case .array(let varieties)? = Support.node(table, ["fruit", "varieties"])?.value else {
      Issue.record("varieties is not an array")
      return
    }
    #expect(varieties.count == 2)
    #expect(Support.node(table, ["x", "y", "w"])?.value == .integer(1))
  }
}
