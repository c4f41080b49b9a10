/// A line plot as inline SVG, drawn by hand (no library, no script, no outside URL): one line
/// per series through the means, sd error bars, each replicate as a faint dot, axes with ticks
/// and labels, a legend and a title. Log x axis for geometrically spaced values.
struct SVGLinePlot {
  /// One point of a series: at `x`, the mean, its sd, and the replicates.
  struct Point {
    var x: String
    var mean: Double
    var sd: Double?
    var values: [Double]
  }

  /// One line.
  struct Series {
    var name: String
    var points: [Point]
  }

  var title: String
  var xLabel: String
  var yLabel: String
  var series: [Series]

  static let width = 560.0
  static let height = 320.0
  static let left = 64.0
  static let right = 150.0
  static let top = 34.0
  static let bottom = 48.0

  /// The `<svg>` element.
  var svg: String {
    let xScale = AxisScale(series.flatMap { $0.points.map(\.x) })
    let ys = series.flatMap { series in
      series.points.flatMap { [$0.mean - ($0.sd ?? 0), $0.mean + ($0.sd ?? 0)] + $0.values }
    }.filter(\.isFinite)
    let (yTicks, yLow, yHigh) = PlotTicks.linear(ys.min() ?? 0, ys.max() ?? 1)
    let plotWidth = Self.width - Self.left - Self.right
    let plotHeight = Self.height - Self.top - Self.bottom
    // The outermost points stand a little inside the axes, so that bars and dots stay clear.
    func px(_ x: String) -> Double { Self.left + (0.05 + 0.9 * xScale.position(x)) * plotWidth }
    func py(_ y: Double) -> Double {
      Self.top + plotHeight - (yHigh > yLow ? (y - yLow) / (yHigh - yLow) : 0.5) * plotHeight
    }
    let n = SVGText.number
    var parts: [String] = []
    parts.append(
      "<svg class=\"plot lines\" viewBox=\"0 0 \(n(Self.width)) \(n(Self.height))\" role=\"img\" "
        + "aria-label=\"\(SVGText.escaped(title))\">")
    parts.append(
      "<text class=\"title\" x=\"\(n(Self.left))\" y=\"20\">\(SVGText.escaped(title))</text>")
    // Axes, grid and ticks.
    let axisY = Self.top + plotHeight
    parts.append(
      "<line class=\"axis\" x1=\"\(n(Self.left))\" y1=\"\(n(axisY))\" x2=\"\(n(Self.left + plotWidth))\" y2=\"\(n(axisY))\"/>"
    )
    parts.append(
      "<line class=\"axis\" x1=\"\(n(Self.left))\" y1=\"\(n(Self.top))\" x2=\"\(n(Self.left))\" y2=\"\(n(axisY))\"/>"
    )
    for tick in yTicks {
      let y = py(tick)
      parts.append(
        "<line class=\"grid\" x1=\"\(n(Self.left))\" y1=\"\(n(y))\" x2=\"\(n(Self.left + plotWidth))\" y2=\"\(n(y))\"/>"
          + "<text class=\"tick\" x=\"\(n(Self.left - 6))\" y=\"\(n(y + 4))\" text-anchor=\"end\">"
          + NumberText.short(tick) + "</text>")
    }
    var xs: [String] = []
    for point in series.flatMap(\.points) where !xs.contains(point.x) { xs.append(point.x) }
    // At most 12 labels: every k-th value when there are more.
    let sortedXs = xs.sorted(by: { xScale.position($0) < xScale.position($1) })
    let every = max(1, (sortedXs.count + 11) / 12)
    for (index, x) in sortedXs.enumerated() where index % every == 0 {
      parts.append(
        "<line class=\"axis\" x1=\"\(n(px(x)))\" y1=\"\(n(axisY))\" x2=\"\(n(px(x)))\" y2=\"\(n(axisY + 5))\"/>"
          + "<text class=\"tick\" x=\"\(n(px(x)))\" y=\"\(n(axisY + 18))\" text-anchor=\"middle\">"
          + SVGText.escaped(x) + "</text>")
    }
    parts.append(
      "<text class=\"label\" x=\"\(n(Self.left + plotWidth / 2))\" y=\"\(n(Self.height - 8))\" text-anchor=\"middle\">"
        + SVGText.escaped(xLabel + (xScale.isLog ? " (log scale)" : "")) + "</text>")
    parts.append(
      "<text class=\"label\" transform=\"rotate(-90)\" x=\"\(n(-(Self.top + plotHeight / 2)))\" y=\"14\" text-anchor=\"middle\">"
        + SVGText.escaped(yLabel) + "</text>")
    // Series: replicates, error bars, the line through the means, the legend.
    for (number, line) in series.enumerated() {
      let colour = SVGText.palette[number % SVGText.palette.count]
      let points = line.points.sorted { xScale.position($0.x) < xScale.position($1.x) }
      var group = "<g class=\"series\" stroke=\"\(colour)\" fill=\"\(colour)\">"
      for point in points {
        for value in point.values where point.values.count > 1 && value.isFinite {
          group +=
            "<circle class=\"replicate\" cx=\"\(n(px(point.x)))\" cy=\"\(n(py(value)))\" r=\"2.5\"/>"
        }
        if let sd = point.sd, sd > 0 {
          let (x, y1, y2) = (px(point.x), py(point.mean - sd), py(point.mean + sd))
          group +=
            "<path class=\"error\" d=\"M\(n(x)) \(n(y1))V\(n(y2))M\(n(x - 4)) \(n(y1))h8M\(n(x - 4)) \(n(y2))h8\"/>"
        }
      }
      if points.count > 1 {
        group +=
          "<polyline class=\"mean\" points=\""
          + points.map { "\(n(px($0.x))),\(n(py($0.mean)))" }.joined(separator: " ") + "\"/>"
      }
      for point in points {
        group +=
          "<circle class=\"point\" cx=\"\(n(px(point.x)))\" cy=\"\(n(py(point.mean)))\" r=\"3.5\"/>"
      }
      let legendY = Self.top + 14 + Double(number) * 18
      group +=
        "<rect x=\"\(n(Self.width - Self.right + 16))\" y=\"\(n(legendY - 9))\" width=\"12\" height=\"12\"/>"
        + "<text class=\"legend\" x=\"\(n(Self.width - Self.right + 34))\" y=\"\(n(legendY + 1))\" stroke=\"none\">"
        + SVGText.escaped(line.name) + "</text></g>"
      parts.append(group)
    }
    parts.append("</svg>")
    return parts.joined(separator: "\n")
  }
}
