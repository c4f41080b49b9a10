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
    specKey =
      (["rules \(MetricsReader.rulesVersion)"] + spec.patterns + ["|"] + spec.files + ["|"]
      + spec.ignore.map(\.rawValue).sorted()).joined(separator: "\u{1F}")
  }

  /// The metrics of the job in `directory`, and warnings about its sources.
  public mutating func metrics(in directory: String) -> (JobMetrics, [String]) {
    let path = directory + "/" + Self.fileName
    let contents = (try? FileSystem.readFile(path, limit: 64 << 20)).flatMap {
      MetricsCacheCoding.decode($0, specKey: specKey)
    }
    let cached = contents?.sources ?? [:]
    // The cache is written in place: its folder's time changes only when it is created, here,
    // before the walk takes the folder's time.
    if contents == nil && !FileSystem.exists(path) {
      let created = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
      if created >= 0 { close(created) }
    }
    let listing =
      contents.map(\.listing).flatMap { $0.isCurrent(in: directory) ? $0 : nil }
      ?? MetricsReader.walk(directory)
    var metrics = JobMetrics()
    var warnings: [String] = []
    var stored: [(MetricsReader.Source, SourceMetrics)] = []
    var changed = contents?.listing != listing
    let sources = reader.sources(in: directory, listing: listing)
    let runs = Self.tensorBoardRuns(sources)
    // A file changed within the last 2 s may change again within one tick of a coarse clock
    // (1 s on some cluster file systems) without its size or times showing it: not cached.
    let trusted = Int64((FileSystem.now() - 2) * 1e9)
    for source in sources {
      if let hit = cached[source] {
        metrics.merge(Self.named(hit, run: runs[source.path]))
        stored.append((source, hit))
        continue
      }
      let (found, problems) = reader.read(source, in: directory)
      metrics.merge(Self.named(found, run: runs[source.path]))
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
    var renamed = SourceMetrics(name: metrics.name)
    for (name, summary) in metrics.summaries { renamed.summaries[run + "/" + name] = summary }
    return renamed
  }
}
