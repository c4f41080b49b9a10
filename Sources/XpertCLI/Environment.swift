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

  /// The number of online CPUs.
  static var cpuCount: Int {
    max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
  }
}
