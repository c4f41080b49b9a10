import XpertCore

/// `xpert results --plot METRIC`: the metric against the first varying key, drawn with braille
/// characters within the terminal's width, one line per value of the second varying key (in
/// colour where colour is on), other keys averaged. A quick look over SSH.
struct TerminalPlot {
  /// How text is coloured.
  var style: ConsoleStyle
  /// The width to fit, in characters.
  var width: Int
  /// The plot's height in characters.
  var height = 12

  /// The palette's ANSI colours (Okabe–Ito's, as near as the 8 terminal colours come).
  static let colours: [ConsoleStyle.Colour] = [.blue, .yellow, .green, .red]

  /// The plot of `column` of `table` (grouped: the means of its rows).
  func lines(_ table: ResultsTable, column: Int) -> [String] {
    let metric = table.columns[column]
    guard let axis = table.axes.first else {
      return ["--plot \(metric): no key varies among the jobs, so there is nothing to plot against"]
    }
    // Points: (x value, series value, y), from the rows that have the metric.
    var points: [(x: String, series: String, y: Double)] = []
    for row in table.rows {
      guard let y = row.cells[column].mean, y.isFinite else { continue }
      points.append((row.values[0], table.axes.count > 1 ? row.values[1] : "", y))
    }
    guard let low = points.map(\.y).min(), let high = points.map(\.y).max() else {
      return ["--plot \(metric): no job has a value of it yet"]
    }
    let scale = AxisScale(points.map(\.x))
    var seriesNames: [String] = []
    for point in points where !seriesNames.contains(point.series) {
      seriesNames.append(point.series)
    }
    let labels = [NumberText.short(high), NumberText.short(low)]
    let labelWidth = labels.map(\.count).max()!
    var canvas = BrailleCanvas(columns: max(10, width - labelWidth - 3), rows: height)
    for (number, name) in seriesNames.enumerated() {
      // Several points at one x (other keys vary too) are averaged.
      var byX: [String: [Double]] = [:]
      var order: [String] = []
      for point in points where point.series == name {
        if byX[point.x] == nil { order.append(point.x) }
        byX[point.x, default: []].append(point.y)
      }
      let dots = order.sorted { scale.position($0) < scale.position($1) }.map { x -> (Int, Int) in
        let ys = byX[x]!
        let y = ys.reduce(0, +) / Double(ys.count)
        let fraction = high > low ? (y - low) / (high - low) : 0.5
        return (
          Int((scale.position(x) * Double(canvas.width - 1)).rounded()),
          Int((fraction * Double(canvas.height - 1)).rounded())
        )
      }
      for (from, to) in zip(dots, dots.dropFirst()) {
        canvas.line(from: from, to: to, series: number)
      }
      if dots.count == 1 { canvas.set(dots[0].0, dots[0].1, series: number) }
    }
    let colour = seriesNames.count > 1 && style.colour
    let body = canvas.lines { character, series in
      colour ? style.paint(character, Self.colours[series % Self.colours.count]) : character
    }
    let pad = { (text: String) in String(repeating: " ", count: labelWidth - text.count) + text }
    var lines = [
      "\(metric) against \(axis)" + (table.replicate.map { " (mean over \($0))" } ?? "")
        + (scale.isLog ? ", log scale" : "")
    ]
    for (index, row) in body.enumerated() {
      let label = index == 0 ? labels[0] : index == body.count - 1 ? labels[1] : ""
      lines.append(pad(label) + (label.isEmpty ? " │" : " ┤") + row)
    }
    lines.append(
      String(repeating: " ", count: labelWidth) + " └"
        + String(repeating: "─", count: canvas.columns))
    lines.append(
      String(repeating: " ", count: labelWidth + 2)
        + xLabels(scale, points.map(\.x), columns: canvas.columns))
    if seriesNames.count > 1 {
      let legend = seriesNames.enumerated().map { number, name in
        let mark = "⣿"
        return
          (colour ? style.paint(mark, Self.colours[number % Self.colours.count]) : "\(number + 1):")
          + " \(table.axes[1])=\(name)"
      }
      lines.append(String(repeating: " ", count: labelWidth + 2) + legend.joined(separator: "  "))
    }
    return lines
  }

  /// The x values under the axis, each at its place, as many as fit.
  private func xLabels(_ scale: AxisScale, _ values: [String], columns: Int) -> String {
    var line = [Character](repeating: " ", count: columns + 12)
    var distinct: [String] = []
    for value in values where !distinct.contains(value) { distinct.append(value) }
    var free = 0
    for value in distinct.sorted(by: { scale.position($0) < scale.position($1) }) {
      let at = min(
        columns - 1, Int((scale.position(value) * Double(columns * 2 - 1)).rounded()) / 2)
      let start = max(free, min(at - value.count / 2, columns + 12 - value.count))
      guard start >= free, start + value.count <= line.count else { continue }
      for (offset, character) in value.enumerated() { line[start + offset] = character }
      free = start + value.count + 1
    }
    return String(line).reversed().drop { $0 == " " }.reversed().map(String.init).joined()
  }
}
