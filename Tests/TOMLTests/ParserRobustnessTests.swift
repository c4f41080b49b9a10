import Foundation
import TOML
import Testing

private typealias Support = ParserTestSupport

/// Hostile input: deep nesting, invalid UTF-8, NUL bytes, a 10 MB line. Errors, never crashes.
@Suite struct ParserRobustnessTests {
  private static let depth = TOMLParser.maximumNestingDepth
  private static let nesting = "arrays and tables are nested more than 128 levels deep"

  @Test func deeplyNestedArraysGiveTheDepthError() throws {
    let text = "a = " + String(repeating: "[", count: 100_000)
    let error = try #require(Support.error(parsing: text))
    #expect(error.message == Self.nesting)
    // The 129th "[" is the first one too deep.
    #expect(error.position == Support.at(1, 5 + Self.depth))
  }

  @Test func deeplyNestedInlineTablesGiveTheDepthError() throws {
    let text = String(repeating: "a={", count: 100_000)
    let error = try #require(Support.error(parsing: text))
    #expect(error.message == Self.nesting)
    #expect(error.position == Support.at(1, 3 * (Self.depth + 1)))
  }

  @Test func deepDottedKeysAndHeadersGiveAnError() throws {
    let dotted = try #require(
      Support.error(parsing: Array(repeating: "a", count: 100_000).joined(separator: ".") + " = 1"))
    #expect(dotted.message == "a dotted key can have at most 128 parts")
    #expect(dotted.position == Support.at(1, 2 * Self.depth + 1))
    let header = "[" + Array(repeating: "a", count: Self.depth + 1).joined(separator: ".") + "]"
    #expect(Support.error(parsing: header)?.message == "a dotted key can have at most 128 parts")
    // A table at depth 128 is fine; an array inside it would be at 129.
    let deepest = "[" + Array(repeating: "a", count: Self.depth).joined(separator: ".") + "]\n"
    #expect(Support.error(parsing: deepest + "x = 1") == nil)
    #expect(Support.error(parsing: deepest + "x = []")?.message == Self.nesting)
    #expect(Support.error(parsing: deepest + "x.y = 1")?.message == Self.nesting)
  }

  @Test func nestingUpToTheLimitParses() throws {
    let depth = Self.depth
    let arrays =
      "a = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    var table = try TOMLParser.parse(arrays)
    var levels = 0
    var value = table["a"]?.value
    while case .array(let elements)? = value {
      levels += 1
      value = elements.first?.value
    }
    #expect(levels == depth)
    let inline = String(repeating: "a={", count: depth) + String(repeating: "}", count: depth)
    table = try TOMLParser.parse(inline)
    levels = 0
    var current = table
    while case .table(let inner)? = current["a"]?.value {
      levels += 1
      current = inner
    }
    #expect(levels == depth)
    #expect(TOMLTaggedJSON.encode(table).count == 6 * depth + 2)
    let tooDeep = "a = " + String(repeating: "[", count: depth + 1)
    #expect(Support.error(parsing: tooDeep + String(repeating: "]", count: depth + 1)) != nil)
  }

  @Test(
    arguments: [
      ([0x61, 0x20, 0x3D, 0x20, 0x22, 0xFF, 0x22], "invalid UTF-8 in string (byte 0xFF)", 6),
      ([0x61, 0x3D, 0x27, 0xC3, 0x28, 0x27], "invalid UTF-8 in literal string (byte 0xC3)", 4),
      ([0x23, 0x20, 0xC3, 0xA9, 0xC0, 0x80], "invalid UTF-8 in comment (byte 0xC0)", 4),
      ([0x23, 0xED, 0xA0, 0x80], "invalid UTF-8 in comment (byte 0xED)", 2),
      ([0x23, 0xF4, 0x90, 0x80, 0x80], "invalid UTF-8 in comment (byte 0xF4)", 2),
      ([0x23, 0xE2, 0x82], "invalid UTF-8 in comment (byte 0xE2)", 2),
      ([0xFE, 0xFF, 0x61], "expected a key, found invalid UTF-8 (byte 0xFE)", 1),
      (
        [0x61, 0x20, 0x3D, 0x20, 0x31, 0x80],
        "expected a newline after the value of \"a\", found invalid UTF-8 (byte 0x80)", 6
      ),
      (
        [0x61, 0x3D, 0x31, 0x00],
        "expected a newline after the value of \"a\", found control character U+0000", 4
      ),
      ([0x00], "expected a key, found control character U+0000", 1),
      (
        [0x61, 0x3D, 0x22, 0x00, 0x22],
        "control character U+0000 is not allowed in a string; write it as the escape \"\\u0000\"", 4
      ),
      ([0x23, 0x00], "control character U+0000 is not allowed in a comment", 2),
    ] as [([UInt8], String, Int)])
  func invalidUTF8AndNULAreErrorsWithPositions(bytes: [UInt8], message: String, column: Int) throws
  {
    let error = try #require(Support.error(parsing: bytes))
    #expect(error.message == message)
    #expect(error.position == Support.at(1, column))
    #expect(!error.rendered(path: nil).isEmpty)
  }

  @Test func invalidUTF8OnALaterLineKeepsTheLineText() throws {
    let bytes = Array("ok = \"é\"\nbad = \"x".utf8) + [0xFF] + Array("\"\n".utf8)
    let error = try #require(Support.error(parsing: bytes))
    #expect(error.position == Support.at(2, 9))
    #expect(error.lineText == "bad = \"x\u{FFFD}\"")
  }

  @Test func tenMegabyteSingleLineArrayParses() throws {
    let count = 1_150_000
    var bytes: [UInt8] = Array("values = [".utf8)
    bytes.reserveCapacity(count * 9 + 16)
    for index in 0..<count {
      bytes.append(contentsOf: String(1_000_000 + index).utf8)
      bytes.append(contentsOf: [0x2C, 0x20])
    }
    bytes.append(contentsOf: Array("]\n".utf8))
    #expect(bytes.count > 10_000_000)
    let clock = ContinuousClock()
    let start = clock.now
    let table = try TOMLParser.parse(bytes)
    let elapsed = clock.now - start
    guard case .array(let elements)? = table["values"]?.value else {
      Issue.record("values is not an array")
      return
    }
    #expect(elements.count == count)
    #expect(elements.last?.value == .integer(Int64(1_000_000 + count - 1)))
    #expect(elements.last?.position == Support.at(1, 11 + (count - 1) * 9))
    // Generous, for debug builds on a busy machine; a quadratic column count would take hours.
    #expect(elapsed < .seconds(60), "parsing took \(elapsed)")
    // An error at the end of the line is found and rendered quickly too.
    bytes.removeLast(2)
    bytes.append(contentsOf: Array("x]\n".utf8))
    let error = try #require(Support.error(parsing: bytes))
    #expect(error.position == Support.at(1, 11 + count * 9))
    #expect(error.rendered(path: "big.toml").count < 600)
  }

  @Test func manyTablesParse() throws {
    var text = ""
    for index in 0..<20_000 { text += "[t\(index)]\nx = \(index)\n[t\(index).sub]\n" }
    let table = try TOMLParser.parse(text)
    #expect(table.count == 20_000)
    #expect(Support.node(table, ["t19999", "x"])?.value == .integer(19_999))
    #expect(Support.table(table, ["t123"])?.keys == ["x", "sub"])
  }
}

