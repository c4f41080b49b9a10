import XpertCore
import XpertReport
import XpertStore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One job's log for `xpert logs`: which file (by the record's attempts), how far it was read.
struct LogFollower {
  let job: Job
  let stderr: Bool
  private(set) var attemptNumber: Int?
  /// The latest attempt when following began (0: none yet): later ones are all shown.
  var baseline = 0
  private(set) var name: String?
  private var offset: Int64 = 0

  init(job: Job, stderr: Bool) {
    self.job = job
    self.stderr = stderr
  }

  /// The log's path, once the job has one.
  var path: String? { name.map { job.directory + "/" + $0 } }

  enum Located {
    case found
    case missing(String)
  }

  /// Finds the log of attempt `attempt` (the latest by number when `nil`).
  mutating func locate(_ record: JobRecord?, attempt: Int?) -> Located {
    let attempts = (record?.attempts ?? []).sorted { $0.number < $1.number }
    guard let latest = attempts.last else {
      return .missing("no attempt yet (the job has not started)")
    }
    guard let chosen = attempt.map({ n in attempts.first { $0.number == n } }) ?? latest else {
      let numbers = attempts.map { String($0.number) }.joined(separator: ", ")
      return .missing("no attempt \(attempt!); its attempts are \(numbers)")
    }
    guard let log = stderr ? chosen.stderrLog : chosen.stdoutLog else {
      return .missing("attempt \(chosen.number) has no log (it could not start)")
    }
    attemptNumber = chosen.number
    name = log
    offset = 0
    return .found
  }

  /// Moves to the next attempt after the one shown (or after `baseline`) when the record has
  /// one, after printing the rest of the current log (a failed attempt's last lines are its
  /// traceback); whether it moved.
  mutating func adopt(_ record: JobRecord?) -> Bool {
    let after = attemptNumber ?? baseline
    guard
      let next = (record?.attempts ?? []).filter({ $0.number > after })
        .min(by: { $0.number < $1.number })
    else { return false }
    drain()
    guard case .found = locate(record, attempt: next.number) else { return false }
    return true
  }

  /// Whether the record has attempts after the one shown.
  func isBehind(_ record: JobRecord?) -> Bool {
    (record?.attempts ?? []).contains { $0.number > (attemptNumber ?? baseline) }
  }

  /// `==> runs/a/stdout.1796539191.log (attempt 2) <==`, as `tail` heads several files.
  func header() {
    ConsoleWriter.standardOutput.line(
      "==> " + ConsoleText.escaped(job.uid + "/" + (name ?? "?"))
        + (attemptNumber.map { " (attempt \($0))" } ?? "") + " <==")
  }

  /// Prints the log as it is now (its last `lastLines` lines, if given; not what a running
  /// job writes meanwhile) and remembers where it ended.
  mutating func printFromStart(lastLines: Int?) {
    guard let path else { return }
    var info = stat()
    let size = stat(path, &info) == 0 ? Int64(info.st_size) : 0
    offset = lastLines.map { Self.startOfLastLines($0, path: path, size: size) } ?? 0
    drain(upTo: size)
  }

  /// Prints what the log has beyond what was printed (up to `end`, if given).
  mutating func drain(upTo end: Int64? = nil) {
    while end.map({ offset < $0 }) ?? true, case let bytes = newBytes(limit: end), !bytes.isEmpty {
      Self.write(bytes)
    }
  }

  /// The bytes written since the last read (at most 1 MiB at a time, and not beyond `limit`).
  mutating func newBytes(limit: Int64? = nil) -> [UInt8] {
    guard let path else { return [] }
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return [] }
    defer { close(descriptor) }
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    let count = buffer.withUnsafeMutableBytes {
      pread(descriptor, $0.baseAddress, $0.count, off_t(offset))
    }
    guard count > 0 else { return [] }
    offset += Int64(count)
    return Array(buffer[..<count])
  }

  /// Where the last `lines` lines of the file start (a final line without a newline counts).
  static func startOfLastLines(_ lines: Int, path: String, size: Int64) -> Int64 {
    guard lines > 0 else { return size }
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return 0 }
    defer { close(descriptor) }
    var newlines = 0
    var position = size
    var buffer = [UInt8](repeating: 0, count: 65536)
    var lastChecked = true
    while position > 0 {
      let chunk = Int64(min(Int64(buffer.count), position))
      position -= chunk
      let count = buffer.withUnsafeMutableBytes {
        pread(descriptor, $0.baseAddress, Int(chunk), off_t(position))
      }
      guard count > 0 else { return 0 }
      for index in stride(from: count - 1, through: 0, by: -1) where buffer[index] == 10 {
        // The file's own final newline ends the last line; it does not start one.
        if lastChecked && position + Int64(index) == size - 1 {
          lastChecked = false
          continue
        }
        lastChecked = false
        newlines += 1
        if newlines == lines { return position + Int64(index) + 1 }
      }
      lastChecked = false
    }
    return 0
  }

  static func write(_ bytes: [UInt8]) {
    var rest = bytes[...]
    while !rest.isEmpty {
      let written = rest.withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
      if written < 0 && errno == EINTR { continue }
      if written <= 0 { return }
      rest = rest.dropFirst(written)
    }
  }
}
