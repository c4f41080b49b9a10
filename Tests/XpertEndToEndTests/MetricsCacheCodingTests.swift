import Testing
import XpertCore

@testable import XpertStore

@Suite struct MetricsCacheCodingTests {
  @Test func oddNamesAndSpecialValuesComeBackAsTheyWent() throws {
    var metrics = SourceMetrics(name: "logs/a b%.log")
    metrics.add([
      MetricPoint(name: "loss\nx%", value: .nan, step: 2),
      MetricPoint(name: "loss\nx%", value: 0.1, step: 1),
      MetricPoint(name: "acc", value: .infinity), MetricPoint(name: "acc", value: -0.5),
    ])
    let source = MetricsReader.Source(kind: .logs, path: "logs/a b%.log", size: 12, modified: 34)
    let listing = MetricsReader.Listing(
      folders: [.init(path: ".", modified: 5), .init(path: "logs", modified: 6)],
      files: ["logs/a b%.log", "stdout.1.log"])
    let text = MetricsCacheCoding.encode(
      [(source, metrics)], listing: listing, specKey: "p\u{1F}|\n")
    let contents = try #require(MetricsCacheCoding.decode(text, specKey: "p\u{1F}|\n"))
    #expect(contents.listing == listing)
    let decoded = contents.sources
    // (nan is not equal to itself: the text of what came back is compared.)
    let back = try #require(decoded[source])
    #expect(
      MetricsCacheCoding.encode([(source, back)], listing: listing, specKey: "p\u{1F}|\n") == text)
    #expect(back.summaries["acc"] == metrics.summaries["acc"])
    #expect(back.summaries["loss\nx%"]?.value(.last)?.isNaN == true)
    #expect(MetricsCacheCoding.decode(text, specKey: "other") == nil, "other settings")
    #expect(
      MetricsCacheCoding.decode(
        text.replacingOccurrences(of: "cache 4\n", with: "cache 5\n"), specKey: "p\u{1F}|\n") == nil
    )
    #expect(MetricsCacheCoding.decode(text + "garbage\n", specKey: "p\u{1F}|\n") == nil)
    #expect(
      MetricsCacheCoding.decode(String(text.dropLast(4)), specKey: "p\u{1F}|\n") == nil,
      "a cache cut short (no end) is not read")
  }

  @Test func curvesComeBackAsTheyWentAndOnlyThoseAskedForAreParsed() throws {
    var metrics = SourceMetrics(name: "stdout", keepsCurves: true)
    for step in 0..<100 {
      metrics.add([
        MetricPoint(name: "loss x%", value: 1 / Double(step + 1), step: Double(step)),
        MetricPoint(name: "acc", value: step == 5 ? .nan : Double(step) / 100),
      ])
    }
    metrics.add([MetricPoint(name: "once", value: 1)])
    let source = MetricsReader.Source(kind: .logs, path: "stdout.1.log", size: 1, modified: 2)
    let line = MetricsCacheCoding.sourceLine(source)
    let text = MetricsCurvesCoding.encode(
      [(line, MetricsCurvesCoding.lines(metrics.curves))], specKey: "k")
    let sections = try #require(MetricsCurvesCoding.sections(Array(text.utf8), specKey: "k"))
    let lines = try #require(sections[line])
    #expect(lines.count == 2, "a metric logged once has no curve")
    let all = try #require(MetricsCurvesCoding.curves(lines, wanted: { _ in true }))
    #expect(all["loss x%"] == metrics.curves["loss x%"] && all["acc"] == metrics.curves["acc"])
    #expect(
      try #require(MetricsCurvesCoding.curves(lines, wanted: { $0 == "acc" })).keys.sorted() == [
        "acc"
      ])
    #expect(MetricsCurvesCoding.sections(Array(text.utf8), specKey: "other") == nil)
    #expect(MetricsCurvesCoding.sections(Array(text.dropLast(4).utf8), specKey: "k") == nil)
    let damaged = text.replacingOccurrences(of: "curve 4 100 step ", with: "curve 3 100 step ")
    let damagedLines = try #require(
      MetricsCurvesCoding.sections(Array(damaged.utf8), specKey: "k")?[line])
    #expect(MetricsCurvesCoding.curves(damagedLines, wanted: { _ in true }) == nil)
  }
}
