/// A heatmap as inline SVG, for a metric when exactly two keys vary: one cell per pair of
/// values, coloured on the viridis scale (readable in grey and by colour-blind readers), with
/// the value written in each cell and a colour bar from the smallest to the largest.
struct SVGHeatmap {
  var title: String
  /// The key across (columns) and its values in order.
  var xKey: String
  var xValues: [String]
  /// The key down (rows) and its values in order.
  var yKey: String
  var yValues: [String]
  /// The value of each (x, y) pair that has one.
  var values: [String: [String: Double]]

  /// Viridis at nine evenly spaced stops.
  static let viridis: [(Double, Double, Double)] = [
    (68, 1, 84), (71, 44, 122), (59, 81, 139), (44, 113, 142), (33, 144, 141),
    (39, 173, 129), (92, 200, 99), (170, 220, 50), (253, 231, 37),
  ]

  /// The colour at `fraction` (0 ... 1) of the scale, and whether text on it should be dark.
  static func colour(_ fraction: Double) -> (css: String, darkText: Bool) {
    let t = max(0, min(1, fraction)) * Double(viridis.count - 1)
    let low = Int(t.rounded(.down))
    let high = min(viridis.count - 1, low + 1)
    let part = t - Double(low)
    let mix = { (a: Double, b: Double) in Int((a + (b - a) * part).rounded()) }
    let (r, g, b) = (
      mix(viridis[low].0, viridis[high].0), mix(viridis[low].1, viridis[high].1),
      mix(viridis[low].2, viridis[high].2)
    )
    let hex = [r, g, b].map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
    return ("#" + hex, 0.299 * Double(r) + 0.587 * Double(g) + 0.114 * Double(b) > 140)
  }

  var svg: String {
    let n = SVGText.number
    let e = SVGText.escaped
    let cellWidth = max(48.0, min(90, 440 / Double(max(1, xValues.count))))
    let cellHeight = 26.0
    let left = 24 + Double((yValues.map(\.count).max() ?? 1) * 7)
    let top = 40.0
    let width = left + cellWidth * Double(xValues.count) + 90
    let height = top + cellHeight * Double(yValues.count) + 48
    let all = values.values.flatMap(\.values).filter(\.isFinite)
    let low = all.min() ?? 0
    let high = all.max() ?? 1
    var parts = [
      "<svg class=\"plot heatmap\" width=\"\(n(width))\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-label=\"\(e(title))\">",
      "<text class=\"title\" x=\"\(n(left))\" y=\"20\">\(e(title))</text>",
    ]
    for (row, y) in yValues.enumerated() {
      let top = top + Double(row) * cellHeight
      parts.append(
        "<text class=\"tick\" x=\"\(n(left - 6))\" y=\"\(n(top + cellHeight / 2 + 4))\" text-anchor=\"end\">\(e(y))</text>"
      )
      for (column, x) in xValues.enumerated() {
        let cellLeft = left + Double(column) * cellWidth
        guard let value = values[x]?[y], value.isFinite else {
          parts.append(
            "<rect class=\"empty\" x=\"\(n(cellLeft))\" y=\"\(n(top))\" width=\"\(n(cellWidth))\" height=\"\(n(cellHeight))\"/>"
          )
          continue
        }
        let (fill, dark) = Self.colour(high > low ? (value - low) / (high - low) : 0.5)
        parts.append(
          "<rect x=\"\(n(cellLeft))\" y=\"\(n(top))\" width=\"\(n(cellWidth))\" height=\"\(n(cellHeight))\" fill=\"\(fill)\"/>"
            + "<text class=\"cell\" x=\"\(n(cellLeft + cellWidth / 2))\" y=\"\(n(top + cellHeight / 2 + 4))\" "
            + "text-anchor=\"middle\" fill=\"\(dark ? "#000" : "#fff")\">\(NumberText.short(value))</text>"
        )
      }
    }
    let bottom = top + cellHeight * Double(yValues.count)
    for (column, x) in xValues.enumerated() {
      parts.append(
        "<text class=\"tick\" x=\"\(n(left + (Double(column) + 0.5) * cellWidth))\" y=\"\(n(bottom + 16))\" text-anchor=\"middle\">\(e(x))</text>"
      )
    }
    parts.append(
      "<text class=\"label\" x=\"\(n(left + cellWidth * Double(xValues.count) / 2))\" y=\"\(n(bottom + 36))\" text-anchor=\"middle\">\(e(xKey))</text>"
    )
    parts.append(
      "<text class=\"label\" x=\"8\" y=\"\(n(top - 8))\">\(e(yKey))</text>")
    // The colour bar.
    let barLeft = left + cellWidth * Double(xValues.count) + 24
    let barHeight = max(cellHeight * Double(yValues.count), 60)
    for step in 0..<20 {
      let fraction = Double(step) / 19
      parts.append(
        "<rect x=\"\(n(barLeft))\" y=\"\(n(top + barHeight * (1 - fraction) - barHeight / 20))\" width=\"14\" "
          + "height=\"\(n(barHeight / 20 + 0.5))\" fill=\"\(Self.colour(fraction).css)\"/>")
    }
    parts.append(
      "<text class=\"tick\" x=\"\(n(barLeft + 18))\" y=\"\(n(top + 8))\">\(NumberText.short(high))</text>"
        + "<text class=\"tick\" x=\"\(n(barLeft + 18))\" y=\"\(n(top + barHeight))\">\(NumberText.short(low))</text>"
    )
    parts.append("</svg>")
    return parts.joined(separator: "\n")
  }
}
