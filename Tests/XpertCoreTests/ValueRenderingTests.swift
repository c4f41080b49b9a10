import TOML
import Testing

@testable import XpertCore

@Suite struct ValueRenderingTests {
  @Test(arguments: [
    (TOMLValue.string("raw text"), "raw text"),
    (.integer(-42), "-42"),
    (.integer(9_223_372_036_854_775_807), "9223372036854775807"),
    (.float(0.1), "0.1"),
    (.float(1e-05), "1e-05"),
    (.float(100.0), "100.0"),
    (.float(3e20), "3e+20"),
    (.float(.infinity), "inf"),
    (.float(-.infinity), "-inf"),
    (.float(.nan), "nan"),
    (.boolean(true), "true"),
    (.boolean(false), "false"),
    (
      .array([
        TOMLNode(.integer(1), at: .init(line: 1, column: 1)),
        TOMLNode(.integer(2), at: .init(line: 1, column: 1)),
      ]), "[1, 2]"
    ),
    (.array([TOMLNode(.string("a\"b"), at: .init(line: 1, column: 1))]), "[\"a\\\"b\"]"),
    (.localDate(TOMLDate(year: 2024, month: 1, day: 9)), "2024-01-09"),
    (
      .offsetDateTime(
        TOMLDateTime(
          date: TOMLDate(year: 1979, month: 5, day: 27),
          time: TOMLTime(hour: 7, minute: 32, second: 0), offsetMinutes: 0)), "1979-05-27T07:32:00Z"
    ),
    (
      .localTime(
        TOMLTime(
          hour: 0, minute: 32, second: 0, nanosecond: 999_000_000,
          fractionDigits: 3)), "00:32:00.999"
    ),
  ])
  func rendersAsTOMLWritesIt(value: TOMLValue, expected: String) {
    #expect(ValueRendering.render(value) == expected)
  }

  @Test(arguments: [
    ("simple", "simple"), ("", "''"), ("a b", "'a b'"), ("it's", "'it'\"'\"'s'"),
    ("$HOME", "'$HOME'"), ("a/b-c_d.e:f=g,h@i%j+k", "a/b-c_d.e:f=g,h@i%j+k"),
  ])
  func quotesForTheShellLikeShlex(text: String, expected: String) {
    #expect(ShellQuoting.quote(text) == expected)
  }

  @Test(arguments: [
    ("runs/a", "/work", "/work/runs/a"), ("./runs//a/", "/work", "/work/runs/a"),
    ("/abs/x/../y", "/work", "/abs/y"), ("../up", "/work/dir", "/work/up"),
  ])
  func normalizesJobDirectories(path: String, base: String, expected: String) {
    #expect(PathNormalization.absolute(path, base: base) == expected)
  }

  @Test func expandsALeadingTildeOnly() {
    #expect(PathNormalization.expandingTilde("~/runs", home: "/home/u") == "/home/u/runs")
    #expect(PathNormalization.expandingTilde("~", home: "/home/u") == "/home/u")
    #expect(PathNormalization.expandingTilde("a/~/b", home: "/home/u") == "a/~/b")
    #expect(PathNormalization.expandingTilde("~other/x", home: "/home/u") == "~other/x")
  }
}

@Suite struct PathCleanlinessTests {
  @Test(arguments: [
    ("/a/b", true), ("/a/b/", false), ("/a//b", false), ("/a/./b", false), ("/a/../b", false),
    ("/a/.b", true), ("/a/b.", true), ("/a/...", true), ("/a/..b", true), ("/.", false),
    ("/a/.", false), ("/a/..", false), ("/", false), ("/x.y/z..", true), ("a/b", false),
  ])
  func cleanPathsAreRecognized(path: String, clean: Bool) {
    #expect(PathNormalization.isClean(path) == clean)
    if clean { #expect(PathNormalization.absolute(path, base: "/w") == path) }
  }
}
