#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads of the process environment.
enum Environment {
  /// The value of `name`, if set.
  static func value(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
  }

  /// This process's id.
  static var pid: Int32 { getpid() }

  /// `$HOME` without a trailing slash, or the user's home from the password database when
  /// `HOME` is unset or empty.
  static var home: String {
    var home = value("HOME") ?? ""
    if home.isEmpty, let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir {
      home = String(cString: directory)
    }
    while home.count > 1 && home.hasSuffix("/") { home.removeLast() }
    return home.isEmpty ? "/" : home
  }

  /// The number of online CPUs.
  static var cpuCount: Int {
    max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
  }
}

extension Environment {
  /// The absolute path of the running `xpert` executable (what Slurm tasks run).
  static var executablePath: String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard count > 0 else { return CommandLine.arguments[0] }
    return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// The width of the terminal on standard output, if it is one (`COLUMNS` when the terminal
  /// does not say).
  static var terminalWidth: Int? {
    guard isatty(1) == 1 else { return nil }
    var size = winsize()
    if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    return value("COLUMNS").flatMap { Int($0) }
  }
}
