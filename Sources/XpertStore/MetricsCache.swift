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
  /// The learning curves' file's name in a job directory (`MetricsCurvesCoding`).
  public static let curvesFileName = ".xpert-metrics-curves"
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
    specKey =
      (["rules \(MetricsReader.rulesVersion)"] + spec.patterns + ["|"] + spec.files + ["|"]
      + spec.ignore.map(\.rawValue).sorted()).joined(separator: "\u{1F}")
  }

  /// The metrics of the job in `directory`, and warnings about its sources; with the learning
  /// curves of the metrics that `curves` accepts (`xpert report`), from the curves file
  /// (`MetricsCurvesCoding`) where it has them, else read again with the source.
  public mutating func metrics(
    in directory: String, curves wanted: ((String) -> Bool)? = nil
  ) -> (JobMetrics, [String]) {
    let path = directory + "/" + Self.fileName
    let curvesPath = directory + "/" + Self.curvesFileName
    let contents = (try? FileSystem.readFile(path, limit: 64 << 20)).flatMap {
      MetricsCacheCoding.decode($0, specKey: specKey)
    }
    let cached = contents?.sources ?? [:]
    var sections: MetricsCurvesCoding.Sections?
    func loadSections() -> MetricsCurvesCoding.Sections {
      if sections == nil {
        sections =
          (try? FileSystem.readFile(curvesPath, limit: 64 << 20)).flatMap {
            MetricsCurvesCoding.sections($0, specKey: specKey)
          } ?? [:]
      }
      return sections!
    }
    // The cache (and a report's curves file) is written in place: the folder's time changes
    // only when it is created, here, before the walk takes the folder's time.
    for file in [path] + (wanted != nil ? [curvesPath] : []) where !FileSystem.exists(file) {
      let created = open(file, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
      if created >= 0 { close(created) }
    }
    let listing =
      contents.map(\.listing).flatMap { $0.isCurrent(in: directory) ? $0 : nil }
      ?? MetricsReader.walk(directory)
    var metrics = JobMetrics()
    var warnings: [String] = []
    var stored: [(MetricsReader.Source, SourceMetrics)] = []
    var storedCurves: [(source: String, curves: [String])] = []
    var fresh: Set<MetricsReader.Source> = []
    var changed = contents?.listing != listing
    let sources = reader.sources(in: directory, listing: listing)
    let runs = Self.tensorBoardRuns(sources)
    // A file changed within the last 2 s may change again within one tick of a coarse clock
    // (1 s on some cluster file systems) without its size or times showing it: not cached.
    let trusted = Int64((FileSystem.now() - 2) * 1e9)
    for source in sources {
      if var hit = cached[source] {
        if let wanted {
          let line = MetricsCacheCoding.sourceLine(source)
          // A report needs the source's curves: from the curves file, or read again.
          if let lines = loadSections()[line],
            let curves = MetricsCurvesCoding.curves(
              lines, wanted: { name in wanted(runs[source.path].map { $0 + "/" + name } ?? name) })
          {
            for (name, curve) in curves { hit.series[name]?.curve = curve }
          } else {
            let (again, problems) = reader.read(source, in: directory, curves: true)
            if problems.isEmpty {
              hit = again
              fresh.insert(source)
              changed = true
            } else {
              // Read again, it failed (a file gone, too many open files): the cached metrics
              // stay, without curves, and the warnings are said.
              warnings += problems
            }
          }
        }
        metrics.merge(Self.named(hit, run: runs[source.path]))
        stored.append((source, hit))
        continue
      }
      let (found, problems) = reader.read(source, in: directory, curves: wanted != nil)
      metrics.merge(Self.named(found, run: runs[source.path]))
      fresh.insert(source)
      changed = true
      warnings += problems
      // A source with problems is read (and warned about) again next time.
      if problems.isEmpty, source.modified < trusted, source.changed < trusted {
        stored.append((source, found))
      }
    }
    if changed || stored.count != cached.count {
      let text = MetricsCacheCoding.encode(stored, listing: listing, specKey: specKey)
      if Self.overwrite(path, with: text) { unlink(directory + "/" + Self.firstFileName) }
      // A report keeps the curves of the sources kept: as read now, or the lines the file
      // had for them.
      if wanted != nil {
        for (source, read) in stored {
          let line = MetricsCacheCoding.sourceLine(source)
          if fresh.contains(source) {
            storedCurves.append((line, MetricsCurvesCoding.lines(read.curves)))
          } else if let lines = loadSections()[line] {
            storedCurves.append((line, lines.map(MetricsCacheCoding.text)))
          }
        }
        _ = Self.overwrite(
          curvesPath, with: MetricsCurvesCoding.encode(storedCurves, specKey: specKey))
      }
    }
    return (metrics, warnings)
  }

  /// Writes `text` over the file at `path` in place (no rename, which would change the
  /// folder's time); a reader that meets it half-written finds no `end` and reads the sources.
  static func overwrite(_ path: String, with text: String) -> Bool {
    let descriptor = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    let written = text.withCString { write(descriptor, $0, strlen($0)) }
    return written == text.utf8.count
  }

  /// TensorBoard's run of each event file, when a job has event files in several folders
  /// (`logs/train`, `logs/validation`; tensorboardX's `add_scalars`): the folder below the
  /// folders they share. Its tags become `<run>/<tag>`, as TensorBoard tells them apart.
  static func tensorBoardRuns(_ sources: [MetricsReader.Source]) -> [String: String] {
    let files = sources.filter { $0.kind == .tensorboard }.map(\.path)
    let folders = files.map { $0.split(separator: "/").dropLast().map(String.init) }
    guard Set(folders).count > 1 else { return [:] }
    var shared = folders[0]
    for folder in folders.dropFirst() {
      shared = Array(zip(shared, folder).prefix { $0 == $1 }.map(\.0))
    }
    var runs: [String: String] = [:]
    for (file, folder) in zip(files, folders) where folder.count > shared.count {
      runs[file] = folder.dropFirst(shared.count).joined(separator: "/")
    }
    return runs
  }

  /// The metrics of a source, their names prefixed with `run/` when it has one.
  static func named(_ metrics: SourceMetrics, run: String?) -> SourceMetrics {
    guard let run else { return metrics }
    var renamed = SourceMetrics(name: metrics.name, keepsCurves: metrics.keepsCurves)
    for (name, series) in metrics.series { renamed.series[run + "/" + name] = series }
    return renamed
  }
}
