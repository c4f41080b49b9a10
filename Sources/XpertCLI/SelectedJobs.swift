import XpertCore
import XpertReport
import XpertStore

/// The selected jobs of a config with their states, one at a time, as `list` and `status` read
/// them: the plan is streamed, never held.
enum SelectedJobs {
  /// Calls `body` with each selected job, its state and the observer that read it; a usage error
  /// when the selection matches no job. Returns the sweep's Slurm ledgers (which depend on every
  /// job, selected or not).
  /// With `states: false` the states are not read (`.new` is passed): for a caller that reads
  /// them itself, in parallel.
  @discardableResult
  static func forEach(
    config argument: ConfigArgument, selection: SelectionOptions, states: Bool = true,
    _ body: (Job, JobState, JobObserver) -> Void
  ) throws -> [SlurmLedger] {
    let context = SweepLoading.currentContext()
    let config = try SweepLoading.config(argument, context: context)
    let filter = try selection.selection(for: config)
    var observer = JobObserver(lock: JobLock.observerOnly())
    observer.onProblem = {
      ConsoleWriter.standardError.line("warning: " + ConsoleText.escaped($0))
    }
    var missing = MissingDirectories()
    var total = 0
    var selected = 0
    var locator = SlurmLedger.Locator()
    // The values the selected keys have, for the error when nothing matches.
    var seen: [String: [String]] = [:]
    var firstUids: [String] = []
    var wrongDirectory = WrongDirectory(configPath: argument.config, context: context)
    try SweepPlanner.forEachJob(config, context: context) { job in
      wrongDirectory.look(at: job)
      if firstUids.count < 3 { firstUids.append(job.uid) }
      total += 1
      locator.add(job.directory)
      if let filter { SelectionOptions.noteValues(of: job, keys: filter.values.keys, in: &seen) }
      guard filter?.matches(job) ?? true else { return }
      selected += 1
      body(job, states ? observer.state(of: job, missing: &missing) : .new, observer)
    }
    if let warning = wrongDirectory.warning {
      ConsoleWriter.standardError.line("warning: " + warning)
    }
    if filter != nil && selected == 0 {
      throw SelectionOptions.noneSelected(of: total, values: seen, uids: firstUids)
    }
    return locator.ledgers()
  }
}
