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

  /// The `<svg>` element.
  var svg: String {
    let xScale = AxisScale(series.flatMap { $0.points.map(\.x) })
    let frame = SVGFrame(
      covering: series.flatMap { series in
        series.points.flatMap { [$0.mean - ($0.sd ?? 0), $0.mean + ($0.sd ?? 0)] + $0.values }
      })
    // The outermost points stand a little inside the axes, so that bars and dots stay clear.
    func px(_ x: String) -> Double {
      SVGFrame.left + (0.05 + 0.9 * xScale.position(x)) * SVGFrame.plotWidth
    }
    let py = frame.py
    let n = SVGText.number
    var parts = frame.start(kind: "lines", title: title)
    var xs: [String] = []
    for point in series.flatMap(\.points) where !xs.contains(point.x) { xs.append(point.x) }
    // At most 12 labels: every k-th value when there are more.
    let sortedXs = xs.sorted(by: { xScale.position($0) < xScale.position($1) })
    let every = max(1, (sortedXs.count + 11) / 12)
    for (index, x) in sortedXs.enumerated() where index % every == 0 {
      parts.append(frame.xTick(at: px(x), label: x))
    }
    parts += frame.labels(x: xLabel + (xScale.isLog ? " (log scale)" : ""), y: yLabel)
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
      group += frame.legend(number, line.name) + "</g>"
      parts.append(group)
    }
    parts.append("</svg>")
    return parts.joined(separator: "\n")
  }
}
