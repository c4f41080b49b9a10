import XpertCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads what a job logged from the files in its directory, source by source (docs/results.md):
/// `metrics.jsonl`, `[results]` patterns and files, `metrics.json`, `metrics.csv`,
/// `trainer_state.json` and TensorBoard event files at any depth, and the latest attempt's
/// logs. Files are streamed in chunks (a 1 GB log is never held whole). A source that cannot
/// be read, or a line that cannot, is a warning naming the file (and line), never an error.
public struct MetricsReader {
  /// What `[results]` says.
  public let spec: ResultsSpec
  private let patterns: [Regex<AnyRegexOutput>]

  /// A reader for `spec` (its patterns were checked when the config was read).
  public init(spec: ResultsSpec) {
    self.spec = spec
    self.patterns = spec.patterns.compactMap { try? Regex($0) }
  }

  /// One source file of a job: what it is and where.
  public struct Source: Sendable, Hashable {
    /// Which kind of source.
    public var kind: MetricSource
    /// Its path relative to the job directory.
    public var path: String
    /// Its size, modification time, inode and change time, which key the cache (a file
    /// rewritten with the same size within one tick of a coarse clock still gets another
    /// inode or change time).
    public var size: Int64
    /// Its modification time in nanoseconds.
    public var modified: Int64
    /// Its inode.
    public var inode: UInt64 = 0
    /// Its status change time in nanoseconds.
    public var changed: Int64 = 0
  }

  /// The version of the rules that turn files into metrics; part of the cache's key, so that
  /// a cache made by other rules is read again.
  public static let rulesVersion = 2

  /// The files of a job directory that can be sources, as a walk found them, with the
  /// modification time of each folder it went through: while no folder changed, no file came
  /// or went, so the next call can `stat` the folders instead of walking them again.
  public struct Listing: Sendable, Hashable {
    /// Each folder walked (`.` for the job directory) and its modification time (ns).
    public var folders: [Folder]
    /// The candidate files (relative paths, sorted).
    public var files: [String]

    /// A folder and its modification time.
    public struct Folder: Sendable, Hashable {
      /// Its path relative to the job directory (`.` for the directory itself).
      public var path: String
      /// Its modification time in nanoseconds.
      public var modified: Int64
    }

    /// Whether every folder still has its modification time (one `stat` each).
    public func isCurrent(in directory: String) -> Bool {
      folders.allSatisfy { folder in
        FileSystem.modified(folder.path == "." ? directory : directory + "/" + folder.path)
          == folder.modified
      }
    }
  }

  /// The sources of the job in `directory`, in precedence order: found by one walk of the
  /// directory (or taken from `listing` while it is current), then each `stat`ed for its size
  /// and times.
  public func sources(in directory: String, listing: Listing) -> [Source] {
    let files = listing.files
    let present = Set(files)
    var found: [Source] = []
    func add(_ kind: MetricSource, _ relative: String) {
      guard !spec.ignore.contains(kind), let info = Self.fileInfo(directory + "/" + relative)
      else { return }
      found.append(
        Source(
          kind: kind, path: relative, size: info.size, modified: info.modified, inode: info.inode,
          changed: info.changed))
    }
    if present.contains(JobDirectory.metricsFileName) {
      add(.metricsFile, JobDirectory.metricsFileName)
    }
    for pattern in spec.files {
      for path in FileSystem.glob(directory + "/" + pattern, base: directory) {
        add(.custom, String(path.dropFirst(directory.count + 1)))
      }
    }
    if present.contains("metrics.json") { add(.metricsJSON, "metrics.json") }
    for path in files where path.hasSuffix("/metrics.csv") || path == "metrics.csv" {
      add(.metricsCSV, path)
    }
    for path in files where path.hasSuffix("trainer_state.json") {
      add(.trainerState, path)
    }
    for path in files where Self.baseName(path).hasPrefix("events.out.tfevents.") {
      add(.tensorboard, path)
    }
    for log in Self.latestLogs(among: files) { add(.logs, log) }
    return found
  }

