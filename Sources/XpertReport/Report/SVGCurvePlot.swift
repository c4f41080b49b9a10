/// Learning curves as inline SVG, drawn by hand: one line per configuration through the mean
/// over its replicates at each step, a translucent band of ± one sd around it, numeric x axis
/// with ticks, a legend and a title.
struct SVGCurvePlot {
  /// One point of a curve: the mean over replicates at `x`, and its sd.
  struct Point: Equatable {
    var x: Double
    var mean: Double
    var sd: Double?
  }

  /// One configuration's curve.
  struct Series: Equatable {
    var name: String
    var points: [Point]
  }

  var title: String
  var xLabel: String
  var yLabel: String
  /// What the series' names are (`lr, model` for names like `0.01, vit`), if anything.
  var legendTitle: String?
  var series: [Series]

  /// The `<svg>` element.
  var svg: String {
    let points = series.flatMap(\.points)
    let frame = SVGFrame(
      covering: points.flatMap { [$0.mean - ($0.sd ?? 0), $0.mean + ($0.sd ?? 0)] })
    let xs = points.map(\.x)
    let (xTicks, xLow, xHigh) = PlotTicks.linear(xs.min() ?? 0, xs.max() ?? 1)
    func px(_ x: Double) -> Double {
      SVGFrame.left + (xHigh > xLow ? (x - xLow) / (xHigh - xLow) : 0.5) * SVGFrame.plotWidth
    }
    let py = frame.py
    let n = SVGText.number
    var parts = frame.start(kind: "curves", title: title)
    for tick in xTicks { parts.append(frame.xTick(at: px(tick), label: NumberText.short(tick))) }
    parts += frame.labels(x: xLabel, y: yLabel)
    if let legendTitle { parts.append(frame.legendHeading(legendTitle)) }
    let first = legendTitle == nil ? 0 : 1
    for (number, line) in series.enumerated() {
      let colour = SVGText.palette[number % SVGText.palette.count]
      var group = "<g class=\"series\" stroke=\"\(colour)\" fill=\"\(colour)\">"
      let sorted = line.points.sorted { $0.x < $1.x }
      if sorted.contains(where: { ($0.sd ?? 0) > 0 }) {
        let upper = sorted.map { "\(n(px($0.x))) \(n(py($0.mean + ($0.sd ?? 0))))" }
        let lower = sorted.reversed().map { "\(n(px($0.x))) \(n(py($0.mean - ($0.sd ?? 0))))" }
        group += "<path class=\"band\" d=\"M" + (upper + lower).joined(separator: "L") + "Z\"/>"
      }
      if sorted.count > 1 {
        group +=
          "<polyline class=\"mean\" points=\""
          + sorted.map { "\(n(px($0.x))),\(n(py($0.mean)))" }.joined(separator: " ") + "\"/>"
      } else if let only = sorted.first {
        group +=
          "<circle class=\"point\" cx=\"\(n(px(only.x)))\" cy=\"\(n(py(only.mean)))\" r=\"3\"/>"
      }
      group += frame.legend(first + number, line.name) + "</g>"
      parts.append(group)
    }
    parts.append("</svg>")
    return parts.joined(separator: "\n")
  }
}
