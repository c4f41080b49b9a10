import XpertCore
import XpertReport
import XpertStore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension RunLoop {
  /// Claims, records and starts job `index`; `nil` when it did not start (another runner holds
  /// it, or it could not start: then it counts as failed, with the reason in its record).
  mutating func start(_ index: Int, slots: [Int]) -> RunningJob? {
    let job = jobs[index]
    let directory = JobDirectory(path: job.directory)
    let lock = options.provenance.lock
    let commandHash = CommandHash.of(job.command)
    var record: JobRecord
    var marker = ObservedJob.Marker.absent
    var firstNumber = 1
    var claimed = false
    do {
      try directory.create()
      let claim = try lock.claim(directory)
      claimed = claim != .heldByOther
      if claim == .heldByOther {
        say(runner.lines.skipped(command: job.command, state: .running))
        counts.skipped += 1
        counts.elsewhere += 1
        return nil
      }
      switch observer.readRecord(in: directory) {
      case .valid(let valid): record = valid
      case .absent: record = newRecord(job)
      case .unreadable(let reason):
        lock.release(directory)
        return failedToStart(job, record: nil, reason: reason)
      case .newer(let version):
        lock.release(directory)
        say(
          runner.lines.skipped(command: job.command, state: .interrupted)
            + " (its record is of version \(version), newer than this xpert reads: upgrade "
            + "xpert to run it)")
        counts.skipped += 1
        return nil
      case .damaged(let reason):
        let aside = try RecordFile.keepAside(in: directory)
        say(
          runner.lines.warning(
            "\(ConsoleText.escaped(directory.path))/\(JobObserver.recordName) was damaged "
              + "(\(reason)): kept as "
              + "\(aside); the job runs again"))
        record = newRecord(job)
        // Its attempts are gone with the record, but each left a pair of logs.
        firstNumber = RecordFile.loggedAttempts(in: directory) + 1
      }
      // Another runner may have finished the job since the plan was read: look again, now
      // that the job is ours.
      marker = CompletionMarker.read(directory)
      if case .unreadable(let why) = marker {
        lock.release(directory)
        return failedToStart(
          job, record: nil,
          reason: "cannot read \(directory.markerPath): " + why
            + "; only a readable regular file marks a job complete: remove it or fix it")
      }
      let state = ObservedJob(marker: marker, recordStatus: record.status, lock: .none)
        .state(commandHash: commandHash)
      // A restart reruns what completed before this run began, not what another runner of
      // the same sweep completed a moment ago.
      let completedDuringThisRun =
        state == .completed
        && CompletionMarker.modified(directory).map { $0 >= runStarted } == true
      if !RerunPolicy.runs(state, policies: options.rerun) || completedDuringThisRun {
        lock.release(directory)
        say(runner.lines.skipped(command: job.command, state: state))
        counts.skipped += 1
        if state == .stale { counts.stale += 1 }
        return nil
      }
      do {
        try closeOpenAttempts(&record, directory: directory)
      } catch {
        // The earlier attempt's processes would not die: the job is not ours to start.
        lock.release(directory)
        return failedToStart(job, record: nil, reason: "\(error)")
      }
    } catch {
      if claimed { lock.release(directory) }
      return failedToStart(job, record: nil, reason: "\(error)")
    }
    record.command = job.command
    record.commandHash = commandHash
    record.fields = job.fields
    record.group = job.group
    record.config = options.provenance.config
    record.xpertVersion = XpertVersion.current
    record.gitCommit = options.provenance.gitCommit
    record.gitDirty = options.provenance.gitDirty
    // Earlier completed attempts of this job give the ETA before any job of this run ends.
    earlierDurations += record.attempts.filter { $0.outcome == .completed }.compactMap(\.duration)
    let number = max((record.attempts.map(\.number).max() ?? 0) + 1, firstNumber)
    let gpu =
      slots.isEmpty ? nil : slots.compactMap { options.gpuEntries?[$0] }.joined(separator: ",")
    do {
      if marker != .absent { try directory.clearCompletion() }
      try directory.keepMetricsAside(previousAttempt: number - 1)
      let logs = try directory.openLogs(seconds: time(nil))
      defer { logs.close() }
      var environment = [
        "XPERT_UID=" + job.directory, "XPERT_ATTEMPT=\(number)",
        "XPERT_METRICS_FILE=" + job.directory + "/" + JobDirectory.metricsFileName,
      ]
      if let gpu {
        environment += ["CUDA_VISIBLE_DEVICES=" + gpu, "CUDA_DEVICE_ORDER=PCI_BUS_ID"]
      }
      // Python writes its output as it goes, so that the logs show it while the job runs
      // (`xpert logs -f`, `tail -f`); a value the user set is kept.
      if getenv("PYTHONUNBUFFERED") == nil { environment.append("PYTHONUNBUFFERED=1") }
      let start = WallClock.now()
      let launched = try runner.launcher.launch(
        LaunchRequest(
          command: job.command, environment: environment, stdout: logs.stdout,
          stderr: logs.stderr, grace: options.grace))
      let pid = launched.pid
      record.attempts.append(
        JobAttempt(
          number: number, start: start, outcome: .running, host: lock.host, pid: pid,
          processStart: launched.processStart, gpu: gpu ?? options.inheritedGPU,
          stdoutLog: logs.stdoutName, stderrLog: logs.stderrName))
      if let gpu, !options.gpuNames.isEmpty {
        let names = SlotPool.devices(of: gpu).compactMap { options.gpuNames[$0] }
        record.attempts[record.attempts.count - 1].gpuNames =
          names.isEmpty ? nil : names.joined(separator: "; ")
      }
      record.status = .running
      // Another runner may have taken the job over while this one waited (a takeover that
      // raced with a third runner): then it is theirs, and nothing of this attempt is written.
      if lock.ownership(directory) == .other {
        runner.launcher.giveUp(launched)
        say(runner.lines.skipped(command: job.command, state: .running))
        counts.skipped += 1
        counts.elsewhere += 1
        return nil
      }
      // The command starts only once the attempt is on disk: a runner killed before that
      // leaves nothing running, and one killed after leaves a record naming the keeper.
      do {
        try observer.write(record, in: directory)
      } catch {
        runner.launcher.giveUp(launched)
        record.attempts.removeLast()
        throw error
      }
      runner.launcher.release(launched, start: true)
      // The device line goes out with the [RUN] line, in one write.
      say(
        runner.lines.started(pid: pid, command: job.command)
          + (gpu.map { "\n" + runner.lines.device($0, names: record.attempts.last?.gpuNames) }
            ?? ""))
      attemptsThisRun[index, default: 0] += 1
      startedDirectories.insert(job.directory)
      let serial = nextSerial
      nextSerial += 1
      if let limit = options.timeout(of: job) {
        schedule(.timeLimit(serial: serial), after: .milliseconds(Int(limit * 1000)))
      }
      return RunningJob(
        index: index, serial: serial, slots: slots, launched: launched, record: record)
    } catch {
      record.attempts.append(
        JobAttempt(
          number: number, start: WallClock.now(), end: WallClock.now(), outcome: .failed,
          host: lock.host, pid: 0, gpu: gpu, message: "could not start: \(error)"))
      return failedToStart(job, record: record, reason: "\(error)")
    }
  }

  private mutating func failedToStart(
    _ job: Job, record: JobRecord?, reason: String
  ) -> RunningJob? {
    let directory = JobDirectory(path: job.directory)
    if var record {
      record.status = .failed
      try? observer.write(record, in: directory)
      options.provenance.lock.release(directory)
    }
    counts.failed += 1
    say(runner.lines.failedToStart(command: job.command, reason: reason))
    noteFailure()
    return nil
  }

  private func newRecord(_ job: Job) -> JobRecord {
    JobRecord(
      uid: job.uid, group: job.group, config: options.provenance.config, command: job.command,
      fields: job.fields, status: .new)
  }

  /// An attempt still marked running belongs to a runner that is gone: it was interrupted. If
  /// its processes are still alive on this host (its runner was killed), they are killed first,
  /// and the job starts again only once they are gone.
  private func closeOpenAttempts(
    _ record: inout JobRecord, directory: JobDirectory
  ) throws(SystemError) {
    for offset in record.attempts.indices where record.attempts[offset].outcome == .running {
      let attempt = record.attempts[offset]
      if attempt.host == options.provenance.lock.host && attempt.pid > 0 {
        if let start = attempt.processStart {
          try JobProcesses.killKeeper(attempt.pid, start: start)
        } else if OrphanProcess.belongs(attempt.pid, to: directory.path) {
          // A record of an Xpert before keepers: the pid is the job's shell and process group.
          kill(-attempt.pid, SIGKILL)
        }
      }
      record.attempts[offset].outcome = .interrupted
      record.attempts[offset].message = "the runner that started it is gone"
      record.status = .interrupted
    }
  }
}
