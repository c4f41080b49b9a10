import ArgumentParser
import XpertCore
import XpertReport

/// Metric names given on the command line (`--sort`, `--plot`, `--metric`): read with their
/// reducer, and found among what the jobs logged, with an error that says what there is.
enum MetricArguments {
  /// `val_acc`, `loss:min`; an error for a reducer that does not exist (`val_acc:median`).
  static func column(_ text: String, option: String) throws -> MetricColumn {
    if let colon = text.lastIndex(of: ":") {
      let suffix = String(text[text.index(after: colon)...])
      if !suffix.isEmpty, suffix.allSatisfy(\.isLetter), MetricReducer(rawValue: suffix) == nil {
        let reducers = MetricReducer.allCases.map(\.rawValue)
        let close = EditDistance.suggestion(for: suffix, among: reducers)
        throw ValidationError(
          "\(option) \(text): \"\(suffix)\" is not a reducer; use "
            + reducers.joined(separator: ", ") + (close.map { " (did you mean \($0)?)" } ?? ""))
      }
    }
    guard let column = MetricColumn(text) else {
      throw ValidationError(
        "\(option) takes a metric such as val_acc or loss:min, not \"\(text)\".")
    }
    return column
  }

  /// Prints that no job has `wanted` (with a suggestion and what there is) and exits 2.
  static func missing(_ wanted: MetricColumn, option: String, table: ResultsTable) -> ExitCode {
    let names = table.columns.map(\.description)
    let close = EditDistance.suggestion(for: wanted.description, among: names)
    ConsoleWriter.standardError.line(
      "error: \(option) \(wanted): no job has a metric \"\(wanted.name)\""
        + (close.map { " (did you mean \"\($0)\"?)" } ?? "")
        + (names.isEmpty
          ? "; no metric was found" : "; the metrics are " + names.joined(separator: ", ")))
    return ExitCode(2)
  }
}
