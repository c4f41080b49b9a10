import XpertCore

/// A small per-job cache of what `xpert results` read, so that a second call reads only the
/// sources that changed: `<job>/.xpert-metrics-cache.json` (format 1) holds, per source, its
/// size and modification time and the summaries of its metrics. A source whose size or time
/// differs, or a cache of another format or another `[results]` setting, is read again. A
/// cache that cannot be written (a read-only directory) is no error.
public struct MetricsCache {
  /// The cache file's name in a job directory.
  public static let fileName = ".xpert-metrics-cache.json"
  /// The format written.
  public static let version = 1
  /// Reads the sources.
  public let reader: MetricsReader
  private let specKey: String

  /// A cache in front of `reader`.
  public init(reader: MetricsReader) {
    self.reader = reader
    let spec = reader.spec
    specKey = JSONText.string(
      (spec.patterns + ["|"] + spec.files + ["|"] + spec.ignore.map(\.rawValue).sorted()).joined(
        separator: "\u{1F}"))
  }

  /// The metrics of the job in `directory`, and warnings about its sources.
  public mutating func metrics(in directory: String) -> (JobMetrics, [String]) {
    let path = directory + "/" + Self.fileName
    let cached = AtomicFile.read(path).flatMap { load($0) } ?? [:]
    var metrics = JobMetrics()
    var warnings: [String] = []
    var stored: [(MetricsReader.Source, SourceMetrics)] = []
    var changed = false
    for source in reader.sources(in: directory) {
      if let hit = cached[source] {
        metrics.merge(hit)
        stored.append((source, hit))
        continue
      }
      let (found, problems) = reader.read(source, in: directory)
      metrics.merge(found)
      changed = true
      // A source with problems is read (and warned about) again next time.
      if problems.isEmpty { stored.append((source, found)) }
      warnings += problems
    }
    if changed || stored.count != cached.count {
      try? AtomicFile.write(MetricsCacheCoding.encode(stored, specKey: specKey), to: path)
    }
    return (metrics, warnings)
  }

  private func load(_ text: String) -> [MetricsReader.Source: SourceMetrics]? {
    MetricsCacheCoding.decode(text, specKey: specKey)
  }
}
