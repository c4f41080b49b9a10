import XpertCore

/// The text of a metrics cache, format 4: plain lines, read without a JSON parser (a second
/// `xpert results` reads one per job, 10,000 of them in well under a second).
///
/// ```
/// xpert-metrics-cache 4
/// spec <the rules' version and the [results] settings that change what is read, escaped>
/// folder <modified ns> <path, escaped>              (each folder walked; `.` is the job's)
/// file <path, escaped>                             (each file that can be a source)
/// source <kind> <size> <modified ns> <inode> <changed ns> <path, escaped>
/// metric <count> <sum> <min> <max> <all have steps: 0|1> <first> <last> <lowest step> <highest step> <name, escaped>
/// end
/// ```
///
/// A `metric` line belongs to the `source` above it; `end` closes a complete cache (one cut
/// short by a writer at work is not read). Numbers are Swift's shortest round-trip
/// text (`nan`, `inf`, `-inf` included); a missing min, max or mark is `-`; a mark is
/// `value,step,order` with `-` for no step. In names and paths `%`, line ends and tabs are
/// escaped as `%25`, `%0A`, `%0D`, `%09`. Earlier formats are not read: such a cache is
/// rewritten (format 1 was JSON, kept in `Tests/XpertEndToEndTests/Fixtures/metrics-cache-v1.json`;
/// format 2 lacked the inode and change time, format 3 the folders and files).
enum MetricsCacheCoding {
  static let header = "xpert-metrics-cache 4"

  /// What a cache holds.
  struct Contents {
    /// The walk it was made from.
    var listing: MetricsReader.Listing
    /// What each source gave.
    var sources: [MetricsReader.Source: SourceMetrics]
  }

  static func encode(
    _ sources: [(MetricsReader.Source, SourceMetrics)], listing: MetricsReader.Listing,
    specKey: String
  ) -> String {
    var lines = [header, "spec " + escaped(specKey)]
    lines += listing.folders.map { "folder \($0.modified) " + escaped($0.path) }
    lines += listing.files.map { "file " + escaped($0) }
    for (source, metrics) in sources {
      lines.append(sourceLine(source))
      for (name, summary) in metrics.summaries.sorted(by: { $0.key < $1.key }) {
        lines.append("metric " + fields(summary) + " " + escaped(name))
      }
    }
    return lines.joined(separator: "\n") + "\nend\n"
  }

  /// The line that names a source and keys what was read from it (the curves file's too).
  static func sourceLine(_ source: MetricsReader.Source) -> String {
    "source \(source.kind.rawValue) \(source.size) \(source.modified) \(source.inode) "
      + "\(source.changed) " + escaped(source.path)
  }

  static func decode(_ text: String, specKey: String) -> Contents? {
    decode(Array(text.utf8), specKey: specKey)
  }

  /// Reads the bytes of a cache; `nil` for another format or other settings, or a damaged one.
  /// Works on bytes: no `Character` is made.
  static func decode(_ bytes: [UInt8], specKey: String) -> Contents? {
    var lines = bytes.split(separator: 10, omittingEmptySubsequences: true)[...]
    guard let first = lines.popFirst(), first.elementsEqual(header.utf8),
      let spec = lines.popFirst(), spec.elementsEqual(("spec " + escaped(specKey)).utf8),
      lines.popLast()?.elementsEqual("end".utf8) == true
    else { return nil }
    var listing = MetricsReader.Listing(folders: [], files: [])
    while let line = lines.first, line.starts(with: folderWord) || line.starts(with: fileWord) {
      lines.removeFirst()
      if line.starts(with: fileWord) {
        listing.files.append(unescaped(text(line.dropFirst(fileWord.count))[...]))
        continue
      }
      let parts = line.split(separator: 32, maxSplits: 2, omittingEmptySubsequences: false)
      guard parts.count == 3, let modified = Int64(text(parts[1])) else { return nil }
      listing.folders.append(.init(path: unescaped(text(parts[2])[...]), modified: modified))
    }
    var result: [MetricsReader.Source: SourceMetrics] = [:]
    var current: (MetricsReader.Source, SourceMetrics)?
    for line in lines {
      let parts = line.split(
        separator: 32, maxSplits: line.starts(with: sourceWord) ? 6 : 10,
        omittingEmptySubsequences: false)
      if parts[0].elementsEqual(sourceWord.dropLast()) {
        if let current { result[current.0] = current.1 }
        guard parts.count == 7, let kind = MetricSource(rawValue: text(parts[1])),
          let size = Int64(text(parts[2])), let modified = Int64(text(parts[3])),
          let inode = UInt64(text(parts[4])), let changed = Int64(text(parts[5]))
        else { return nil }
        let path = unescaped(text(parts[6])[...])
        current = (
          MetricsReader.Source(
            kind: kind, path: path, size: size, modified: modified, inode: inode, changed: changed),
          SourceMetrics(name: path)
        )
      } else if parts[0].elementsEqual("metric".utf8), current != nil {
        guard parts.count == 11, let summary = summary(parts[1...9]) else { return nil }
        current!.1.series[unescaped(text(parts[10])[...])] = SourceMetrics.Series(summary: summary)
      } else {
        return nil
      }
    }
    if let current { result[current.0] = current.1 }
    return Contents(listing: listing, sources: result)
  }

