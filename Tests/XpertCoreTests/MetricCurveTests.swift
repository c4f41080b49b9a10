import Testing

@testable import XpertCore

@Suite struct MetricCurveTests {
  @Test func aShortSeriesKeepsEveryPoint() {
    var curve = MetricCurve()
    for step in 1...5 { curve.add(Double(step) / 10, step: Double(step * 100)) }
    #expect(curve.width == 1 && curve.seen == 5 && curve.hasSteps)
    #expect(curve.points(bySteps: true).map(\.x) == [100, 200, 300, 400, 500])
    #expect(curve.points(bySteps: true).map(\.y) == [0.1, 0.2, 0.3, 0.4, 0.5])
    #expect(curve.points(bySteps: false).map(\.x) == [1, 2, 3, 4, 5], "positions count from 1")
  }

  @Test(arguments: [33, 64, 65, 1000, 100_003])
  func aLongSeriesIsAtMostThirtyTwoMeansOfEqualStretches(count: Int) throws {
    var curve = MetricCurve()
    for index in 0..<count { curve.add(Double(index), step: Double(index)) }
    #expect(curve.buckets.count <= MetricCurve.capacity && curve.buckets.count > 16)
    #expect(curve.width > 1 && curve.width & (curve.width - 1) == 0)
    #expect(curve.seen == count)
    // Bucket i is the mean of positions i*w ..< (i+1)*w (the last one filling).
    for (index, bucket) in curve.buckets.enumerated() {
      let first = index * curve.width
      let last = min(count, first + curve.width) - 1
      #expect(bucket.count == last - first + 1)
      #expect(bucket.value == Double(first + last) / 2)
      #expect(bucket.step == Double(first + last) / 2)
    }
    let stored = try #require(
      MetricCurve(width: curve.width, seen: curve.seen, buckets: curve.buckets))
    #expect(stored == curve)
  }

  @Test func valuesThatAreNotFiniteKeepTheirPlaceButNotTheMean() {
    var curve = MetricCurve()
    curve.add(1, step: 1)
    curve.add(.nan, step: 2)
    curve.add(.infinity, step: 3)
    curve.add(4, step: 4)
    #expect(curve.seen == 4)
    #expect(curve.points(bySteps: true).map(\.x) == [1, 4])
    #expect(curve.points(bySteps: false).map(\.x) == [1, 4])
  }

  @Test func aPointWithoutAStepMakesTheCurveOneByPosition() {
    var curve = MetricCurve()
    curve.add(1, step: 10)
    curve.add(2, step: nil)
    #expect(!curve.hasSteps)
    #expect(curve.points(bySteps: false).map(\.y) == [1, 2])
  }

  @Test func partsThatDoNotFitAreNotACurve() {
    let bucket = MetricCurve.Bucket(count: 1, orderSum: 0, stepSum: nil, valueSum: 1)
    #expect(MetricCurve(width: 3, seen: 1, buckets: [bucket]) == nil, "not a power of two")
    #expect(MetricCurve(width: 1, seen: 2, buckets: [bucket]) == nil, "a bucket missing")
    #expect(
      MetricCurve(width: 1, seen: 40, buckets: Array(repeating: bucket, count: 40)) == nil,
      "over capacity")
    #expect(
      MetricCurve(
        width: 1, seen: 1, buckets: [.init(count: 2, orderSum: 0, stepSum: nil, valueSum: 1)])
        == nil,
      "more points in a bucket than its width")
  }

  @Test func aLineWithoutAStepGivesItsEpochToTheCurveButNotToTheSummary() {
    var source = SourceMetrics(name: "stdout", keepsCurves: true)
    for line in ["{'loss': 0.9, 'epoch': 0.5}", "{'loss': 0.7, 'epoch': 1.0}", "epoch=2 loss: 0.5"]
    {
      source.add(LineMetrics.points(in: Array(line.utf8)[...]))
    }
    let curve = source.curves["loss"]
    #expect(curve?.byEpoch == true && curve?.hasSteps == true)
    #expect(curve?.points(bySteps: true).map(\.x) == [0.5, 1, 2])
    #expect(source.summaries["loss"]?.allHaveSteps == false, "the summary has no steps")
    var plain = SourceMetrics(name: "stdout")
    plain.add([MetricPoint(name: "loss", value: 1)])
    #expect(plain.curves.isEmpty, "curves only where asked for")
  }
}
