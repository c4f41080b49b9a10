import Foundation
import Testing
import XpertTestSupport

@testable import XpertCore

@Suite struct JSONParserTests {
  @Test func valuesOfEveryKindAreRead() throws {
    let value = try JSONParser.parse(
      #" { "a" : [1, -2.5e3, 0, true, false, null, "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"], "b": {}, "c": [] } "#
    )
    #expect(
      value
        == .object([
          JSONMember(
            key: "a",
            value: .array([
              .number("1"), .number("-2.5e3"), .number("0"), .bool(true), .bool(false), .null,
              .string("x\"\\/\u{8}\u{C}\n\r\té😀"),
            ])),
          JSONMember(key: "b", value: .object([])), JSONMember(key: "c", value: .array([])),
        ]))
    #expect(value["a"]?.array?[1].double == -2500)
    #expect(value["a"]?.array?[0].int == 1)
    #expect(value["missing"] == nil)
  }

  @Test(arguments: [
    ("3", 3), ("-7", -7), ("2.0", 2), ("1e2", 100), ("9223372036854775807", Int.max),
  ])
  func wholeNumbersReadAsIntegers(text: String, expected: Int) throws {
    #expect(try JSONParser.parse(text).int == expected)
  }

  @Test(arguments: ["2.5", "1e300", "\"3\"", "null"])
  func otherValuesAreNotIntegers(text: String) throws {
    #expect(try JSONParser.parse(text).int == nil)
  }

  @Test func aRepeatedKeyReadsAsItsLastValue() throws {
    #expect(try JSONParser.parse(#"{"k": 1, "k": 2}"#)["k"] == .number("2"))
  }

  @Test(arguments: [
    "", " ", "{", "}", "[1,]", "[,1]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{'a':1}", "01",
    "-", "1.", ".5", "1e", "+1", "0x10", "tru", "nul", "True", "\"abc", "\"\\x\"", "\"\\u12\"",
    "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"a\u{1}b\"", "\"tab\there\"",
    "1 2", "[1] x", "// c\n1", "/* c */ 1", "NaN", "Infinity", "[1 2]", "{\"a\":1 \"b\":2}",
    "\u{FEFF}1", "\u{A0}1",
  ])
  func invalidTextIsRejected(text: String) {
    #expect(throws: JSONParser.Error.self) { try JSONParser.parse(text) }
  }

  @Test func invalidUTF8IsRejected() {
    #expect(throws: JSONParser.Error.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
    #expect(throws: JSONParser.Error.self) { try JSONParser.parse([0x22, 0xED, 0xA0, 0x80, 0x22]) }
  }

  @Test func nestingIsBounded() throws {
    let deep = JSONParser.maximumDepth
    _ = try JSONParser.parse(
      String(repeating: "[", count: deep) + String(repeating: "]", count: deep))
    #expect(throws: JSONParser.Error.self) {
      try JSONParser.parse(
        String(repeating: "[", count: deep + 1) + String(repeating: "]", count: deep + 1))
    }
  }

  @Test func everyStringTheWriterEscapesReadsBack() throws {
    var texts = ["", "plain", "quote \" backslash \\ slash /", "é ü 漢字 😀 \u{10FFFF}", "\u{7F}"]
    texts.append(String(decoding: (0..<0x20).map { UInt8($0) }, as: UTF8.self))
    var random = SplitMix64(seed: 0x4A53_4F4E)
    for _ in 0..<200 {
      let scalars = (0..<random.int(0...12)).map { _ in
        [0x09, 0x0A, 0x22, 0x5C, 0x7F, 0x41, 0xE9, 0x1F600, 0x1][random.int(0...8)]
      }
      texts.append(String(String.UnicodeScalarView(scalars.compactMap(Unicode.Scalar.init))))
    }
    for text in texts {
      #expect(try JSONParser.parse(JSONText.string(text)) == .string(text))
    }
  }

  /// Random documents built from JSON's tokens and some near-misses: the parser accepts what
  /// Foundation's `JSONSerialization` accepts and reads the same strings and numbers.
  @Test func agreesWithFoundationOnRandomDocuments() throws {
    let pieces = [
      "{", "}", "[", "]", ",", ":", " ", "\n", "\"k\"", "\"a\\nb\"", "\"\\u00e9\"", "1", "-0",
      "2.5", "1e3", "-1E-2", "true", "false", "null", "01", "1.", "\"", "\\", "'x'", "\t",
    ]
    var random = SplitMix64(seed: 2026)
    var accepted = 0
    for _ in 0..<3000 {
      let text = (0..<random.int(1...9)).map { _ in pieces[random.int(0...pieces.count - 1)] }
        .joined()
      let ours = try? JSONParser.parse(text)
      let theirs = try? JSONSerialization.jsonObject(
        with: Data(text.utf8), options: .fragmentsAllowed)
      #expect((ours != nil) == (theirs != nil), "\(text.debugDescription)")
      if let ours, let theirs {
        accepted += 1
        #expect(Self.same(ours, theirs), "\(text.debugDescription)")
      }
    }
    #expect(accepted > 100)
  }

  private static func same(_ ours: JSONValue, _ theirs: Any) -> Bool {
    switch ours {
    case .null: return theirs is NSNull
    case .bool(let flag): return (theirs as? Bool) == flag
    case .number: return (theirs as? NSNumber)?.doubleValue == ours.double
    case .string(let text): return (theirs as? String) == text
    case .array(let elements):
      guard let other = theirs as? [Any], other.count == elements.count else { return false }
      return zip(elements, other).allSatisfy { same($0, $1) }
    case .object(let members):
      guard let other = theirs as? [String: Any] else { return false }
      return members.allSatisfy { member in
        other[member.key].map { same(ours[member.key]!, $0) } ?? false
      }
    }
  }
}