  /// The metrics of one source (with their learning curves if asked), and warnings about it.
  public func read(
    _ source: Source, in directory: String, curves: Bool = false
  ) -> (SourceMetrics, [String]) {
    let path = directory + "/" + source.path
    var metrics = SourceMetrics(name: source.path, keepsCurves: curves)
    var warnings: [String] = []
    switch source.kind {
    case .metricsFile:
      var number = 0
      var firstBad: Int?
      var badCount = 0
      streamLines(path, &warnings) { line in
        number += 1
        // JSON, or a flat object with `NaN` and `Infinity` as Python's json.dumps writes them.
        let points = LineMetrics.objectPoints(in: line)
        guard let points else {
          if firstBad == nil { firstBad = number }
          badCount += 1
          return
        }
        metrics.add(points)
      }
      if let firstBad {
        warnings.append(
          "\(path):\(firstBad): not a JSON object"
            + (badCount > 1 ? " (nor are \(badCount - 1) more lines)" : "")
            + "; left out")
      }
    case .custom where source.path.hasSuffix(".json"), .metricsJSON, .trainerState:
      do {
        let value = try JSONParser.parse(try FileSystem.readFile(path, limit: 256 << 20))
        metrics.add(
          source.kind == .trainerState
            ? TrainerState.points(in: value) : MetricsJSON.points(in: value))
      } catch {
        warnings.append("\(path): cannot be read as JSON (\(error)); its metrics are left out")
      }
    case .metricsCSV,
      .custom where source.path.hasSuffix(".csv"):
      var csv = MetricsCSV()
      streamLines(path, &warnings) { metrics.add(csv.points(in: $0)) }
    case .tensorboard:
      var decoder = TensorBoardDecoder()
      stream(path, &warnings) { metrics.add(decoder.feed($0)) }
      warnings += decoder.problems.map { "\(path): \($0)" }
    case .custom, .logs:
      streamLines(path, &warnings) { line in
        metrics.add(
          source.kind == .logs && patterns.isEmpty
            ? LineMetrics.points(in: line) : self.points(in: line, kind: source.kind))
      }
    }
    return (metrics, warnings)
  }

  /// Lines of a log: the `[results]` patterns' named groups first (with the line's step), then
  /// the line rules for the other names.
  private func points(in bytes: ArraySlice<UInt8>, kind: MetricSource) -> [MetricPoint] {
    var points: [MetricPoint] = []
    let line = String(decoding: bytes, as: UTF8.self)
    for pattern in patterns {
      guard let match = try? pattern.firstMatch(in: line) else { continue }
      for capture in match.output {
        guard let name = capture.name, let text = capture.substring,
          let value = LineMetrics.number(Array(text.utf8))
        else { continue }
        points.append(MetricPoint(name: name, value: value))
      }
    }
    let byRules = LineMetrics.points(in: bytes)
    guard !points.isEmpty else { return byRules }
    let step = byRules.first?.step ?? LineMetrics.step(in: bytes)
    let named = Set(points.map(\.name))
    return points.map { MetricPoint(name: $0.name, value: $0.value, step: step) }
      + byRules.filter { !named.contains($0.name) }
  }

  private func streamLines(
    _ path: String, _ warnings: inout [String], _ line: (ArraySlice<UInt8>) -> Void
  ) {
    var splitter = LineSplitter()
    stream(path, &warnings) { splitter.feed($0, line) }
    splitter.finish(line)
  }

  private func stream(_ path: String, _ warnings: inout [String], _ chunk: ([UInt8]) -> Void) {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard descriptor >= 0 else {
      warnings.append(
        "\(path): cannot be read (\(String(cString: strerror(errno)))); its metrics are left out")
      return
    }
    defer { close(descriptor) }
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      if count < 0 {
        warnings.append("\(path): read failed (\(String(cString: strerror(errno))))")
        return
      }
      if count == 0 { return }
      chunk(Array(buffer[..<count]))
    }
  }
}
