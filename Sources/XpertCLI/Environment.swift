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
