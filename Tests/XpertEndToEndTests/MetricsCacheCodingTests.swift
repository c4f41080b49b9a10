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
}
