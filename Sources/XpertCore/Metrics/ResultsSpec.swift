/// The `[results]` table: which metrics `xpert results` shows and where else to find them.
public struct ResultsSpec: Sendable, Hashable {
  /// The metric columns, in order (`["val_acc", "loss:min"]`); `nil`: every metric found.
  public var metrics: [MetricColumn]?
  /// The key whose values are replicates, averaged over (`seed` unless set).
  public var replicate: String?
  /// Regular expressions with named groups, matched against each log line: each group that
  /// matches a number is a metric of that name.
  public var patterns: [String] = []
  /// Globs relative to the job directory of more files to read (`eval/*.json`).
  public var files: [String] = []
  /// Sources switched off.
  public var ignore: Set<MetricSource> = []

  /// No settings: every source, every metric, `seed` as the replicate key.
  public init() {}

  /// The keys `[results]` accepts.
  public static let knownKeys = ["metrics", "replicate", "patterns", "files", "ignore"]
}

/// Where metrics are found in a job's directory, in the order they take precedence.
public enum MetricSource: String, Sendable, Hashable, CaseIterable {
  /// `metrics.jsonl`, which `XPERT_METRICS_FILE` names.
  case metricsFile = "metrics_file"
  /// `[results] patterns` and `files`.
  case custom
  /// `metrics.json` in the job directory.
  case metricsJSON = "metrics_json"
  /// `metrics.csv` at any depth (PyTorch Lightning's CSVLogger).
  case metricsCSV = "metrics_csv"
  /// `trainer_state.json` at any depth (the Hugging Face Trainer).
  case trainerState = "trainer_state"
  /// `events.out.tfevents.*` at any depth (TensorBoard).
  case tensorboard
  /// The latest attempt's stdout and stderr.
  case logs
}
