/// Metrics from the Hugging Face Trainer's `trainer_state.json`: each entry of `log_history`
/// is one step (`{"loss": 0.69, "learning_rate": 5e-05, "epoch": 0.5, "step": 10}`).
public enum TrainerState {
  /// The points of the document.
  public static func points(in value: JSONValue) -> [MetricPoint] {
    guard case .array(let entries)? = value["log_history"] else { return [] }
    return entries.flatMap(MetricsJSON.points(in:))
  }
}
