/// A metric's series kept small as its points arrive, for learning curves: at most `capacity`
/// buckets of consecutive points, each the sums (and so the means) of their positions, steps
/// and values. When the points outgrow the buckets, neighbours merge and each bucket holds
/// twice as many, so a series of a million points is 32 means, each over the same number of
/// points (the last bucket filling), in constant memory. Values that are not finite count in
/// the positions but not in the means.
public struct MetricCurve: Sendable, Hashable {
  /// The points of one stretch of the series, as sums (means on demand).
  public struct Bucket: Sendable, Hashable {
    /// How many finite values it holds.
    public var count: Int
    /// The sum of their positions among the metric's points (0 for the first).
    public var orderSum: Double
    /// The sum of their steps; `nil` when one of them had no step.
    public var stepSum: Double?
    /// The sum of their values.
    public var valueSum: Double

    /// A bucket.
    public init(count: Int, orderSum: Double, stepSum: Double?, valueSum: Double) {
      self.count = count
      self.orderSum = orderSum
      self.stepSum = stepSum
      self.valueSum = valueSum
    }

    static let empty = Bucket(count: 0, orderSum: 0, stepSum: 0, valueSum: 0)

    /// The mean position.
    public var order: Double { orderSum / Double(count) }
    /// The mean step, if every point had one.
    public var step: Double? { stepSum.map { $0 / Double(count) } }
    /// The mean value.
    public var value: Double { valueSum / Double(count) }

    /// The bucket of both.
    func merged(with other: Bucket) -> Bucket {
      Bucket(
        count: count + other.count, orderSum: orderSum + other.orderSum,
        stepSum: stepSum.flatMap { a in other.stepSum.map { a + $0 } },
        valueSum: valueSum + other.valueSum)
    }
  }

  /// The most buckets a curve keeps.
  public static let capacity = 32

  /// How many points each bucket stands for (a power of two).
  public private(set) var width = 1
  /// How many points were added, finite or not.
  public private(set) var seen = 0
  /// Whether some step was a line's `epoch` (a line without a step: Hugging Face's
  /// `{'loss': 0.69, 'epoch': 0.5}`, `epoch 3 loss: 0.4`).
  public private(set) var byEpoch = false
  /// The buckets; bucket `i` holds the points at positions `i * width ..< (i + 1) * width`.
  public private(set) var buckets: [Bucket] = []

  /// No points yet.
  public init() {}

  /// A curve as stored; `nil` when the parts do not fit together.
  public init?(width: Int, seen: Int, byEpoch: Bool = false, buckets: [Bucket]) {
    guard width > 0, width & (width - 1) == 0, seen >= 0, buckets.count <= Self.capacity,
      buckets.count == (seen + width - 1) / width,
      buckets.allSatisfy({ $0.count >= 0 && $0.count <= width })
    else { return nil }
    self.width = width
    self.seen = seen
    self.byEpoch = byEpoch
    self.buckets = buckets
  }

  /// Adds the next point; `epoch` stands in for a step it lacks.
  public mutating func add(_ value: Double, step: Double?, epoch: Double? = nil) {
    if step == nil && epoch != nil { byEpoch = true }
    let step = step ?? epoch
    var index = seen / width
    if index >= Self.capacity {
      buckets = stride(from: 0, to: buckets.count, by: 2).map { at in
        at + 1 < buckets.count ? buckets[at].merged(with: buckets[at + 1]) : buckets[at]
      }
      width *= 2
      index = seen / width
    }
    if index == buckets.count { buckets.append(.empty) }
    if value.isFinite {
      buckets[index].count += 1
      buckets[index].orderSum += Double(seen)
      buckets[index].valueSum += value
      if let sum = buckets[index].stepSum { buckets[index].stepSum = step.map { sum + $0 } }
    }
    seen += 1
  }

  /// Whether every point in the curve had a step.
  public var hasSteps: Bool { buckets.allSatisfy { $0.count == 0 || $0.stepSum != nil } }

  /// The curve's points: at each bucket's mean step (`bySteps`, where every point had one) or
  /// its mean position counted from 1, the bucket's mean value.
  public func points(bySteps: Bool) -> [(x: Double, y: Double)] {
    buckets.compactMap { bucket in
      guard bucket.count > 0 else { return nil }
      if bySteps {
        guard let step = bucket.step else { return nil }
        return (step, bucket.value)
      }
      return (bucket.order + 1, bucket.value)
    }
  }
}
