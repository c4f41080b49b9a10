/// One metric of one job, summed up as its points arrive: enough for every reducer without
/// keeping the series (a log of millions of lines is read in constant memory, and the cache
/// stores a few numbers per metric).
public struct MetricSummary: Sendable, Hashable {
  /// A point and its position in the order logged.
  public struct Mark: Sendable, Hashable {
    /// The value.
    public var value: Double
    /// The step, if the point had one.
    public var step: Double?
    /// Its position among the metric's points.
    public var order: Int

    /// A mark.
    public init(value: Double, step: Double?, order: Int) {
      self.value = value
      self.step = step
      self.order = order
    }
  }

  /// How many points.
  public private(set) var count = 0
  /// Their sum.
  public private(set) var sum = 0.0
  /// The smallest value that is not `nan`.
  public private(set) var minimum: Double?
  /// The largest value that is not `nan`.
  public private(set) var maximum: Double?
  /// The first point as logged.
  public private(set) var firstLogged: Mark?
  /// The last point as logged.
  public private(set) var lastLogged: Mark?
  /// The point with the lowest step (the earliest logged among ties).
  public private(set) var lowestStep: Mark?
  /// The point with the highest step (the latest logged among ties).
  public private(set) var highestStep: Mark?
  /// Whether every point had a step.
  public private(set) var allHaveSteps = true

  /// Nothing yet.
  public init() {}

  /// A summary as stored (the metrics cache).
  public init(
    count: Int, sum: Double, minimum: Double?, maximum: Double?, firstLogged: Mark?,
    lastLogged: Mark?, lowestStep: Mark?, highestStep: Mark?, allHaveSteps: Bool
  ) {
    self.count = count
    self.sum = sum
    self.minimum = minimum
    self.maximum = maximum
    self.firstLogged = firstLogged
    self.lastLogged = lastLogged
    self.lowestStep = lowestStep
    self.highestStep = highestStep
    self.allHaveSteps = allHaveSteps
  }

  /// Counts one more point.
  public mutating func add(_ value: Double, step: Double?) {
    let mark = Mark(value: value, step: step, order: count)
    count += 1
    sum += value
    if !value.isNaN {
      minimum = Swift.min(minimum ?? value, value)
      maximum = Swift.max(maximum ?? value, value)
    }
    if firstLogged == nil { firstLogged = mark }
    lastLogged = mark
    guard let step else {
      allHaveSteps = false
      return
    }
    if lowestStep.map({ step < $0.step! }) ?? true { lowestStep = mark }
    if highestStep.map({ step >= $0.step! }) ?? true { highestStep = mark }
  }

  /// The value `reducer` gives: by step where every point has one, else in the order logged.
  public func value(_ reducer: MetricReducer) -> Double? {
    guard count > 0 else { return reducer == .count ? 0 : nil }
    switch reducer {
    case .first: return (allHaveSteps ? lowestStep : firstLogged)?.value
    case .last: return (allHaveSteps ? highestStep : lastLogged)?.value
    case .min: return minimum ?? .nan
    case .max: return maximum ?? .nan
    case .mean: return sum / Double(count)
    case .count: return Double(count)
    }
  }
}
