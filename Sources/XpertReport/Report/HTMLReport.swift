import XpertCore

/// `xpert report`: one self-contained HTML page (inline CSS, inline SVG, one small inline
/// script, no request to any other URL, no web font) with the sweep's state, its results table
/// (sortable by clicking a header; a plain table without JavaScript) and plots drawn as SVG.
public struct HTMLReport {
  /// The page's title (the config's name).
  public var title: String
  /// How many jobs are in each state, in plan order of first appearance.
  public var states: [ResultsTable.StateCount]
  /// The results.
  public var table: ResultsTable
  /// The metric columns to plot (all when empty).
  public var plotted: [MetricColumn]
  /// Seconds between reloads while the sweep runs (`--watch`), or `nil`.
  public var reload: Int?
  /// The jobs the table was made of, with their learning curves.
  public var entries: [ResultsTable.Entry]

  /// A report.
  public init(
    title: String, states: [ResultsTable.StateCount], table: ResultsTable,
    entries: [ResultsTable.Entry] = [], plotted: [MetricColumn] = [], reload: Int? = nil
  ) {
    self.entries = entries
    self.title = title
    self.states = states
    self.table = table
    self.plotted = plotted
    self.reload = reload
  }

  /// The metric columns plotted.
  var plottedColumns: [Int] {
    plotted.isEmpty
      ? Array(table.columns.indices.prefix(4))
      : plotted.compactMap { table.columns.firstIndex(of: $0) }
  }

  /// The learning curves the page draws, to be read into `entries` before `html` is asked
  /// for: for each job (a position in `entries`) the metrics' names.
  public var curvesToRead: [Int: Set<String>] {
    ReportCurves.needed(table, entries: entries, columns: plottedColumns)
  }

  /// The plots the page shows (SVG elements): a heatmap per metric when exactly two keys vary,
  /// parallel coordinates when three or more do, then each metric against each key, then the
  /// learning curves.
  var plots: [String] {
    ReportPlots.heatmaps(table, columns: plottedColumns).map(\.svg)
      + ReportPlots.parallel(table, columns: plottedColumns).map(\.svg)
      + ReportPlots.lines(table, columns: plottedColumns).map(\.svg)
      + ReportCurves.plots(table, entries: entries, columns: plottedColumns).map(\.svg)
  }

  /// The page.
  public var html: String {
    let e = SVGText.escaped
    var page = [
      "<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\">",
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
    ]
    if let reload { page.append("<meta http-equiv=\"refresh\" content=\"\(reload)\">") }
    page += [
      "<title>\(e(title)) · xpert report</title>", "<style>\(Self.css)</style>", "</head>",
      "<body>",
    ]
    page.append("<h1>\(e(title))</h1>")
    let total = states.map(\.count).reduce(0, +)
    page.append(
      "<p class=\"states\">\(total) job\(total == 1 ? "" : "s"): "
        + states.map {
          "<span class=\"state \($0.state.rawValue)\">\($0.count) \($0.state.rawValue)</span>"
        }
        .joined(separator: " · ") + "</p>")
    if !table.constants.isEmpty {
      page.append(
        "<p class=\"constants\">Same in every job: "
          + table.constants.map { "<code>\(e($0.key))=\(e($0.value))</code>" }.joined(
            separator: " ")
          + "</p>")
    }
    let plots = plots
    if !plots.isEmpty {
      page.append("<h2>Plots</h2>")
      page.append("<div class=\"plots\">")
      page += plots
      page.append("</div>")
    }
    page.append("<h2>Results</h2>")
    if let replicate = table.replicate {
      page.append(
        "<p>Each row averages its configuration's jobs over <code>\(e(replicate))</code>: mean ± sd (n/N).</p>"
      )
    }
    page.append(tableHTML)
    page.append("<script>\(Self.script)</script>")
    page += ["</body>", "</html>"]
    return page.joined(separator: "\n") + "\n"
  }

  private var tableHTML: String {
    let e = SVGText.escaped
    let head = ResultsRendering.headCells(table) + table.columns.map(\.description)
    var lines = ["<table class=\"results\">", "<thead><tr>"]
    lines.append(head.map { "<th>\(e($0))</th>" }.joined())
    lines.append("</tr></thead><tbody>")
    for row in table.rows {
      var cells: [String] = []
      if !table.grouped {
        cells += [row.uid ?? "", ResultsRendering.states(row)].map { "<td>\(e($0))</td>" }
      }
      cells += row.values.map { "<td data-value=\"\(e($0))\">\(e($0.isEmpty ? "-" : $0))</td>" }
      if table.grouped { cells.append("<td>\(e(ResultsRendering.states(row)))</td>") }
      for cell in row.cells {
        let sort = cell.mean.map { NumberText.exact($0) } ?? ""
        cells.append(
          "<td class=\"number\" data-value=\"\(sort)\">"
            + e(ResultsRendering.cellText(cell, grouped: table.grouped)) + "</td>")
      }
      lines.append("<tr>" + cells.joined() + "</tr>")
    }
    lines.append("</tbody></table>")
    return lines.joined(separator: "\n")
  }

  static let css = """
    body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#222}
    h1{font-size:22px;margin:0 0 8px}h2{font-size:17px;margin:24px 0 8px}
    code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}
    .state{padding:1px 6px;border-radius:3px;background:#eee}.state.failed,.state.timed-out{background:#f6d5c8}
    .state.completed{background:#d3ecdf}.state.running{background:#d6e6f5}
    .plots{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}.plot{max-width:100%;height:auto}.plot.lines,.plot.curves{width:560px}
    .plot .title{font-weight:600;font-size:13px}.plot .tick,.plot .legend,.plot .label{font-size:11px;fill:#333}
    .plot .axis{stroke:#333}.heatmap .cell{font-size:11px}.parallel .configuration{fill:none;stroke-width:1.5;opacity:.85}.heatmap .empty{fill:#f3f3f3}.plot .grid{stroke:#e5e5e5}.plot .mean{fill:none;stroke-width:2}
    .plot .error{fill:none;stroke-width:1.5}.plot .replicate{opacity:.3;stroke:none}.plot .band{opacity:.18;stroke:none}.plot .heading{font-weight:600}
    table.results{border-collapse:collapse}table.results th,table.results td{padding:4px 10px;border-bottom:1px solid #e5e5e5;text-align:left}
    table.results th{cursor:pointer;background:#f6f6f6;position:sticky;top:0}td.number{text-align:right;font-variant-numeric:tabular-nums}
    """

  /// Sorts the table by the clicked column (numbers by their value, then text), toggling the
  /// direction; the page works without it.
  static let script = """
    document.querySelectorAll("table.results th").forEach(function (th, column) {
      th.addEventListener("click", function () {
        var body = th.closest("table").tBodies[0];
        var up = th.dataset.order !== "up";
        th.dataset.order = up ? "up" : "down";
        var key = function (row) {
          var cell = row.cells[column];
          var text = cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent;
          var number = parseFloat(text);
          return isNaN(number) ? text : number;
        };
        Array.from(body.rows).sort(function (a, b) {
          var x = key(a), y = key(b);
          if (x === y) { return 0; }
          if (x === "") { return 1; }
          if (y === "") { return -1; }
          return (x < y ? -1 : 1) * (up ? 1 : -1);
        }).forEach(function (row) { body.appendChild(row); });
      });
    });
    """
}
