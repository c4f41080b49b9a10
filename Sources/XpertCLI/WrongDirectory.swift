import XpertCore
import XpertStore

/// Uids are relative to the working directory (the original's contract). Run from elsewhere, a
/// sweep whose job directories exist beside its config shows every job as new, and a run would
/// start them all again here. This notices it: none of the jobs' directories exists here, but
/// some exist relative to the config file's own directory.
struct WrongDirectory {
  /// The config's directory, when it is not the working directory.
  let configDirectory: String?
  let workingDirectory: String
  private(set) var here = 0
  private(set) var there = 0
  private var looked = 0
  /// How many jobs are looked at (a stat or two each).
  static let sample = 200

  init(configPath: String, context: PlanContext) {
    workingDirectory = context.workingDirectory
    let absolute = PathNormalization.absolute(configPath, base: context.workingDirectory)
    let folder = String(absolute[..<(absolute.lastIndex(of: "/") ?? absolute.startIndex)])
    configDirectory =
      folder.isEmpty || folder == context.workingDirectory ? nil : folder
  }

  /// Looks at one job (the first `sample` only).
  mutating func look(at job: Job) {
    guard let configDirectory, looked < Self.sample else { return }
    looked += 1
    if FileSystem.exists(job.directory) { here += 1 }
    let prefix = workingDirectory == "/" ? "/" : workingDirectory + "/"
    guard job.directory.hasPrefix(prefix) else { return }
    let relative = job.directory.dropFirst(prefix.count)
    if FileSystem.exists(configDirectory + "/" + relative) { there += 1 }
  }

  /// The warning, when the sweep looks like it was run from the config's directory.
  var warning: String? {
    guard let configDirectory, here == 0, there > 0 else { return nil }
    return "none of the jobs' directories exists here (\(workingDirectory)), but \(there) of "
      + "the first \(looked) exist in the config's directory \(configDirectory): uids are "
      + "relative to where xpert runs; cd \(configDirectory) to see that sweep"
  }
}
