import XpertCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A small per-job cache of what `xpert results` read, so that a second call reads only the
/// sources that changed: `<job>/.xpert-metrics-cache` (format 2, `MetricsCacheCoding`) holds,
/// per source, its size and modification time and the summaries of its metrics. A source whose size or time
/// differs, or a cache of another format or another `[results]` setting, is read again. A
/// cache that cannot be written (a read-only directory) is no error.
public struct MetricsCache {
  /// The cache file's name in a job directory.
  public static let fileName = ".xpert-metrics-cache"
  /// What the first format's file was called (JSON; such a file is removed when the new one is
  /// written).
  static let firstFileName = ".xpert-metrics-cache.json"
  /// Reads the sources.
  public let reader: MetricsReader
  private let specKey: String

  /// A cache in front of `reader`.
  public init(reader: MetricsReader) {
    self.reader = reader
    let spec = reader.spec
    specKey = (spec.patterns + ["|"] + spec.files + ["|"] + spec.ignore.map(\.rawValue).sorted())
      .joined(separator: "\u{1F}")
  }

  /// The metrics of the job in `directory`, and warnings about its sources.
  public mutating func metrics(in directory: String) -> (JobMetrics, [String]) {
    let path = directory + "/" + Self.fileName
    let cached =
      (try? FileSystem.readFile(path, limit: 64 << 20)).flatMap {
        MetricsCacheCoding.decode($0, specKey: specKey)
      } ?? [:]
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
      if (try? AtomicFile.write(MetricsCacheCoding.encode(stored, specKey: specKey), to: path))
        != nil
      {
        unlink(directory + "/" + Self.firstFileName)
      }
    }
    return (metrics, warnings)
  }
}
