import TOML
import Testing

/// TOMLTable's own API: order, lookup past the linear-search size, exact keys.
@Suite struct TOMLTableTests {
  private func entry(_ key: String, _ value: Int64) -> TOMLTable.Entry {
    let position = TOMLPosition(line: 1, column: 1)
    return TOMLTable.Entry(
      key: key, keyPosition: position, node: TOMLNode(.integer(value), at: position))
  }

  @Test func setReplacesInPlaceAndRemoveKeepsOrder() {
    var table = TOMLTable((0..<20).map { entry("k\($0)", Int64($0)) })
    #expect(table.count == 20)
    table.set(entry("k3", 300))
    #expect(table.keys.prefix(5) == ["k0", "k1", "k2", "k3", "k4"])
    #expect(table["k3"]?.value == .integer(300))
    table.remove("k0")
    table.remove("missing")
    #expect(table.count == 19)
    #expect(table["k0"] == nil)
    #expect(table["k19"]?.value == .integer(19))
    #expect(table.keys.first == "k1")
    for index in 1..<13 { table.remove("k\(index)") }
    #expect(table.keys == (13..<20).map { "k\($0)" })
    #expect(table["k15"]?.value == .integer(15))
    table.set(entry("new", 1))
    #expect(table.keys.last == "new" && table["new"]?.value == .integer(1))
  }

  @Test func keysAreExactCodePoints() {
    let table = TOMLTable([entry("\u{E9}", 1), entry("e\u{301}", 2), entry("\u{E9}", 3)])
    #expect(table.keys == ["\u{E9}", "e\u{301}"])
    #expect(table["\u{E9}"]?.value == .integer(3))
    #expect(table["e\u{301}"]?.value == .integer(2))
  }

  @Test func equalityComparesEntriesInOrder() {
    let one = TOMLTable([entry("a", 1), entry("b", 2)])
    #expect(one == TOMLTable([entry("a", 1), entry("b", 2)]))
    #expect(one != TOMLTable([entry("b", 2), entry("a", 1)]))
    #expect(one.hashValue == TOMLTable([entry("a", 1), entry("b", 2)]).hashValue)
  }
}
