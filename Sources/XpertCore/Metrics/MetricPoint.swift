/// One value of one metric, as a job logged it: `val_acc = 0.91` at step 3.
public struct MetricPoint: Sendable, Hashable {
  /// The metric's name as found (`val_acc`, `extra.f1`, `eval/loss`).
  public var name: String
  /// Its value (`nan` and `inf` included).
  public var value: Double
  /// The step it was logged at, where the source says (`step`, `global_step`, an event's
  /// step); `nil` for a value known only by its order.
  public var step: Double?

  /// A point.
  public init(name: String, value: Double, step: Double? = nil) {
    self.name = name
    self.value = value
    self.step = step
  }
}
