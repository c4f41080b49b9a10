import XpertCore
import XpertReport
import XpertStore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `xpert cancel` for local runs: asks the runners of this host that hold the sweep's jobs to
/// cancel the selected ones (a file and SIGUSR2, `CancelRequests`), waits until the running
/// ones have stopped, and says what happened. Jobs held by runners on other hosts are named
/// with what to run there.
public struct LocalCanceller: Sendable {
  /// Where console lines go.
  public var output: ConsoleWriter
  /// How they look.
  public var lines: ConsoleLines
  /// This host's name, as locks write it.
  public var host: String
  /// The longest wait for the selected running jobs to stop.
  public var patience: Double = 600

  /// Creates a canceller.
  public init(output: ConsoleWriter, lines: ConsoleLines, host: String) {
    self.output = output
    self.lines = lines
    self.host = host
  }

  /// What a cancel found and did.
  public struct Outcome: Sendable {
    /// Jobs stopped as cancelled.
    public var cancelled = 0
    /// Runners of this host that were asked.
    public var runners = 0
    /// Jobs held by runners on other hosts.
    public var elsewhere = 0
    /// Jobs whose runner was gone but whose processes ran here, stopped by the cancel itself.
    public var orphans = 0
  }

  /// Cancels `selected` (every job of the run when `all`); `plan` is the whole sweep, whose
  /// locks name the runners. `config` is the config as the user typed it, for the advice.
  public func cancel(
    _ selected: [Job], plan: [Job], all: Bool, config: String
  ) async -> Outcome {
    let lock = JobLock.observerOnly()
    var holders: [Int32: [Job]] = [:]
    var runners: Set<Int32> = []
    var outcome = Outcome()
    let selectedDirectories = Set(selected.map(\.directory))
    var unheld: [Job] = []
    for job in plan {
      guard let holder = lock.holder(JobDirectory(path: job.directory)) else {
        if selectedDirectories.contains(job.directory) { unheld.append(job) }
        continue
      }
      guard holder.host == host else {
        if selectedDirectories.contains(job.directory) {
          outcome.elsewhere += 1
          output.line(
            lines.warning(
              "\(ConsoleText.escaped(job.uid)) runs on \(holder.host) (runner pid \(holder.pid)): "
                + "run `xpert cancel "
                + ShellQuoting.quote(config) + " --uid " + ShellQuoting.quote(job.uid)
                + "` there"))
        }
        continue
      }
      runners.insert(holder.pid)
      if selectedDirectories.contains(job.directory) {
        holders[holder.pid, default: []].append(job)
      }
    }
    outcome.orphans = await cancelOrphans(unheld, lock: lock)
    outcome.cancelled += outcome.orphans
    let request = CancelRequests.Request(all: all, directories: all ? [] : selectedDirectories)
    for pid in runners.sorted() {
      guard let start = ProcessIdentity.startTime(of: pid) else { continue }
      // SIGUSR2 kills a process that does not handle it: only an xpert gets it.
      guard ProcessIdentity.name(of: pid) == "xpert" else {
        holders[pid] = nil
        output.line(
          lines.warning(
            "the lock names pid \(pid), which is not an xpert process (its name is "
              + "\(ProcessIdentity.name(of: pid) ?? "unknown")): not signalled"))
        continue
      }
      do {
        try CancelRequests.send(request, toRunner: pid, start: start)
        outcome.runners += 1
      } catch {
        holders[pid] = nil
        output.line(lines.warning("cannot ask runner \(pid) to cancel: \(error)"))
      }
    }
    guard outcome.runners > 0 else { return outcome }
    let orphans = outcome.orphans
    let notRunning =
      all ? 0 : selected.count - orphans - holders.values.reduce(0) { $0 + $1.count }
    if notRunning > 0 {
      output.line(
        "\(notRunning) selected job" + (notRunning == 1 ? " was" : "s were")
          + " not running: the runners will not start "
          + (notRunning == 1 ? "it" : "them") + " in this run.")
    }
    outcome.cancelled = orphans + (await waitAndReport(holders, lock: lock))
    return outcome
  }

  /// Waits until every job in `holders` is no longer held by its runner, then reports each.
  private func waitAndReport(_ holders: [Int32: [Job]], lock: JobLock) async -> Int {
    var waiting = holders.flatMap { pid, jobs in jobs.map { (pid, $0) } }
    let deadline = WallClock.now() + patience
    var said = false
    while !waiting.isEmpty && WallClock.now() < deadline {
      waiting.removeAll { pid, job in
        lock.holder(JobDirectory(path: job.directory))?.pid != pid
      }
      if !waiting.isEmpty && !said && WallClock.now() > deadline - patience + 2 {
        output.line("Waiting for \(waiting.count) running jobs to stop (their grace period)...")
        said = true
      }
      try? await Task.sleep(for: .milliseconds(50))
    }
    let observer = JobObserver(lock: lock)
    var cancelled = 0
    for (pid, jobs) in holders.sorted(by: { $0.key < $1.key }) {
      for job in jobs {
        let state = observer.state(of: job)
        if waiting.contains(where: { $0.1.directory == job.directory }) {
          output.line(lines.localCancel(job.command, state: .running, detail: "still stopping"))
          continue
        }
        if state == .cancelled { cancelled += 1 }
        let detail =
          state == .cancelled
          ? "was running, runner \(pid)" : "it ended as \(state.rawValue) before the cancel"
        output.line(lines.localCancel(job.command, state: state, detail: detail))
      }
    }
    return cancelled
  }
}
