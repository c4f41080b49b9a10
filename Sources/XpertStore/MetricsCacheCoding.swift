import XpertCore

/// The text of a metrics cache (format 1):
/// `{"format":"xpert-metrics-cache","version":1,"spec":"…","sources":[{"kind":"logs",
/// "path":"stdout.….log","size":123,"modified":1733…,"metrics":{"loss":[count,sum,min,max,
/// allHaveSteps,first,last,lowest,highest]}}]}`, where each mark is `[value,step,order]` or
/// `null` and `nan`/infinities are the strings `"nan"`, `"inf"`, `"-inf"`.
enum MetricsCacheCoding {
  static func encode(_ sources: [(MetricsReader.Source, SourceMetrics)], specKey: String) -> String
  {
    let entries = sources.map { source, metrics in
      JSONText.object([
        ("kind", JSONText.string(source.kind.rawValue)), ("path", JSONText.string(source.path)),
        ("size", String(source.size)), ("modified", String(source.modified)),
        (
          "metrics",
          JSONText.object(
            metrics.summaries.sorted { $0.key < $1.key }.map { ($0.key, summary($0.value)) })
        ),
      ])
    }
    return JSONText.object([
      ("format", "\"xpert-metrics-cache\""), ("version", String(MetricsCache.version)),
      ("spec", specKey), ("sources", "[" + entries.joined(separator: ",") + "]"),
    ]) + "\n"
  }

  static func decode(_ text: String, specKey: String) -> [MetricsReader.Source: SourceMetrics]? {
    guard let root = try? JSONParser.parse(text), root["format"]?.string == "xpert-metrics-cache",
      root["version"]?.int == MetricsCache.version,
      (try? JSONParser.parse(specKey))?.string == root["spec"]?.string,
      case .array(let entries)? = root["sources"]
    else { return nil }
    var result: [MetricsReader.Source: SourceMetrics] = [:]
    for entry in entries {
      guard let kind = entry["kind"]?.string.flatMap(MetricSource.init(rawValue:)),
        let path = entry["path"]?.string, let size = entry["size"]?.int,
        let modified = entry["modified"]?.int, case .object(let members)? = entry["metrics"]
      else { return nil }
      var metrics = SourceMetrics(name: path)
      for member in members {
        guard let summary = summary(member.value) else { return nil }
        metrics.summaries[member.key] = summary
      }
      result[
        MetricsReader.Source(kind: kind, path: path, size: Int64(size), modified: Int64(modified))] =
        metrics
    }
    return result
  }

  private static func summary(_ summary: MetricSummary) -> String {
    func mark(_ mark: MetricSummary.Mark?) -> String {
      guard let mark else { return "null" }
      return "[\(number(mark.value)),\(mark.step.map(number) ?? "null"),\(mark.order)]"
    }
    return "[\(summary.count),\(number(summary.sum)),\(summary.minimum.map(number) ?? "null"),"
      + "\(summary.maximum.map(number) ?? "null"),\(summary.allHaveSteps),"
      + "\(mark(summary.firstLogged)),\(mark(summary.lastLogged)),\(mark(summary.lowestStep)),"
      + "\(mark(summary.highestStep))]"
  }

  private static func summary(_ value: JSONValue) -> MetricSummary? {
    guard case .array(let parts) = value, parts.count == 9, let count = parts[0].int,
      let sum = number(parts[1]), let allHaveSteps = parts[4].bool
    else { return nil }
    func mark(_ value: JSONValue) -> MetricSummary.Mark?? {
      if case .null = value { return .some(nil) }
      guard case .array(let fields) = value, fields.count == 3, let number = number(fields[0]),
        let order = fields[2].int
      else { return nil }
      if case .null = fields[1] {
        return MetricSummary.Mark(value: number, step: nil, order: order)
      }
      guard let step = self.number(fields[1]) else { return nil }
      return MetricSummary.Mark(value: number, step: step, order: order)
    }
    guard let first = mark(parts[5]), let last = mark(parts[6]), let lowest = mark(parts[7]),
      let highest = mark(parts[8])
    else { return nil }
    return MetricSummary(
      count: count, sum: sum, minimum: number(parts[2]), maximum: number(parts[3]),
      firstLogged: first, lastLogged: last, lowestStep: lowest, highestStep: highest,
      allHaveSteps: allHaveSteps)
  }

  private static func number(_ value: Double) -> String {
    if value.isNaN { return "\"nan\"" }
    if value.isInfinite { return value < 0 ? "\"-inf\"" : "\"inf\"" }
    return "\(value)"
  }

  private static func number(_ value: JSONValue) -> Double? {
    switch value {
    case .string("nan"): .nan
    case .string("inf"): .infinity
    case .string("-inf"): -.infinity
    default: value.double
    }
  }
}
