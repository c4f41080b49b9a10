/// An array that has been opened and not closed yet.
final class TOMLOpenArray {
  /// The elements read so far.
  var elements: [TOMLNode] = []
  /// Where its `[` is.
  let opening: TOMLPosition
  /// Its nesting depth.
  let depth: Int
  /// Where the element being read starts.
  var elementPosition: TOMLPosition

  init(opening: TOMLPosition, depth: Int) {
    self.opening = opening
    self.depth = depth
    elementPosition = opening
  }
}

/// An inline table that has been opened and not closed yet.
final class TOMLOpenInlineTable {
  /// Its keys so far.
  let builder: TOMLTreeBuilder
  /// The key whose value is being read.
  var parts: [TOMLKeyPart] = []
  /// Where that value starts.
  var valuePosition = TOMLPosition(line: 1, column: 1)
  /// Its nesting depth.
  let depth: Int

  init(depth: Int) {
    self.depth = depth
    builder = TOMLTreeBuilder(depth: depth)
  }
}

/// An open array or inline table.
enum TOMLOpenContainer {
  case array(TOMLOpenArray)
  case inlineTable(TOMLOpenInlineTable)
}

/// What comes after a value inside a container.
private enum TOMLContainerStep {
  /// Another value, at this depth and in this context.
  case nextValue(depth: Int, context: TOMLValueContext)
  /// The container's end: its finished value.
  case closed(TOMLValue)
}

/// Values, arrays and inline tables. Nested containers are kept on an explicit stack rather than
/// the call stack, so nesting costs no stack space, in debug builds either.
extension TOMLScanner {
  /// Parses the value at `offset`. `depth` is how deeply an array or inline table here would be
  /// nested.
  mutating func parseValue(depth: Int, context: TOMLValueContext) throws(TOMLError) -> TOMLValue {
    var open: [TOMLOpenContainer] = []
    var depth = depth
    var context = context
    while true {
      var value: TOMLValue
      switch current {
      case UInt8(ascii: "["):
        try checkNesting(depth)
        let array = TOMLOpenArray(opening: position(), depth: depth)
        offset += 1
        try skipTrivia()
        if current != UInt8(ascii: "]") {
          array.elementPosition = position()
          open.append(.array(array))
          depth += 1
          context = .inArray
          continue
        }
        offset += 1
        value = .array([])
      case UInt8(ascii: "{"):
        try checkNesting(depth)
        offset += 1
        skipWhitespace()
        if current != UInt8(ascii: "}") {
          let table = TOMLOpenInlineTable(depth: depth)
          try parseInlineKey(into: &table.parts)
          table.valuePosition = position()
          open.append(.inlineTable(table))
          depth += table.parts.count
          context = .afterEquals
          continue
        }
        offset += 1
        value = .table(TOMLTable())
      default:
        value = try parseScalar(context: context)
      }
      // Hand the value to the innermost open container; repeat while that closes it.
      while let container = open.last {
        switch try add(value, to: container) {
        case .nextValue(let nextDepth, let nextContext):
          depth = nextDepth
          context = nextContext
        case .closed(let finished):
          open.removeLast()
          value = finished
          continue
        }
        break
      }
      if open.isEmpty { return value }
    }
  }

  /// Adds `value` to `container` and reads what follows: a separator and the start of the next
  /// value, or the container's end.
  private mutating func add(
    _ value: TOMLValue, to container: TOMLOpenContainer
  ) throws(TOMLError) -> TOMLContainerStep {
    switch container {
    case .array(let array):
      array.elements.append(TOMLNode(value, at: array.elementPosition))
      try skipTrivia()
      if current == UInt8(ascii: ",") {
        offset += 1
        try skipTrivia()
        if current != UInt8(ascii: "]") {
          array.elementPosition = position()
          return .nextValue(depth: array.depth + 1, context: .inArray)
        }
      } else if current != UInt8(ascii: "]") {
        throw arrayError(opening: array.opening)
      }
      offset += 1
      let elements = array.elements
      array.elements = []
      return .closed(.array(elements))
    case .inlineTable(let table):
      try table.builder.insert(table.parts, value: value, at: table.valuePosition)
      skipWhitespace()
      if current == UInt8(ascii: ",") {
        offset += 1
        skipWhitespace()
        if current == UInt8(ascii: "}") { throw inlineTableError() }
        try parseInlineKey(into: &table.parts)
        table.valuePosition = position()
        return .nextValue(depth: table.depth + table.parts.count, context: .afterEquals)
      }
      guard current == UInt8(ascii: "}") else { throw inlineTableError() }
      offset += 1
      return .closed(.table(table.builder.root.makeTable()))
    }
  }

  /// `key =` inside an inline table, and the whitespace after it.
  private mutating func parseInlineKey(into parts: inout [TOMLKeyPart]) throws(TOMLError) {
    try parseKey(into: &parts, expected: "a key in the inline table")
    guard current == UInt8(ascii: "=") else {
      throw error(
        "expected \"=\" after key \(TOMLKeyPart.quotedPath(parts)), found \(describe(at: offset))")
    }
    offset += 1
    skipWhitespace()
  }

  /// Throws when a container at `depth` would be nested too deeply.
  private mutating func checkNesting(_ depth: Int) throws(TOMLError) {
    if depth > TOMLParser.maximumNestingDepth { throw error(TOMLParser.nestingMessage) }
  }

  private mutating func arrayError(opening: TOMLPosition) -> TOMLError {
    let unterminated = isAtEnd ? "unterminated array (opened at \(opening)): " : ""
    return error(
      "\(unterminated)expected \",\" or \"]\" after an array element, found "
        + describe(at: offset))
  }

  private mutating func inlineTableError() -> TOMLError {
    if current == UInt8(ascii: "}") {
      return error("an inline table cannot have a trailing comma before \"}\"")
    }
    let hint =
      current == UInt8(ascii: "\n") || current == UInt8(ascii: "\r")
      ? " (an inline table must be on one line)" : ""
    return error(
      "expected \",\" or \"}\" after a value in the inline table, found \(describe(at: offset))"
        + hint)
  }
}
