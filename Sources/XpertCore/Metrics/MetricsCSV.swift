/// Metrics from a CSV file with a header, as PyTorch Lightning's CSVLogger writes
/// `metrics.csv` (`epoch,step,train_loss,val_acc` with empty cells where a row lacks a
/// metric). Each row is one step; each non-empty numeric cell one point. Fed line by line, so
/// that a long file is never held whole.
public struct MetricsCSV: Sendable {
  private var header: [String]?
  private var stepColumn: Int?

  /// A reader before the header.
  public init() {}

  /// The points of the next line (the first line is the header).
  public mutating func points(in line: ArraySlice<UInt8>) -> [MetricPoint] {
    points(in: Substring(String(decoding: line, as: UTF8.self)))
  }

  /// The points of the next line (the first line is the header).
  public mutating func points(in line: Substring) -> [MetricPoint] {
    let cells = Self.cells(line)
    guard let header else {
      self.header = cells
      stepColumn = cells.firstIndex { LineMetrics.stepNames.contains($0) }
      return []
    }
    let step = stepColumn.flatMap {
      $0 < cells.count ? LineMetrics.number(Array(cells[$0].utf8)) : nil
    }
    var found: [MetricPoint] = []
    for (column, cell) in cells.enumerated() where column < header.count && column != stepColumn {
      guard !cell.isEmpty, let value = LineMetrics.number(Array(cell.utf8)) else { continue }
      found.append(MetricPoint(name: header[column], value: value, step: step))
    }
    return found
  }

  /// The cells of a line (a quoted cell may hold commas; `""` is a quote).
  static func cells(_ line: Substring) -> [String] {
    var cells: [String] = []
    var current = ""
    var quoted = false
    var iterator = line.makeIterator()
    while let character = iterator.next() {
      if quoted {
        if character == "\"" { quoted = false } else { current.append(character) }
      } else if character == "\"" {
        quoted = true
      } else if character == "," {
        cells.append(current)
        current = ""
      } else {
        current.append(character)
      }
    }
    cells.append(current)
    return cells.map { $0.trimmingSpacesAndReturns() }
  }
}

extension String {
  fileprivate func trimmingSpacesAndReturns() -> String {
    String(
      drop { $0 == " " || $0 == "\r" }.reversed().drop { $0 == " " || $0 == "\r" }.reversed())
  }
}
