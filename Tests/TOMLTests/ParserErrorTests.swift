import TOML
import Testing

private typealias Support = ParserTestSupport

/// An invalid document, the message it gets and where.
struct ParserErrorCase: Sendable, CustomTestStringConvertible {
  let document: String
  let message: String
  let line: Int
  let column: Int

  init(_ document: String, _ message: String, _ line: Int, _ column: Int) {
    self.document = document
    self.message = message
    self.line = line
    self.column = column
  }

  var testDescription: String { document.debugDescription }
}

/// Error messages and positions for the main classes of invalid documents.
@Suite struct ParserErrorTests {
  static let syntax: [ParserErrorCase] = [
    .init("a = 1\nlr 0.1\n", #"expected "=" after key "lr", found "0""#, 2, 4),
    .init("lr\n", #"expected "=" after key "lr", found a newline"#, 1, 3),
    .init("a.b", #"expected "=" after key "a.b", found the end of the file"#, 1, 4),
    .init("= 1", #"expected a key, found "=""#, 1, 1),
    .init("a. = 1", #"expected a key after ".", found "=""#, 1, 4),
    .init("a =\n", #"expected a value after "=", found a newline"#, 1, 4),
    .init("a = 1 2", #"expected a newline after the value of "a", found "2""#, 1, 7),
    .init(
      "a = hello",
      #"invalid value "hello": expected a quoted string, a number, a date, true or false"#, 1, 5),
    .init("[a\nb = 1", #"expected "]" to close the header [a], found a newline"#, 1, 3),
    .init("[[a]\n", #"expected "]]" to close the header [[a]], found "]""#, 1, 4),
    .init("[a] x", #"expected a newline after the header [a], found "x""#, 1, 5),
    .init("\"\"\"k\"\"\" = 1", "a multi-line string cannot be used as a key", 1, 1),
    .init("a = [1,,2]", #"expected a value in the array, found ",""#, 1, 8),
    .init("a = [1 2]", #"expected "," or "]" after an array element, found "2""#, 1, 8),
    .init(
      "a = [1,\n2",
      "unterminated array (opened at 1:5): expected \",\" or \"]\" after an array element, found the end of the file",
      2, 2),
    .init("a = {x = 1,}", #"an inline table cannot have a trailing comma before "}""#, 1, 12),
    .init(
      "a = {x = 1\n}",
      "expected \",\" or \"}\" after a value in the inline table, found a newline (an inline table must be on one line)",
      1, 11),
    .init("a = {x 1}", #"expected "=" after key "x", found "1""#, 1, 8),
  ]

  static let strings: [ParserErrorCase] = [
    .init(
      "name = \"abc\nx = 1",
      #"unterminated string: expected a closing '"' before the end of the line"#, 1, 8),
    .init(
      "name = 'abc",
      #"unterminated literal string: expected a closing "'" before the end of the file"#, 1, 8),
    .init(
      "s = \"\"\"\nabc\n",
      #"unterminated multi-line string: expected a closing '"""' before the end of the file"#, 1, 5),
    .init(
      "s = \"a\\qb\"",
      #"invalid escape "\q" in string (valid escapes: \b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX)"#, 1,
      7),
    .init(
      "s = \"\\u12G4\"",
      #"invalid escape "\u12" in string: expected 4 hexadecimal digits, found "G""#, 1, 6),
    .init(
      "s = \"\\uD800\"",
      #"invalid escape "\uD800" in string: U+D800 is not a Unicode scalar value (surrogates and values above 10FFFF are not allowed)"#,
      1, 6),
    .init(
      "s = \"\\U00110000\"",
      #"invalid escape "\U00110000" in string: U+110000 is not a Unicode scalar value (surrogates and values above 10FFFF are not allowed)"#,
      1, 6),
    .init(
      "s = \"a\u{7}b\"",
      #"control character U+0007 is not allowed in a string; write it as the escape "\u0007""#, 1, 7
    ),
    .init("s = 'a\u{7F}'", "control character U+007F is not allowed in a literal string", 1, 7),
    .init(
      "s = \"\"\"a\u{1B}\"\"\"",
      #"control character U+001B is not allowed in a multi-line string; write it as the escape "\u001B""#,
      1, 9),
    .init(
      "s = '''a''''''", #"a multi-line literal string cannot contain three or more "'" in a row"#,
      1, 9),
    .init("# ok\n# bell \u{7}\n", "control character U+0007 is not allowed in a comment", 2, 8),
    .init("a = 1\rb = 2", "a carriage return (U+000D) must be followed by a newline", 1, 6),
  ]

  static let multiline: [ParserErrorCase] = [
    .init(
      "s = \"\"\"\nok\n  \\q\"\"\"",
      #"invalid escape "\q" in string (valid escapes: \b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX)"#, 3,
      3),
    .init(
      "s = '''\nok\n\u{1}'''",
      "control character U+0001 is not allowed in a multi-line literal string",
      3, 1),
    .init("s = \"\"\"\né\"\"\" x", #"expected a newline after the value of "s", found "x""#, 2, 6),
  ]

  static let numbers: [ParserErrorCase] = [
    .init("n = 9223372036854775808", "integer 9223372036854775808 does not fit in 64 bits", 1, 5),
    .init("n = -9223372036854775809", "integer -9223372036854775809 does not fit in 64 bits", 1, 5),
    .init(
      "n = 0x1_0000_0000_0000_0000", "integer 0x1_0000_0000_0000_0000 does not fit in 64 bits", 1, 5
    ),
    .init("n = 012", #"invalid number "012": leading zeros are not allowed"#, 1, 5),
    .init("n = 1__2", #"invalid number "1__2": each "_" must be between two digits"#, 1, 6),
    .init("n = 1_", #"invalid number "1_": each "_" must be between two digits"#, 1, 6),
    .init("n = +0x1", #"invalid integer "+0x1": only decimal integers can have a sign"#, 1, 5),
    .init(
      "n = 0x",
      #"invalid hexadecimal integer "0x": expected a digit after "0x", found the end of the file"#,
      1, 5),
    .init("n = 0b102", #"invalid binary integer "0b102": unexpected "2""#, 1, 5),
    .init("f = 1.", #"invalid float "1.": a "." must have a digit on each side"#, 1, 5),
    .init("f = .5", #"invalid float ".5": a "." must have a digit on each side"#, 1, 5),
    .init(
      "f = 1e", #"invalid float "1e": expected a digit in the exponent, found the end of the file"#,
      1, 5),
    .init("f = 1.5.2", #"invalid number "1.5.2": unexpected ".""#, 1, 5),
    .init(
      "f = Inf", #"invalid value "Inf": expected a quoted string, a number, a date, true or false"#,
      1, 5),
  ]

  static let dates: [ParserErrorCase] = [
    .init(
      "d = 2021-02-29", #"invalid date "2021-02-29": the day must be between 01 and 28 in 2021-02"#,
      1, 5),
    .init(
      "d = 2021-04-31", #"invalid date "2021-04-31": the day must be between 01 and 30 in 2021-04"#,
      1, 5),
    .init(
      "d = 2021-13-01", #"invalid date "2021-13-01": the month must be between 01 and 12"#, 1, 5),
    .init(
      "d = 1979-05-27T24:00:00",
      #"invalid date-time "1979-05-27T24:00:00": the hour must be between 00 and 23"#, 1, 5),
    .init("t = 07:60:00", #"invalid time "07:60:00": the minute must be between 00 and 59"#, 1, 5),
    .init("t = 07:32:61", #"invalid time "07:32:61": the second must be between 00 and 60"#, 1, 5),
    .init("t = 07:32", #"invalid time "07:32": expected a time as HH:MM:SS"#, 1, 5),
    .init(
      "d = 1979-05-27T07:32:00+25:00",
      #"invalid date-time "1979-05-27T07:32:00+25:00": the offset's hours must be between 00 and 23"#,
      1, 5),
    .init(
      "d = 1979-05-27T07:32:00.",
      #"invalid date-time "1979-05-27T07:32:00.": expected a digit after ".""#, 1, 5),
    .init("d = 1979-05-27x", #"invalid date "1979-05-27x": unexpected "x""#, 1, 5),
  ]

  static let definitions: [ParserErrorCase] = [
    .init(
      "a = 1\nb = 2\n\nlr = 1\nx = 1\nlr = 2", #"duplicate key "lr": first defined at line 4"#, 6, 1
    ),
    .init("# t\n[a]\nx = 1\n[a]", "table [a] is defined twice: first defined at line 2", 4, 1),
    .init("[a.b]\n[a]\n[a.b]", "table [a.b] is defined twice: first defined at line 1", 3, 1),
    .init(
      "a.b = 1\n[a]", "table [a] is defined twice: first defined with dotted keys at line 1", 2, 1),
    .init(
      "[x]\na.b = 1\n[x.a]",
      "table [x.a] is defined twice: first defined with dotted keys at line 2", 3, 1),
    .init("[a.b]\n[a]\nb = 1", #"duplicate key "b": first defined at line 1"#, 3, 1),
    .init(
      "[a.b]\nc = 1\n[a]\nb.d = 2",
      "cannot add to the table [a.b] with dotted keys: it is defined by a table header at line 1",
      4, 1),
    .init(
      "[x]\na.b = 1\n[y]\n[x.a.c]\n[x]", "table [x] is defined twice: first defined at line 1", 5, 1
    ),
    .init(
      "[x]\na.b = 1\n[x.a.c]\na.d = 1\n[y]\n[[x.a.c.e]]\n[x.a.c]",
      "table [x.a.c] is defined twice: first defined at line 3", 7, 1),
    .init(
      "a = {x = 1}\na.y = 2",
      #"cannot add to the inline table "a" (defined at line 1): an inline table is complete once defined"#,
      2, 1),
    .init(
      "a = {x = 1}\n[a.b]",
      #"cannot add to the inline table "a" (defined at line 1): an inline table is complete once defined"#,
      2, 2),
    .init(
      "a = {x = 1}\n[a]",
      #"cannot add to the inline table "a" (defined at line 1): an inline table is complete once defined"#,
      2, 2),
    .init(
      "a = [1]\n[[a]]",
      #"cannot append to the array "a" with [[a]]: it is a static array, defined at line 1"#, 2, 1),
    .init(
      "[a]\n[[a]]", #"array of tables [[a]] conflicts with the table "a" defined at line 1"#, 2, 1),
    .init(
      "[[a]]\n[a]", "table [a] conflicts with the array of tables [[a]] defined at line 1", 2, 1),
    .init(
      "[[t.a]]\n[t]\na.x = 1",
      "cannot add to the array of tables [[t.a]] with dotted keys (defined at line 1)", 3, 1),
    .init("[[a]]\n[b]\na.x = 1\na = 2", #"duplicate key "a": first defined at line 3"#, 4, 1),
    .init(
      "a = 1\na.b = 2",
      #"cannot use "a" as a table: it is already defined as an integer at line 1"#, 2, 1),
    .init(
      "a = \"s\"\n[a.b]",
      #"cannot use "a" as a table: it is already defined as a string at line 1"#, 2, 2),
    .init("t = {a.b = 1, a = 2}", #"duplicate key "a": first defined at line 1"#, 1, 15),
    .init(
      "t = {a = {}, a.b = 2}",
      #"cannot add to the inline table "a" (defined at line 1): an inline table is complete once defined"#,
      1, 14),
    .init("\"a b\" = 1\n'a b' = 2", #"duplicate key "a b": first defined at line 1"#, 2, 1),
    .init(
      "a.\"x\\\"y\" = 1\na.'x\"y' = 2", #"duplicate key a."x\"y": first defined at line 1"#, 2, 3),
  ]

  @Test(arguments: syntax + strings + multiline + numbers + dates + definitions)
  func messageAndPosition(_ example: ParserErrorCase) throws {
    let error = try #require(Support.error(parsing: example.document))
    #expect(error.message == example.message)
    #expect(error.position == Support.at(example.line, example.column))
    let lines = example.document.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(error.lineText == String(lines[example.line - 1]))
  }

  @Test func renderedErrorShowsTheLineAndACaret() throws {
    let error = try #require(Support.error(parsing: "epochs = 10\n  lr 0.1\n"))
    #expect(
      error.rendered(path: "sweep.toml") == """
        sweep.toml:2:6: error: expected "=" after key "lr", found "0"
         2 |   lr 0.1
           |      ^
        """)
  }

  @Test func renderedCaretCountsScalarsAfterMultibyteCharacters() throws {
    let error = try #require(Support.error(parsing: "name = \"日本\" 語"))
    #expect(error.position == Support.at(1, 13))
    #expect(
      error.description == """
        1:13: error: expected a newline after the value of "name", found "語"
         1 | name = "日本" 語
           |             ^
        """)
  }
}
