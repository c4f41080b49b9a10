/// Parallel coordinates as inline SVG, when three keys or more vary: one vertical axis per key
/// and one for the metric, each configuration a line across them, coloured on the viridis
/// scale by its value of the metric (grey and dashed where it has none).
struct SVGParallelCoordinates {
  var title: String
  /// The varying keys, in order.
  var keys: [String]
  /// Each configuration's value of each key.
  var rows: [[String]]
  /// The metric and each configuration's value of it.
  var metric: String
  var values: [Double?]

  static let width = 680.0
  static let height = 330.0
  static let top = 44.0
  static let bottom = 40.0
  static let side = 56.0

  var svg: String {
    let n = SVGText.number
    let e = SVGText.escaped
    let axes = keys.count + 1
    let gap = (Self.width - 2 * Self.side) / Double(max(1, axes - 1))
    let plotHeight = Self.height - Self.top - Self.bottom
    let scales = keys.indices.map { key in AxisScale(rows.map { $0[key] }) }
    let finite = values.compactMap { $0 }.filter(\.isFinite)
    let (ticks, low, high) = PlotTicks.linear(finite.min() ?? 0, finite.max() ?? 1)
    func y(_ fraction: Double) -> Double { Self.top + plotHeight * (1 - fraction) }
    func x(_ axis: Int) -> Double { Self.side + Double(axis) * gap }
    var parts = [
      "<svg class=\"plot parallel\" width=\"\(n(Self.width))\" viewBox=\"0 0 \(n(Self.width)) \(n(Self.height))\" "
        + "role=\"img\" aria-label=\"\(e(title))\">",
      "<text class=\"title\" x=\"\(n(Self.side))\" y=\"18\">\(e(title))</text>",
    ]
    // The lines first, so that the axes and their labels stay on top.
    for (row, keyValues) in rows.enumerated() {
      let value = values[row].flatMap { $0.isFinite ? $0 : nil }
      let fraction = value.map { high > low ? ($0 - low) / (high - low) : 0.5 }
      var points = keyValues.enumerated().map { key, text in
        "\(n(x(key))),\(n(y(scales[key].position(text))))"
      }
      if let fraction { points.append("\(n(x(keys.count))),\(n(y(fraction)))") }
      let style =
        fraction.map { "stroke=\"\(SVGHeatmap.colour($0).css)\"" }
        ?? "stroke=\"#999\" stroke-dasharray=\"4 3\""
      parts.append(
        "<polyline class=\"configuration\" \(style) points=\"\(points.joined(separator: " "))\"/>")
    }
    for (axis, name) in (keys + [metric]).enumerated() {
      parts.append(
        "<line class=\"axis\" x1=\"\(n(x(axis)))\" y1=\"\(n(Self.top))\" x2=\"\(n(x(axis)))\" y2=\"\(n(Self.top + plotHeight))\"/>"
          + "<text class=\"label\" x=\"\(n(x(axis)))\" y=\"\(n(Self.top - 12))\" text-anchor=\"middle\">\(e(name))</text>"
      )
      let labels: [(String, Double)]
      if axis < keys.count {
        var distinct: [String] = []
        for row in rows where !distinct.contains(row[axis]) { distinct.append(row[axis]) }
        let shown = distinct.count <= 8 ? distinct : [distinct.min()!, distinct.max()!]
        labels = shown.map { ($0, scales[axis].position($0)) }
      } else {
        labels = ticks.map { (NumberText.short($0), high > low ? ($0 - low) / (high - low) : 0.5) }
      }
      for (text, fraction) in labels {
        parts.append(
          "<text class=\"tick\" x=\"\(n(x(axis) + 5))\" y=\"\(n(y(fraction) + 4))\">\(e(text))</text>"
        )
      }
    }
    parts.append(
      "<text class=\"tick\" x=\"\(n(Self.side))\" y=\"\(n(Self.height - 10))\">"
        + e("each line is a configuration, coloured by \(metric)") + "</text>")
    parts.append("</svg>")
    return parts.joined(separator: "\n")
  }
}
