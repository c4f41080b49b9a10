import XpertStore

/// Whether this xpert needs the Swift runtime from a toolchain: Slurm's compute nodes run
/// `xpert slurm-task`, and a node without Swift cannot start a binary that links
/// `libswiftCore.so` from, say, `/opt/swift`. The static build of `scripts/install.sh` links it
/// in.
enum SwiftRuntimeCheck {
  /// The system's library folders, which every node has.
  static let systemFolders = ["/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/"]

  /// Where this process loaded the Swift runtime from, when it is outside the system's library
  /// folders (`/proc/self/maps`); `nil` for a static build or a system-wide runtime.
  static func toolchainRuntime(maps: String? = nil) -> String? {
    let text =
      maps
      ?? (try? FileSystem.readFile("/proc/self/maps", limit: 4 << 20)).map {
        String(decoding: $0, as: UTF8.self)
      } ?? ""
    for line in text.split(separator: "\n") where line.hasSuffix("/libswiftCore.so") {
      guard let slash = line.firstIndex(of: "/") else { continue }
      let path = String(line[slash...])
      if !systemFolders.contains(where: { path.hasPrefix($0) }) { return path }
    }
    return nil
  }

  /// The warning said at a Slurm submission, if this binary needs a toolchain's runtime.
  static func warning(maps: String? = nil) -> String? {
    toolchainRuntime(maps: maps).map { path in
      "this xpert loads the Swift runtime from \(path); compute nodes without Swift cannot "
        + "run its tasks (they fail in Slurm's output file): install a self-contained xpert on "
        + "the shared file system with scripts/install.sh /shared/tools, and submit with it"
    }
  }
}
