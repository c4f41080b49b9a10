import XpertCore

/// `xpert results` output: the table as aligned text, CSV, TSV, JSON or Markdown
/// (docs/results.md has each shape).
public struct ResultsRendering: Sendable {
  /// The output formats.
  public enum Format: String, Sendable, CaseIterable {
    /// Aligned columns for a terminal.
    case table
    /// Comma-separated values.
    case csv
    /// Tab-separated values.
    case tsv
    /// One JSON document.
    case json
    /// A Markdown table.
    case md
  }

  /// How text is coloured (the best value of each metric stands out on a terminal).
  public var style: ConsoleStyle
  /// The terminal's width, to fit the table in (`nil`: no limit).
  public var width: Int?

  /// A renderer.
  public init(style: ConsoleStyle, width: Int?) {
    self.style = style
    self.width = width
  }

  /// `column` of `table` against its first varying key, in braille (`--plot`).
  public func plot(_ table: ResultsTable, column: MetricColumn) -> [String] {
    guard let index = table.columns.firstIndex(of: column) else {
      return ["--plot \(column): no job has a metric \"\(column.name)\""]
    }
    return TerminalPlot(style: style, width: width ?? 80).lines(table, column: index)
  }

  /// The lines of `table` in `format`.
  public func lines(_ table: ResultsTable, format: Format) -> [String] {
    switch format {
    case .table: text(table)
    case .csv: separated(table, separator: ",")
    case .tsv: separated(table, separator: "\t")
    case .json: [ResultsJSON.document(table)]
    case .md: markdown(table)
    }
  }

