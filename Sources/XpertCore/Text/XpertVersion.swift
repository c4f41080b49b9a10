/// Xpert's version, as `--version` prints it and records store it.
public enum XpertVersion {
  /// The version string.
  public static let current = "0.1.0"
}