  private static let sourceWord = Array("source ".utf8)
  private static let folderWord = Array("folder ".utf8)
  private static let fileWord = Array("file ".utf8)

  static func text(_ bytes: ArraySlice<UInt8>) -> String {
    String(decoding: bytes, as: UTF8.self)
  }

  private static func fields(_ summary: MetricSummary) -> String {
    func mark(_ mark: MetricSummary.Mark?) -> String {
      guard let mark else { return "-" }
      return "\(mark.value),\(mark.step.map { "\($0)" } ?? "-"),\(mark.order)"
    }
    return "\(summary.count) \(summary.sum) \(summary.minimum.map { "\($0)" } ?? "-") "
      + "\(summary.maximum.map { "\($0)" } ?? "-") \(summary.allHaveSteps ? 1 : 0) "
      + "\(mark(summary.firstLogged)) \(mark(summary.lastLogged)) \(mark(summary.lowestStep)) "
      + mark(summary.highestStep)
  }

  private static func summary(_ parts: ArraySlice<ArraySlice<UInt8>>) -> MetricSummary? {
    let parts = Array(parts)
    func number(_ bytes: ArraySlice<UInt8>) -> Double? { Double(text(bytes)) }
    func isDash(_ bytes: ArraySlice<UInt8>) -> Bool { bytes.count == 1 && bytes.first == 45 }
    guard let count = Int(text(parts[0])), let sum = number(parts[1]), parts[4].count == 1,
      parts[4].first == 48 || parts[4].first == 49
    else { return nil }
    func optional(_ bytes: ArraySlice<UInt8>) -> Double?? {
      isDash(bytes) ? .some(nil) : number(bytes).map { $0 }
    }
    func mark(_ bytes: ArraySlice<UInt8>) -> MetricSummary.Mark?? {
      if isDash(bytes) { return .some(nil) }
      let fields = bytes.split(separator: 44, omittingEmptySubsequences: false)
      guard fields.count == 3, let value = number(fields[0]), let order = Int(text(fields[2]))
      else {
        return nil
      }
      if isDash(fields[1]) { return MetricSummary.Mark(value: value, step: nil, order: order) }
      guard let step = number(fields[1]) else { return nil }
      return MetricSummary.Mark(value: value, step: step, order: order)
    }
    guard let minimum = optional(parts[2]), let maximum = optional(parts[3]),
      let first = mark(parts[5]), let last = mark(parts[6]), let lowest = mark(parts[7]),
      let highest = mark(parts[8])
    else { return nil }
    return MetricSummary(
      count: count, sum: sum, minimum: minimum, maximum: maximum, firstLogged: first,
      lastLogged: last, lowestStep: lowest, highestStep: highest, allHaveSteps: parts[4].first == 49
    )
  }

  static func escaped(_ text: String) -> String {
    guard text.contains(where: { $0 == "%" || $0 == "\n" || $0 == "\r" || $0 == "\t" }) else {
      return text
    }
    var result = ""
    for character in text {
      switch character {
      case "%": result += "%25"
      case "\n": result += "%0A"
      case "\r": result += "%0D"
      case "\r\n": result += "%0D%0A"
      case "\t": result += "%09"
      default: result.append(character)
      }
    }
    return result
  }

  static func unescaped(_ text: Substring) -> String {
    guard text.contains("%") else { return String(text) }
    var result = ""
    var rest = text[...]
    while let percent = rest.firstIndex(of: "%") {
      result += rest[..<percent]
      let code = rest[percent...].prefix(3)
      switch code {
      case "%25": result += "%"
      case "%0A": result += "\n"
      case "%0D": result += "\r"
      case "%09": result += "\t"
      default: result += code
      }
      rest = rest[code.endIndex...]
    }
    return result + rest
  }
}