  private func text(_ table: ResultsTable) -> [String] {
    var lines: [String] = []
    if !table.constants.isEmpty {
      lines.append(
        "same in every job: "
          + table.constants.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
    }
    if let replicate = table.replicate {
      lines.append(
        "each row averages the jobs of its configuration over \(replicate): mean ± sd (n/N)")
    }
    let head = Self.headCells(table)
    let bodies = table.rows.map { headValues($0, table) }
    var columns = table.columns.indices.map { column in
      (
        title: table.columns[column].description,
        cells: table.rows.map { Self.cellText($0.cells[column], grouped: table.grouped) },
        best: Self.best(table, column: column)
      )
    }
    // Fit the terminal: metrics that do not fit are left out, and a line says which.
    var left: [String] = []
    if let width {
      let fixed = head.indices.map { index in
        ([head[index]] + bodies.map { $0[index] }).map(\.count).max() ?? 0
      }
      var used = fixed.reduce(0, +) + 2 * max(0, fixed.count - 1)
      var kept: [(title: String, cells: [String], best: Int?)] = []
      for column in columns {
        let needed = ([column.title] + column.cells).map(\.count).max() ?? 0
        if used + 2 + needed <= width || kept.isEmpty && fixed.isEmpty {
          kept.append(column)
          used += 2 + needed
        } else {
          left.append(column.title)
        }
      }
      columns = kept
    }
    let rows =
      [head + columns.map(\.title)]
      + table.rows.indices.map { row in bodies[row] + columns.map { $0.cells[row] } }
    let rendered = TextTable.render(rows)
    lines.append(rendered[0])
    let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
    for (row, line) in rendered.dropFirst().enumerated() {
      // The best value of each metric column in bold (only where colour is on).
      var line = line
      for (offset, column) in columns.enumerated().reversed()
      where column.best == row && style.colour {
        let index = head.count + offset
        let start = widths[..<index].reduce(0, +) + 2 * index
        let from = line.index(line.startIndex, offsetBy: start)
        let to = line.index(from, offsetBy: column.cells[row].count)
        line.replaceSubrange(from..<to, with: style.paint(column.cells[row], .bold))
      }
      lines.append(line)
    }
    if table.rows.isEmpty { lines.append("(no job selected)") }
    if !left.isEmpty {
      lines.append(
        "\(left.count) more metric\(left.count == 1 ? "" : "s") did not fit: "
          + left.joined(separator: ", ") + " (name them in [results] metrics, or use --format csv)")
    }
    return lines
  }

  /// Grouped: the axes, then `jobs`; one row per job: `uid`, `state`, then the axes (as in
  /// CSV).
  static func headCells(_ table: ResultsTable) -> [String] {
    table.grouped ? table.axes + ["jobs"] : ["uid", "state"] + table.axes
  }

  private func headValues(_ row: ResultsTable.Row, _ table: ResultsTable) -> [String] {
    let values = row.values.map { $0.isEmpty ? "-" : $0 }
    return table.grouped ? values + [Self.states(row)] : [row.uid ?? "", Self.states(row)] + values
  }

  /// `3 completed`, `2 completed, 1 failed`.
  static func states(_ row: ResultsTable.Row) -> String {
    if row.states.count == 1 && row.states[0].count == 1 { return row.states[0].state.rawValue }
    return row.states.map { "\($0.count) \($0.state.rawValue)" }.joined(separator: ", ")
  }

  /// `0.9123 ± 0.0041 (3/3)`, `0.9123 (1/3)`, `-` for nothing; one job's value alone.
  static func cellText(_ cell: ResultsTable.Cell, grouped: Bool) -> String {
    guard let mean = cell.mean else { return grouped && cell.of > 1 ? "- (0/\(cell.of))" : "-" }
    guard grouped && cell.of > 1 else { return NumberText.short(mean) }
    return NumberText.short(mean) + (cell.sd.map { " ± " + NumberText.short($0) } ?? "")
      + " (\(cell.count)/\(cell.of))"
  }

  /// The row of the best value of a metric column: the largest, or the smallest for names
  /// that read as errors (`loss`, `err`, `perplexity`, `mse`, ...).
  static func best(_ table: ResultsTable, column: Int) -> Int? {
    let lower = table.columns[column].lowerIsBetter
    let values = table.rows.enumerated().compactMap { row, value in
      value.cells[column].mean.flatMap { $0.isNaN ? nil : (row, $0) }
    }
    guard values.count > 1 else { return nil }
    return (lower ? values.min { $0.1 < $1.1 } : values.max { $0.1 < $1.1 })?.0
  }

  private func separated(_ table: ResultsTable, separator: String) -> [String] {
    var head = (table.grouped ? [] : ["uid", "state"]) + table.axes
    for column in table.columns {
      let name = column.description
      head += table.grouped ? [name + "_mean", name + "_sd", name + "_n"] : [name]
    }
    var lines = [head.map { Self.field($0, separator) }.joined(separator: separator)]
    for row in table.rows {
      var cells = (table.grouped ? [] : [row.uid ?? "", Self.states(row)]) + row.values
      for cell in row.cells {
        cells +=
          table.grouped
          ? [
            cell.mean.map(NumberText.exact) ?? "", cell.sd.map(NumberText.exact) ?? "",
            "\(cell.count)",
          ]
          : [cell.mean.map(NumberText.exact) ?? ""]
      }
      lines.append(cells.map { Self.field($0, separator) }.joined(separator: separator))
    }
    return lines
  }

  /// A CSV field quoted where it must be; a TSV field with tabs and line ends as spaces.
  static func field(_ text: String, _ separator: String) -> String {
    if separator == "\t" {
      return String(text.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
      return text
    }
    return "\"" + String(text.flatMap { $0 == "\"" ? ["\"", "\""] : [$0] }) + "\""
  }

  private func markdown(_ table: ResultsTable) -> [String] {
    let head = Self.headCells(table) + table.columns.map(\.description)
    var lines = ["| " + head.map(Self.markdownCell).joined(separator: " | ") + " |"]
    lines.append("|" + head.map { _ in " --- |" }.joined())
    for row in table.rows {
      let cells =
        headValues(row, table) + row.cells.map { Self.cellText($0, grouped: table.grouped) }
      lines.append("| " + cells.map(Self.markdownCell).joined(separator: " | ") + " |")
    }
    return lines
  }

  private static func markdownCell(_ text: String) -> String {
    String(text.flatMap { $0 == "|" ? ["\\", "|"] : [$0] })
  }
}
