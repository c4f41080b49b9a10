import XpertCore

/// The plots of a report, decided from the results table: each metric against each varying
/// key, one line per value of another varying key, the rest pooled.
enum ReportPlots {
  /// The line plots of `columns` (indices into the table's columns).
  static func lines(_ table: ResultsTable, columns: [Int]) -> [SVGLinePlot] {
    var plots: [SVGLinePlot] = []
    for column in columns {
      for (axis, key) in table.axes.enumerated() {
        let other = table.axes.indices.first { $0 != axis }
        // (series, x) → the counted values of every row there.
        var pooled: [String: [String: [Double]]] = [:]
        var seriesOrder: [String] = []
        var xOrder: [String] = []
        for row in table.rows {
          let series =
            other.map { "\(table.axes[$0])=\(row.values[$0])" } ?? table.columns[column].name
          let x = row.values[axis]
          guard !row.cells[column].values.isEmpty else { continue }
          if pooled[series] == nil { seriesOrder.append(series) }
          if !xOrder.contains(x) { xOrder.append(x) }
          pooled[series, default: [:]][x, default: []] += row.cells[column].values
        }
        guard !pooled.isEmpty else { continue }
        let series = seriesOrder.map { name in
          SVGLinePlot.Series(
            name: name,
            points: xOrder.compactMap { x in
              guard let values = pooled[name]?[x], !values.isEmpty else { return nil }
              let cell = ResultsTable.Cell(values: values, of: values.count)
              return SVGLinePlot.Point(x: x, mean: cell.mean!, sd: cell.sd, values: values)
            })
        }
        let metric = table.columns[column].description
        plots.append(
          SVGLinePlot(
            title: "\(metric) against \(key)"
              + (table.replicate.map { " (mean ± sd over \($0))" } ?? ""),
            xLabel: key, yLabel: metric, series: series))
      }
    }
    return plots
  }

  /// A heatmap per column in `columns` when exactly two keys vary.
  static func heatmaps(_ table: ResultsTable, columns: [Int]) -> [SVGHeatmap] {
    guard table.axes.count == 2 else { return [] }
    var xs: [String] = []
    var ys: [String] = []
    for row in table.rows {
      if !xs.contains(row.values[0]) { xs.append(row.values[0]) }
      if !ys.contains(row.values[1]) { ys.append(row.values[1]) }
    }
    let xScale = AxisScale(xs)
    let yScale = AxisScale(ys)
    xs.sort { xScale.position($0) < xScale.position($1) }
    ys.sort { yScale.position($0) > yScale.position($1) }  // the largest on top
    return columns.compactMap { column in
      var values: [String: [String: Double]] = [:]
      for row in table.rows {
        if let mean = row.cells[column].mean {
          values[row.values[0], default: [:]][row.values[1]] = mean
        }
      }
      guard !values.isEmpty else { return nil }
      let metric = table.columns[column].description
      return SVGHeatmap(
        title: "\(metric) by \(table.axes[0]) and \(table.axes[1])"
          + (table.replicate.map { " (mean over \($0))" } ?? ""),
        xKey: table.axes[0], xValues: xs, yKey: table.axes[1], yValues: ys, values: values)
    }
  }

  /// Parallel coordinates, coloured by the first plotted metric, when three keys or more vary.
  static func parallel(_ table: ResultsTable, columns: [Int]) -> [SVGParallelCoordinates] {
    guard table.axes.count >= 3, let column = columns.first else { return [] }
    let metric = table.columns[column].description
    return [
      SVGParallelCoordinates(
        title: "\(metric) across \(table.axes.joined(separator: ", "))"
          + (table.replicate.map { " (mean over \($0))" } ?? ""),
        keys: table.axes, rows: table.rows.map(\.values), metric: metric,
        values: table.rows.map { $0.cells[column].mean })
    ]
  }
}
