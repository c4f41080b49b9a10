import TOML
import Testing

private typealias Support = ParserTestSupport

/// Key order (first appearance, as Python's tomllib) and the positions of keys and values.
@Suite struct ParserOrderAndPositionTests {
  @Test func keysKeepTheOrderOfFirstAppearance() throws {
    let table = try TOMLParser.parse(
      """
      zeta = 1
      [a.b]
      y = 2
      [a]
      x = 1
      [alpha]
      one = 1
      [a.c]
      [[list]]
      """)
    #expect(table.keys == ["zeta", "a", "alpha", "list"])
    #expect(Support.table(table, ["a"])?.keys == ["b", "x", "c"])
  }

  @Test func dottedKeysOrderLikeTomllib() throws {
    let table = try TOMLParser.parse(
      """
      fruit.apple.color = "red"
      fruit.orange = 2
      fruit.apple.taste.sweet = true
      banana = 1
      """)
    #expect(table.keys == ["fruit", "banana"])
    #expect(Support.table(table, ["fruit"])?.keys == ["apple", "orange"])
    #expect(Support.table(table, ["fruit", "apple"])?.keys == ["color", "taste"])
  }

  @Test func manyKeysKeepOrderAndLookup() throws {
    let names = (0..<50).map { "key\(49 - $0)" }
    let text = names.enumerated().map { "\($0.element) = \($0.offset)" }.joined(separator: "\n")
    let table = try TOMLParser.parse(text)
    #expect(table.keys == names)
    #expect(table["key7"]?.value == .integer(42))
    #expect(table["key7"]?.position == Support.at(43, 8))
  }

  @Test func keyAndValuePositions() throws {
    let table = try TOMLParser.parse("# comment\n  name =   \"x\"\nlr=0.1\n")
    let name = try #require(table.entry("name"))
    #expect(name.keyPosition == Support.at(2, 3))
    #expect(name.node.position == Support.at(2, 12))
    let lr = try #require(table.entry("lr"))
    #expect(lr.keyPosition == Support.at(3, 1))
    #expect(lr.node.position == Support.at(3, 4))
  }

  @Test func columnsCountUnicodeScalarsNotBytes() throws {
    // "日本" is 6 bytes; "é" 2; "😀" 4: columns still count one per scalar.
    let table = try TOMLParser.parse("\"日本\" = \"値\"\ns = \"é😀\"\nu = [\"😀\", 2]\n")
    let key = try #require(table.entry("日本"))
    #expect(key.keyPosition == Support.at(1, 1))
    #expect(key.node.position == Support.at(1, 8))
    guard case .array(let elements)? = table["u"]?.value else {
      Issue.record("u is not an array")
      return
    }
    #expect(elements.map(\.position) == [Support.at(3, 6), Support.at(3, 11)])
    #expect(Support.error(parsing: "s = \"é😀\" x")?.position == Support.at(1, 10))
  }

  @Test func arrayElementPositionsAcrossLines() throws {
    let table = try TOMLParser.parse("arr = [1, 22,\n  333, # c\n  [4]]\n")
    guard case .array(let elements)? = table["arr"]?.value else {
      Issue.record("arr is not an array")
      return
    }
    #expect(
      elements.map(\.position) == [
        Support.at(1, 8), Support.at(1, 11), Support.at(2, 3), Support.at(3, 3),
      ])
  }

  @Test func implicitTablesArePlacedWhereFirstNamed() throws {
    let table = try TOMLParser.parse("top = 1\n\n[a.b.c]\nx = 1\n")
    let a = try #require(table.entry("a"))
    #expect(a.keyPosition == Support.at(3, 2))
    #expect(a.node.position == Support.at(3, 2))
    let b = try #require(Support.table(table, ["a"])?.entry("b"))
    #expect(b.keyPosition == Support.at(3, 4))
    #expect(b.node.position == Support.at(3, 4))
    // c is defined by the header: its value starts at the header's "[".
    let c = try #require(Support.table(table, ["a", "b"])?.entry("c"))
    #expect(c.keyPosition == Support.at(3, 6))
    #expect(c.node.position == Support.at(3, 1))
  }

  @Test func tableDefinedAfterBeingImplicitMovesToItsHeader() throws {
    let table = try TOMLParser.parse("[a.b]\n\n  [a]\nx = 1\n")
    let a = try #require(table.entry("a"))
    #expect(a.keyPosition == Support.at(1, 2))
    #expect(a.node.position == Support.at(3, 3))
  }

  @Test func dottedKeyTablesArePlacedAtTheirKeyPart() throws {
    let table = try TOMLParser.parse("x.\"y z\".w = 1\n")
    let x = try #require(table.entry("x"))
    #expect(x.keyPosition == Support.at(1, 1) && x.node.position == Support.at(1, 1))
    let y = try #require(Support.table(table, ["x"])?.entry("y z"))
    #expect(y.keyPosition == Support.at(1, 3) && y.node.position == Support.at(1, 3))
    let w = try #require(Support.table(table, ["x", "y z"])?.entry("w"))
    #expect(w.keyPosition == Support.at(1, 9) && w.node.position == Support.at(1, 13))
  }

  @Test func arrayOfTablesElementsArePlacedAtTheirHeaders() throws {
    let table = try TOMLParser.parse("[[p]]\nn = 1\n [[p]]\nn = 2\n")
    let p = try #require(table.entry("p"))
    #expect(p.keyPosition == Support.at(1, 3))
    #expect(p.node.position == Support.at(1, 1))
    guard case .array(let elements) = p.node.value else {
      Issue.record("p is not an array")
      return
    }
    #expect(elements.map(\.position) == [Support.at(1, 1), Support.at(3, 2)])
  }

  @Test func inlineTablePositions() throws {
    let table = try TOMLParser.parse("t = { a = 1, b.c = \"x\" }\n")
    let t = try #require(table.entry("t"))
    #expect(t.node.position == Support.at(1, 5))
    let c = try #require(Support.table(table, ["t", "b"])?.entry("c"))
    #expect(c.keyPosition == Support.at(1, 16))
    #expect(c.node.position == Support.at(1, 20))
  }

  @Test func positionsAfterCRLFAndByteOrderMark() throws {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a = 1\r\nb = 2\r\n".utf8)
    let table = try TOMLParser.parse(bytes)
    #expect(table.entry("a")?.keyPosition == Support.at(1, 1))
    #expect(table.entry("b")?.node.position == Support.at(2, 5))
    let error = try #require(Support.error(parsing: [0xEF, 0xBB, 0xBF] + Array("a = ?".utf8)))
    #expect(error.position == Support.at(1, 5))
    #expect(error.lineText == "a = ?")
  }

  @Test func positionsAfterMultilineStrings() throws {
    let table = try TOMLParser.parse("s = \"\"\"\none\ntwo \\\n  three\"\"\" \nn = 5\n")
    #expect(table["s"]?.value == .string("one\ntwo three"))
    #expect(table.entry("n")?.keyPosition == Support.at(5, 1))
    #expect(table.entry("n")?.node.position == Support.at(5, 5))
  }
}
