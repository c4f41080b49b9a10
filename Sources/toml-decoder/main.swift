import TOML

// Reads a TOML document on stdin and prints it as toml-test's tagged JSON.
// Exit status: 0 for a valid document, 1 (message on stderr) for an invalid one.
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

var input: [UInt8] = []
var chunk = [UInt8](repeating: 0, count: 1 << 16)
while true {
  let count = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
  if count > 0 {
    input.append(contentsOf: chunk[0..<count])
  } else if count == 0 || errno != EINTR {
    break
  }
}

/// Writes all of `text` to the file descriptor `descriptor`.
func emit(_ text: String, to descriptor: Int32) {
  var bytes = Array(text.utf8)
  var start = 0
  while start < bytes.count {
    let written = bytes.withUnsafeMutableBytes {
      write(descriptor, $0.baseAddress.map { $0 + start }, $0.count - start)
    }
    if written > 0 {
      start += written
    } else if written < 0 && errno == EINTR {
      continue
    } else {
      return
    }
  }
  bytes = []
}

do {
  let table = try TOMLParser.parse(input)
  emit(TOMLTaggedJSON.encode(table) + "\n", to: 1)
} catch {
  emit(error.rendered(path: "<stdin>") + "\n", to: 2)
  exit(1)
}
