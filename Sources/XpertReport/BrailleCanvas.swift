/// A grid of Unicode braille characters, each 2 dots wide and 4 high, to draw on dot by dot:
/// a plot in the terminal with four times the resolution of block characters.
struct BrailleCanvas {
  /// Width and height in characters.
  let columns: Int
  let rows: Int
  /// For each character, its dots (braille bits) and the series that drew last there.
  private var dots: [UInt8]
  private var owner: [Int?]

  init(columns: Int, rows: Int) {
    self.columns = max(1, columns)
    self.rows = max(1, rows)
    dots = Array(repeating: 0, count: self.columns * self.rows)
    owner = Array(repeating: nil, count: self.columns * self.rows)
  }

  /// Width and height in dots.
  var width: Int { columns * 2 }
  var height: Int { rows * 4 }

  /// Sets the dot at `x` (from the left) and `y` (from the bottom), for `series`.
  mutating func set(_ x: Int, _ y: Int, series: Int) {
    guard x >= 0, y >= 0, x < width, y < height else { return }
    let top = height - 1 - y
    let cell = (top / 4) * columns + x / 2
    // Braille dot numbering: left column 1, 2, 3, 7; right column 4, 5, 6, 8 (top to bottom).
    let bits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
    dots[cell] |= bits[x % 2][top % 4]
    owner[cell] = series
  }

  /// Draws a straight line of dots from one point to another (Bresenham).
  mutating func line(from start: (Int, Int), to end: (Int, Int), series: Int) {
    var (x, y) = start
    let dx = abs(end.0 - x)
    let dy = -abs(end.1 - y)
    let stepX = x < end.0 ? 1 : -1
    let stepY = y < end.1 ? 1 : -1
    var error = dx + dy
    while true {
      set(x, y, series: series)
      if x == end.0 && y == end.1 { return }
      let doubled = 2 * error
      if doubled >= dy {
        error += dy
        x += stepX
      }
      if doubled <= dx {
        error += dx
        y += stepY
      }
    }
  }

  /// The rows as text; `paint` colours a character by the series that drew it last.
  func lines(paint: (String, Int) -> String) -> [String] {
    (0..<rows).map { row in
      (0..<columns).map { column in
        let cell = row * columns + column
        let character = String(UnicodeScalar(0x2800 + UInt32(dots[cell]))!)
        guard dots[cell] != 0, let series = owner[cell] else { return character }
        return paint(character, series)
      }.joined()
    }
  }
}
