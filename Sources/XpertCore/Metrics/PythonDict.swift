/// A flat Python dict literal as `print(dict)` writes it, e.g. the Hugging Face Trainer's
/// `{'loss': 0.69, 'learning_rate': 5e-05, 'epoch': 0.5}`: its numeric members.
enum PythonDict {
  /// The `(key, number)` members of `text`, or `nil` if it is not such a dict. String, `None`
  /// and boolean members are left out; a nested dict or list makes it no dict.
  static func pairs(in text: ArraySlice<UInt8>) -> [(String, Double)]? {
    var bytes = text
    func skipSpaces() { while bytes.first == 32 || bytes.first == 9 { bytes.removeFirst() } }
    func quoted() -> String? {
      guard let quote = bytes.first, quote == 39 || quote == 34 else { return nil }
      bytes.removeFirst()
      guard let end = bytes.firstIndex(of: quote) else { return nil }
      let text = String(decoding: bytes[..<end], as: UTF8.self)
      bytes = bytes[(end + 1)...]
      return text
    }
    guard bytes.first == UInt8(ascii: "{") else { return nil }
    bytes.removeFirst()
    var found: [(String, Double)] = []
    while true {
      skipSpaces()
      if bytes.first == UInt8(ascii: "}") { break }
      guard let key = quoted() else { return nil }
      skipSpaces()
      guard bytes.first == UInt8(ascii: ":") else { return nil }
      bytes.removeFirst()
      skipSpaces()
      if bytes.first == 39 || bytes.first == 34 {
        guard quoted() != nil else { return nil }
      } else {
        let end = bytes.firstIndex { $0 == 44 || $0 == 125 } ?? bytes.endIndex
        let literal = bytes[..<end].reversed().drop { $0 == 32 }.reversed()
        bytes = bytes[end...]
        if let value = LineMetrics.number(literal) {
          found.append((key, value))
        } else if !["None", "True", "False"].contains(String(decoding: literal, as: UTF8.self)) {
          return nil
        }
      }
      skipSpaces()
      if bytes.first == 44 { bytes.removeFirst() } else if bytes.first != 125 { return nil }
    }
    return found
  }
}
