/// What the report's x–y plots share: the canvas and its margins, the title, the axes with the
/// y grid and ticks, the axis labels and the legend on the right.
struct SVGFrame {
  static let width = 560.0
  static let height = 320.0
  static let left = 64.0
  static let right = 150.0
  static let top = 34.0
  static let bottom = 48.0
  static let plotWidth = width - left - right
  static let plotHeight = height - top - bottom
  static let axisY = top + plotHeight

  /// The y range the plot spans and its ticks.
  let yTicks: [Double]
  let yLow: Double
  let yHigh: Double

  /// A frame whose y axis covers `values` (the finite ones).
  init(covering values: [Double]) {
    let finite = values.filter(\.isFinite)
    (yTicks, yLow, yHigh) = PlotTicks.linear(finite.min() ?? 0, finite.max() ?? 1)
  }

  /// The vertical position of `y`.
  func py(_ y: Double) -> Double {
    Self.top + Self.plotHeight
      - (yHigh > yLow ? (y - yLow) / (yHigh - yLow) : 0.5) * Self.plotHeight
  }

  /// The opening tag, the title, the axes and the y grid with its ticks.
  func start(kind: String, title: String) -> [String] {
    let n = SVGText.number
    var parts = [
      "<svg class=\"plot \(kind)\" viewBox=\"0 0 \(n(Self.width)) \(n(Self.height))\" "
        + "role=\"img\" aria-label=\"\(SVGText.escaped(title))\">",
      "<text class=\"title\" x=\"\(n(Self.left))\" y=\"20\">\(SVGText.escaped(title))</text>",
      "<line class=\"axis\" x1=\"\(n(Self.left))\" y1=\"\(n(Self.axisY))\" "
        + "x2=\"\(n(Self.left + Self.plotWidth))\" y2=\"\(n(Self.axisY))\"/>",
      "<line class=\"axis\" x1=\"\(n(Self.left))\" y1=\"\(n(Self.top))\" x2=\"\(n(Self.left))\" "
        + "y2=\"\(n(Self.axisY))\"/>",
    ]
    for tick in yTicks {
      let y = py(tick)
      parts.append(
        "<line class=\"grid\" x1=\"\(n(Self.left))\" y1=\"\(n(y))\" "
          + "x2=\"\(n(Self.left + Self.plotWidth))\" y2=\"\(n(y))\"/>"
          + "<text class=\"tick\" x=\"\(n(Self.left - 6))\" y=\"\(n(y + 4))\" text-anchor=\"end\">"
          + NumberText.short(tick) + "</text>")
    }
    return parts
  }

  /// A tick on the x axis at `x` (pixels) with its label.
  func xTick(at x: Double, label: String) -> String {
    let n = SVGText.number
    return "<line class=\"axis\" x1=\"\(n(x))\" y1=\"\(n(Self.axisY))\" x2=\"\(n(x))\" "
      + "y2=\"\(n(Self.axisY + 5))\"/>"
      + "<text class=\"tick\" x=\"\(n(x))\" y=\"\(n(Self.axisY + 18))\" text-anchor=\"middle\">"
      + SVGText.escaped(label) + "</text>"
  }

  /// The labels of both axes.
  func labels(x: String, y: String) -> [String] {
    let n = SVGText.number
    return [
      "<text class=\"label\" x=\"\(n(Self.left + Self.plotWidth / 2))\" "
        + "y=\"\(n(Self.height - 8))\" text-anchor=\"middle\">" + SVGText.escaped(x) + "</text>",
      "<text class=\"label\" transform=\"rotate(-90)\" "
        + "x=\"\(n(-(Self.top + Self.plotHeight / 2)))\" y=\"14\" text-anchor=\"middle\">"
        + SVGText.escaped(y) + "</text>",
    ]
  }

  /// A heading above the legend, in the place of entry 0 (whose entries then start at 1).
  func legendHeading(_ text: String) -> String {
    let n = SVGText.number
    return "<text class=\"legend heading\" x=\"\(n(Self.width - Self.right + 16))\" "
      + "y=\"\(n(Self.top + 15))\">" + SVGText.escaped(text) + "</text>"
  }

  /// The legend's entry for series `number` (in its colour, given by the enclosing group).
  func legend(_ number: Int, _ name: String) -> String {
    let n = SVGText.number
    let y = Self.top + 14 + Double(number) * 18
    return
      "<rect x=\"\(n(Self.width - Self.right + 16))\" y=\"\(n(y - 9))\" width=\"12\" height=\"12\"/>"
      + "<text class=\"legend\" x=\"\(n(Self.width - Self.right + 34))\" y=\"\(n(y + 1))\" "
      + "stroke=\"none\">" + SVGText.escaped(name) + "</text>"
  }
}
