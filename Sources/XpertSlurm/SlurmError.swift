/// Xpert could not do what was asked of Slurm: no Slurm on `PATH`, or Slurm refused (its own
/// message is kept). Exit status 2.
public struct SlurmError: Error, Sendable, CustomStringConvertible {
  /// What went wrong, Slurm's message included.
  public var message: String
  /// What to do about it.
  public var help: String?
  /// The signal that stopped xpert while it talked to Slurm, if that is what happened (the exit
  /// status is then 128 + signal).
  public var signal: Int32?

  /// Creates an error.
  public init(_ message: String, help: String? = nil) {
    self.message = message
    self.help = help
  }

  /// `error: message` and, on the next line, `help: ...`.
  public var description: String {
    "error: \(message)" + (help.map { "\n  help: \($0)" } ?? "")
  }
}