/// Nesting to the limit on a thread with a small stack (macOS gives secondary threads 512 KB).
@Suite struct ParserSmallStackTests {
  /// The outcome of parsing on the thread: the number of levels read, or the error message.
  private static func outcome(_ text: String) -> String {
    do {
      var levels = 0
      var value = try TOMLParser.parse(text)["a"]?.value
      while let current = value {
        switch current {
        case .array(let elements): value = elements.first?.value
        case .table(let table): value = table["a"]?.value
        default: value = nil
        }
        levels += 1
      }
      return "\(levels) levels"
    } catch {
      return error.message
    }
  }

  @Test func nestingParsesOnA256KilobyteStack() async {
    let depth = TOMLParser.maximumNestingDepth
    let documents = [
      "a = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth),
      "a = " + String(repeating: "{a=", count: depth - 1) + "{a=1"
        + String(repeating: "}", count: depth),
      "a = " + String(repeating: "[{a=", count: depth / 2 - 1) + "[{a=1}]"
        + String(repeating: "}]", count: depth / 2 - 1),
      "a = " + String(repeating: "[", count: 100_000),
      String(repeating: "a={", count: 100_000),
    ]
    let outcomes = await withCheckedContinuation { continuation in
      let thread = Thread {
        continuation.resume(returning: documents.map(Self.outcome))
      }
      thread.stackSize = 256 * 1024
      thread.start()
    }
    let nesting = "arrays and tables are nested more than 128 levels deep"
    #expect(outcomes == ["128 levels", "129 levels", "129 levels", nesting, nesting])
  }
}
