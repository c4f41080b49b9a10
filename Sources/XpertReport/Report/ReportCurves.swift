import XpertCore

/// The learning curves of a report, decided from the table and its jobs' curves: per plotted
/// metric that some job logged more than once, one curve per configuration (the table's rows),
/// the mean over its counted replicates in each of `bins` stretches of the x axis, with their
/// sd. At most `maxSeries` configurations, the best by the metric's column when there are more.
enum ReportCurves {
  /// The most configurations one plot shows (the palette's eight colours).
  static let maxSeries = 8
  /// Into how many stretches the x axis is cut to average replicates (whose steps need not
  /// match: a run still going, another logging cadence).
  static let bins = 40

  /// The rows a plot of `column` shows: those with a counted job that logged the metric more
  /// than once (by its summary: decided before any curve is read), the best `maxSeries` by
  /// the column when there are more; and how many rows had such a job.
  static func shownRows(
    _ table: ResultsTable, entries: [ResultsTable.Entry], column: Int
  ) -> (rows: [Int], total: Int) {
    let metric = table.columns[column]
    let rows = table.rows.indices.filter { row in
      table.rows[row].counted.contains {
        (entries[$0].metrics.summaries[metric.name]?.count ?? 0) > 1
      }
    }
    guard rows.count > maxSeries else { return (rows, rows.count) }
    let best = rows.enumerated().sorted { a, b in
      switch (table.rows[a.element].cells[column].mean, table.rows[b.element].cells[column].mean) {
      case (let x?, let y?) where x != y && !x.isNaN && !y.isNaN:
        return metric.lowerIsBetter ? x < y : x > y
      case (_?, nil): return true
      case (nil, _?): return false
      default: return a.offset < b.offset
      }
    }
    return (best.prefix(maxSeries).map(\.element), rows.count)
  }

  /// The curves the plots of `columns` need: for each job (a position in `entries`), the
  /// metrics' names. A report reads only these: 8 configurations of a 2,000-configuration
  /// sweep, not all of them.
  static func needed(
    _ table: ResultsTable, entries: [ResultsTable.Entry], columns: [Int]
  ) -> [Int: Set<String>] {
    var needed: [Int: Set<String>] = [:]
    for column in columns {
      for row in shownRows(table, entries: entries, column: column).rows {
        for job in table.rows[row].counted {
          needed[job, default: []].insert(table.columns[column].name)
        }
      }
    }
    return needed
  }

  /// A plot per column in `columns` (indices into the table's columns) that has curves.
  static func plots(
    _ table: ResultsTable, entries: [ResultsTable.Entry], columns: [Int]
  ) -> [SVGCurvePlot] {
    columns.compactMap { column in
      let metric = table.columns[column]
      let (shown, total) = shownRows(table, entries: entries, column: column)
      let rows: [(row: ResultsTable.Row, curves: [MetricCurve])] = shown.compactMap { index in
        let row = table.rows[index]
        let curves = row.counted.compactMap { entries[$0].metrics.curves[metric.name] }
          .filter { $0.points(bySteps: false).count > 1 }
        return curves.isEmpty ? nil : (row, curves)
      }
      guard !rows.isEmpty else { return nil }
      let bySteps = rows.allSatisfy { $0.curves.allSatisfy(\.hasSteps) }
      let byEpoch = bySteps && rows.contains { $0.curves.contains(where: \.byEpoch) }
      let x = byEpoch ? "epoch" : bySteps ? "step" : "value logged"
      // `epoch` against itself says nothing.
      if byEpoch && metric.name == "epoch" { return nil }
      let xs = rows.flatMap { $0.curves.flatMap { $0.points(bySteps: bySteps).map(\.x) } }
      let low = xs.min() ?? 0
      let high = xs.max() ?? 0
      func bin(_ x: Double) -> Int {
        high > low ? min(bins - 1, Int((x - low) / (high - low) * Double(bins))) : 0
      }
      let series = rows.map { row, curves in
        // Each job's mean in each stretch, then the mean and sd over jobs.
        var perBin: [Int: [(x: Double, y: Double)]] = [:]
        for curve in curves {
          var sums: [Int: (x: Double, y: Double, n: Double)] = [:]
          for point in curve.points(bySteps: bySteps) {
            let sum = sums[bin(point.x), default: (0, 0, 0)]
            sums[bin(point.x)] = (sum.x + point.x, sum.y + point.y, sum.n + 1)
          }
          for (at, sum) in sums { perBin[at, default: []].append((sum.x / sum.n, sum.y / sum.n)) }
        }
        return SVGCurvePlot.Series(
          name: name(of: row, in: table, metric: metric),
          points: perBin.keys.sorted().map { at in
            let found = perBin[at]!
            let cell = ResultsTable.Cell(values: found.map(\.y), of: found.count)
            return SVGCurvePlot.Point(
              x: found.map(\.x).reduce(0, +) / Double(found.count), mean: cell.mean!,
              sd: cell.sd)
          })
      }
      var notes: [String] = []
      if let replicate = table.replicate { notes.append("mean ± sd over \(replicate)") }
      if total > maxSeries { notes.append("best \(maxSeries) of \(total) by \(metric)") }
      return SVGCurvePlot(
        title: "\(metric.name) by \(x)"
          + (notes.isEmpty ? "" : " (" + notes.joined(separator: "; ") + ")"),
        xLabel: bySteps ? x : "n-th value logged (no step or epoch)", yLabel: metric.name,
        legendTitle: table.axes.count > 1 && table.grouped
          ? table.axes.joined(separator: ", ") : nil,
        series: series)
    }
  }

  /// A configuration's name in the legend: its keys' values, or the metric for a sweep of one.
  private static func name(
    of row: ResultsTable.Row, in table: ResultsTable, metric: MetricColumn
  ) -> String {
    if let uid = row.uid { return uid }
    switch table.axes.count {
    case 0: return metric.name
    case 1: return "\(table.axes[0])=\(row.values[0])"
    default: return row.values.joined(separator: ", ")  // under a heading naming the keys
    }
  }
}
