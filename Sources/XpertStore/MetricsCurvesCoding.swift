import XpertCore

/// The text of a job's learning-curves file, `<job>/.xpert-metrics-curves`, format 1: the
/// curves of each source that the metrics cache holds, kept apart from it so that
/// `xpert results`, which has no use for them, never reads them; `xpert report` does.
///
/// ```
/// xpert-metrics-curves 1
/// spec <as in the metrics cache>
/// source <as in the metrics cache: kind, size, times, inode, path>
/// curve <width> <seen> <x: step|epoch> <buckets> <name, escaped>
/// end
/// ```
///
/// A `curve` line belongs to the `source` above it; `<buckets>` is the sums of a bucket's
/// points, `count,positions,steps,values`, per bucket joined by `;` (`-` for no steps, `0`
/// alone for a bucket without a finite value).
/// A source's curves are used only while its line is the same as its line in the metrics
/// cache; `end` closes a complete file. Earlier formats: none.
enum MetricsCurvesCoding {
  static let header = "xpert-metrics-curves 1"

  /// The curve lines of each source (by its `source` line), not yet parsed: a report parses
  /// only the metrics it plots, and a rewrite copies the lines of sources that did not change.
  typealias Sections = [String: [ArraySlice<UInt8>]]

  static func encode(_ sections: [(source: String, curves: [String])], specKey: String) -> String {
    var lines = [header, "spec " + MetricsCacheCoding.escaped(specKey)]
    for section in sections {
      lines.append(section.source)
      lines += section.curves
    }
    return lines.joined(separator: "\n") + "\nend\n"
  }

  /// The lines of `curves` (those of two points or more: one point is no curve).
  static func lines(_ curves: [String: MetricCurve]) -> [String] {
    curves.sorted { $0.key < $1.key }.compactMap { name, curve in
      guard curve.seen > 1 else { return nil }
      let buckets = curve.buckets.map { bucket in
        bucket.count == 0
          ? "0"
          : "\(bucket.count),\(bucket.orderSum),\(bucket.stepSum.map { "\($0)" } ?? "-"),"
            + "\(bucket.valueSum)"
      }
      return "curve \(curve.width) \(curve.seen) \(curve.byEpoch ? "epoch" : "step") "
        + "\(buckets.joined(separator: ";")) "
        + MetricsCacheCoding.escaped(name)
    }
  }

  /// The sections of a file; `nil` for another format, other settings, or a damaged file.
  static func sections(_ bytes: [UInt8], specKey: String) -> Sections? {
    var lines = bytes.split(separator: 10, omittingEmptySubsequences: true)[...]
    guard let first = lines.popFirst(), first.elementsEqual(header.utf8),
      let spec = lines.popFirst(),
      spec.elementsEqual(("spec " + MetricsCacheCoding.escaped(specKey)).utf8),
      lines.popLast()?.elementsEqual("end".utf8) == true
    else { return nil }
    var sections: Sections = [:]
    var current: String?
    for line in lines {
      if line.starts(with: sourceWord) {
        current = MetricsCacheCoding.text(line)
        sections[current!] = []
      } else if line.starts(with: curveWord), let source = current {
        sections[source]!.append(line)
      } else {
        return nil
      }
    }
    return sections
  }

  /// The curves of one section's lines whose names `wanted` accepts; `nil` when a line is
  /// damaged.
  static func curves(
    _ lines: [ArraySlice<UInt8>], wanted: (String) -> Bool
  ) -> [String: MetricCurve]? {
    var curves: [String: MetricCurve] = [:]
    for line in lines {
      let parts = line.split(separator: 32, maxSplits: 5, omittingEmptySubsequences: false)
      guard parts.count == 6 else { return nil }
      let name = MetricsCacheCoding.unescaped(MetricsCacheCoding.text(parts[5])[...])
      guard wanted(name) else { continue }
      guard let width = Int(MetricsCacheCoding.text(parts[1])),
        let seen = Int(MetricsCacheCoding.text(parts[2]))
      else { return nil }
      var buckets: [MetricCurve.Bucket] = []
      let byEpoch = parts[3].elementsEqual("epoch".utf8)
      guard byEpoch || parts[3].elementsEqual("step".utf8) else { return nil }
      for field in parts[4].split(separator: 59, omittingEmptySubsequences: false) {
        guard let bucket = bucket(field) else { return nil }
        buckets.append(bucket)
      }
      guard let curve = MetricCurve(width: width, seen: seen, byEpoch: byEpoch, buckets: buckets)
      else { return nil }
      curves[name] = curve
    }
    return curves
  }

  private static func bucket(_ bytes: ArraySlice<UInt8>) -> MetricCurve.Bucket? {
    if bytes.elementsEqual([48]) {
      return MetricCurve.Bucket(count: 0, orderSum: 0, stepSum: 0, valueSum: 0)
    }
    let fields = bytes.split(separator: 44, omittingEmptySubsequences: false)
    func number(_ at: Int) -> Double? { Double(MetricsCacheCoding.text(fields[at])) }
    guard fields.count == 4, let count = Int(MetricsCacheCoding.text(fields[0])), count > 0,
      let order = number(1), let value = number(3)
    else { return nil }
    let step: Double?
    if fields[2].elementsEqual([45]) {
      step = nil
    } else {
      guard let number = number(2) else { return nil }
      step = number
    }
    return MetricCurve.Bucket(count: count, orderSum: order, stepSum: step, valueSum: value)
  }

  private static let sourceWord = Array("source ".utf8)
  private static let curveWord = Array("curve ".utf8)
}
