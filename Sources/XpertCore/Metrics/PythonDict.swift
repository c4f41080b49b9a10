/// A flat Python dict literal as `print(dict)` writes it, e.g. the Hugging Face Trainer's
/// `{'loss': 0.69, 'learning_rate': 5e-05, 'epoch': 0.5}`: its numeric members.
enum PythonDict {
  /// The `(key, number)` members of `text`, or `nil` if it is not such a dict. Members that
  /// are no number (strings, `None`, booleans, lists, tensors of more than one value) are left
  /// out; `np.float64(0.9)` and `tensor(0.9)` are 0.9.
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
        // Up to the member's end: the next comma or closing brace outside brackets.
        var depth = 0
        var end = bytes.startIndex
        while end < bytes.endIndex {
          let byte = bytes[end]
          if depth == 0 && (byte == 44 || byte == 125) { break }
          if byte == 40 || byte == 91 || byte == 123 { depth += 1 }
          if byte == 41 || byte == 93 || byte == 125 { depth -= 1 }
          end += 1
        }
        var literal = bytes[..<end]
        while literal.last == 32 { literal.removeLast() }
        bytes = bytes[end...]
        // numpy 2 prints `np.float64(0.9)`, torch `tensor(0.9)`: the number inside.
        if let open = literal.firstIndex(of: 40), literal.last == 41 {
          literal = literal[(open + 1)..<(literal.endIndex - 1)]
        }
        // A member that is no number (None, True, a list, an object) is left out.
        if let value = LineMetrics.number(literal) { found.append((key, value)) }
      }
      skipSpaces()
      if bytes.first == 44 { bytes.removeFirst() } else if bytes.first != 125 { return nil }
    }
    return found
  }
}
