import Foundation

/// Where `swift build` put the package's executables (`xpert`, `toml-decoder`): the folder that
/// holds the running test bundle.
public enum BuiltProducts {
  /// The products folder, e.g. `.build/x86_64-unknown-linux-gnu/debug`.
  public static let directory: URL = {
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var folder = executable.deletingLastPathComponent()
    // On macOS the bundle is a directory: .../debug/XpertPackageTests.xctest/Contents/MacOS/...
    while folder.pathExtension == "xctest" || folder.lastPathComponent == "MacOS"
      || folder.lastPathComponent == "Contents"
    {
      folder.deleteLastPathComponent()
    }
    return folder
  }()

  /// The path of the executable product `name`.
  public static func path(of name: String) -> String {
    directory.appendingPathComponent(name).path
  }
}
