// toml-bench [-n ITERATIONS] FILE...
//
// Reads each file, parses it ITERATIONS times (default 10) with TOMLParser, and prints one
// tab-separated line per file: path, bytes, iterations, median and minimum milliseconds per
// parse, the peak resident set size of the process so far (getrusage ru_maxrss) in KiB, and the
// number of top-level keys. The first line, `baseline`, is the peak RSS before any file was
// read. Run one file per process for a per-file peak (Benchmarks/toml-bench.sh does).

import TOML

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a line to standard error (the C `stderr` global is not concurrency-safe in Swift 6).
func printError(_ message: String) {
  var line = "toml-bench: " + message + "\n"
  line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

/// The bytes of the file at `path`, or `nil` with a message on stderr.
func readFile(_ path: String) -> [UInt8]? {
  guard let file = fopen(path, "rb") else {
    printError("cannot open \(path)")
    return nil
  }
  defer { fclose(file) }
  var bytes: [UInt8] = []
  var chunk = [UInt8](repeating: 0, count: 1 << 16)
  while true {
    let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
    if count == 0 { break }
    bytes.append(contentsOf: chunk[0..<count])
  }
  return bytes
}

/// The peak resident set size of this process so far, in KiB (Linux reports ru_maxrss in KiB,
/// macOS in bytes).
func peakRSSKiB() -> Int {
  var usage = rusage()
  #if canImport(Glibc)
    getrusage(RUSAGE_SELF.rawValue, &usage)
  #else
    getrusage(RUSAGE_SELF, &usage)
  #endif
  #if canImport(Darwin)
    return Int(usage.ru_maxrss) / 1024
  #else
    return Int(usage.ru_maxrss)
  #endif
}

func milliseconds(_ duration: Duration) -> Double {
  let (seconds, attoseconds) = duration.components
  return Double(seconds) * 1e3 + Double(attoseconds) / 1e15
}

var arguments = Array(CommandLine.arguments.dropFirst())
var iterations = 10
if arguments.first == "-n", arguments.count >= 2, let count = Int(arguments[1]), count > 0 {
  iterations = count
  arguments.removeFirst(2)
}
guard !arguments.isEmpty, !arguments.contains(where: { $0.hasPrefix("-") }) else {
  printError("usage: toml-bench [-n ITERATIONS] FILE...")
  exit(2)
}

print("baseline\t-\t-\t-\t-\t\(peakRSSKiB())\t-")
var failed = false
let clock = ContinuousClock()
for path in arguments {
  guard let bytes = readFile(path) else {
    failed = true
    continue
  }
  var times: [Double] = []
  var keys = 0
  for _ in 0..<iterations {
    let start = clock.now
    do {
      let table = try TOMLParser.parse(bytes)
      keys = table.count  // use the result, so that the parse cannot be optimized away
    } catch {
      printError(error.rendered(path: path))
      failed = true
      break
    }
    times.append(milliseconds(clock.now - start))
  }
  guard times.count == iterations else { continue }
  times.sort()
  let median =
    iterations % 2 == 1
    ? times[iterations / 2] : (times[iterations / 2 - 1] + times[iterations / 2]) / 2
  let line = [
    path, String(bytes.count), String(iterations), format(median), format(times[0]),
    String(peakRSSKiB()), String(keys),
  ]
  print(line.joined(separator: "\t"))
}
exit(failed ? 1 : 0)

func format(_ value: Double) -> String {
  let thousandths = Int((value * 1000).rounded())
  let fraction = String(thousandths % 1000)
  return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
}
