import XpertCore
import XpertReport
import XpertStore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The mutable state of one local run and its reactions to events.
struct RunLoop {
  let runner: LocalRunner
  let jobs: [Job]
  var options: RunOptions
  let observer: JobObserver
  var counts: RunCounts
  var queue: RunQueue
  var running: [Int32: RunningJob] = [:]
  var attemptsThisRun: [Int: Int] = [:]
  var signal: Int32?
  var stopping = false
  var nextSerial = 1
  /// Whether a `.retryStart` is on its way.
  var retryScheduled = false
  /// The GPU entries this run waited for (another runner held their devices), said once each
  /// per run (the progress line says when the run waits).
  var waitingFor: Set<String> = []
  /// Looks at the devices through `nvidia-smi` (`nil`: the run does not look).
  var gpuWatch: GPUWatch?
  /// Whether a look through `nvidia-smi` should be taken (off the loop).
  var gpuLookWanted = false
  /// The busy devices said on the console, with the cause said (`processes` or `memory`).
  var busySaid: [String: String] = [:]
  /// Whether the next job waits for a device that is busy outside this run.
  var waitingForGPU = false
  /// Whether taking GPU leases failed (the run goes on without; held ones are still released).
  var leasesFailed = false
  /// Jobs that ran again on devices of their own after running out of GPU memory.
  var aloneAfterOutOfMemory: Set<Int> = []
  private var timers: [TimerRequest] = []
  /// When the run started, and the durations of the attempts that ended, for the progress line.
  let started = WallClock.now()
  /// When the run began (before the first look at the job directories): a job completed after
  /// it was completed by another runner while this run went on, and a restart does not run it
  /// again.
  let runStarted: Double
  var finishedDurations: [Double] = []
  /// Durations of completed attempts of earlier runs of the jobs this run started.
  var earlierDurations: [Double] = []
  /// The `on_failure` hook, started at the first failure, awaited before the run ends.
  var hookTasks: [Task<Void, Never>] = []
  /// The jobs that failed for good, for the list at the end: uid, why, stderr log.
  var failures: [(uid: String, why: String, log: String?)] = []
  /// The directories of the jobs this run started, to find their leftovers after a stop.
  var startedDirectories: Set<String> = []

  init(
    runner: LocalRunner, jobs: [Job], options: RunOptions, observer: JobObserver,
    counts: RunCounts, queue: RunQueue, runStarted: Double
  ) {
    self.runStarted = runStarted
    self.runner = runner
    self.jobs = jobs
    self.options = options
    self.observer = observer
    self.counts = counts
    self.queue = queue
  }

  /// The timers asked for since the last call.
  mutating func takeTimers() -> [TimerRequest] {
    defer { timers = [] }
    return timers
  }

  mutating func schedule(_ event: RunEvent, after: Duration) {
    timers.append(TimerRequest(after: after, event: event))
  }

  /// Starts jobs while the queue allows (and, with GPU entries, while their devices are free).
  mutating func startJobs() {
    var blocked: Set<Int> = []
    while let (index, slots) = queue.startNext(skipping: blocked) {
      var held: GPULeases.Held?
      if !slots.isEmpty {
        switch reserve(slots, for: index) {
        case .reserved(let leases): held = leases
        case .busy(let slot):
          queue.putBack(index, slots: slots)
          blocked.insert(slot)
          continue
        }
      }
      if var started = start(index, slots: slots) {
        started.leases = held
        started.shared = held?.shared ?? false
        noteSharing(&started)
        running[started.pid] = started
      } else {
        if let held { options.gpuLeases?.release(held) }
        queue.finished(index, slots: slots)
      }
    }
    let wasWaiting = waitingForGPU
    waitingForGPU = !blocked.isEmpty && queue.waitingCount > 0
    if waitingForGPU != wasWaiting { drawProgress() }
    if !blocked.isEmpty && !retryScheduled {
      retryScheduled = true
      schedule(.retryStart, after: .milliseconds(250))
    }
  }

  /// A job that starts on a device where this run's jobs run shares it with them, and they
  /// with it.
  private mutating func noteSharing(_ started: inout RunningJob) {
    guard !started.slots.isEmpty, let pool = queue.slots else { return }
    let mine = Set(started.slots.flatMap { pool.devices[$0] })
    for (pid, other) in running
    where !mine.isDisjoint(with: other.slots.flatMap { pool.devices[$0] }) {
      running[pid]?.shared = true
      started.shared = true
    }
  }

  /// Reacts to `event`.
  mutating func handle(_ event: RunEvent) {
    switch event {
    case .exited(let pid, let termination):
      // A pid that is not a keeper is a process a job left behind whose keeper was killed
      // (xpert is a subreaper too): reaped, nothing more.
      guard var job = running.removeValue(forKey: pid) else { return }
      let ending = runner.launcher.ending(of: job.launched, keeper: termination)
      // Whether another runner's job joined a failed job on its devices is read before its
      // leases go, for an out-of-memory retry.
      if let leases = options.gpuLeases, job.leases != nil, !job.shared,
        ending.shell?.isSuccess != true, let pool = queue.slots
      {
        job.shared = job.slots.flatMap { pool.devices[$0] }.contains {
          leases.leaseCount(of: $0) > 1
        }
      }
      queue.finished(job.index, slots: job.slots)
      finish(job, ending)
      // Every process of the job is gone (what a killed keeper left was killed in `finish`):
      // its devices are free for every runner.
      if let held = job.leases { options.gpuLeases?.release(held) }
      startJobs()
    case .signal(let received) where received == options.timeLimitSignal:
      // Slurm's time limit is near: stop every job as timed out before Slurm kills the task.
      say(
        runner.lines.warning(
          "the Slurm time limit is near (signal \(received)): stopping \(running.count) running "
            + "(SIGTERM now, SIGKILL after \(DurationFormatting.text(options.grace.seconds)))"))
      for pid in running.keys where !running[pid]!.timedOut {
        running[pid]?.timedOut = true
        stop(pid)
      }
    case .signal(let received) where received == CancelRequests.signal:
      takeCancelRequests()
    case .signal(let received):
      if signal == nil {
        signal = received
        let name = received == SIGINT ? "SIGINT" : received == SIGHUP ? "SIGHUP" : "SIGTERM"
        say(
          runner.lines.warning(
            "\(name) received: starting no new job; stopping \(running.count) running "
              + "(SIGTERM now, SIGKILL after \(DurationFormatting.text(options.grace.seconds)); "
              + "Ctrl-C again kills at once)"))
        stopAll()
      } else if received == SIGINT {
        say(runner.lines.warning("SIGINT again: killing \(running.count) running jobs now"))
        for job in running.values { runner.launcher.stop(job.launched, immediately: true) }
      }
    case .timeLimit(let serial):
      guard let (pid, job) = running.first(where: { $0.value.serial == serial }) else { return }
      running[pid]?.timedOut = true
      say(
        runner.lines.timedOut(
          pid: pid, command: jobs[job.index].command,
          seconds: options.timeout(of: jobs[job.index]) ?? 0))
      stop(pid)
    case .heartbeat:
      for (pid, job) in running where !job.lostLock {
        let directory = JobDirectory(path: jobs[job.index].directory)
        if !options.provenance.lock.beat(directory) { lostLock(pid) }
      }
    case .tick:
      drawProgress()
    case .retryStart:
      retryScheduled = false
      startJobs()
    case .gpuLook(let look):
      takeLook(look)
    }
  }

  /// Another runner took job `pid` over (this runner was stopped, e.g. with Ctrl-Z, past the
  /// lock timeout, and the other one could not see its pid): this attempt stops, and nothing
  /// of it is written over the new owner's files.
  mutating func lostLock(_ pid: Int32) {
    guard let job = running[pid] else { return }
    running[pid]?.lostLock = true
    let directory = JobDirectory(path: jobs[job.index].directory)
    let holder = options.provenance.lock.holder(directory)
    say(
      runner.lines.warning(
        "job \(ConsoleText.escaped(jobs[job.index].uid)) was taken over by "
          + (holder.map { "runner \($0.pid) on \($0.host)" } ?? "another runner")
          + " while this runner did not refresh its lock: stopping this attempt; "
          + "its ending is not recorded"))
    stop(pid)
  }

  /// Asks the keeper of running job `pid` to stop it (SIGTERM to every process of the job,
  /// SIGKILL after the grace), once.
  mutating func stop(_ pid: Int32) {
    guard let job = running[pid], !job.stopRequested else { return }
    running[pid]?.stopRequested = true
    runner.launcher.stop(job.launched, immediately: false)
  }

  /// Writes a console line; on a terminal, the progress line is redrawn below it.
  func say(_ line: String) {
    guard options.progress else { return runner.output.line(line) }
    runner.output.write(ProgressLine.clear + line + "\n" + progressText())
  }

  /// Redraws the progress line (on a terminal).
  func drawProgress() {
    guard options.progress else { return }
    runner.output.write(ProgressLine.clear + progressText())
  }

  static func mean(_ values: [Double]) -> Double? {
    values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
  }

  /// Clears the progress line before the summary.
  func clearProgress() {
    if options.progress { runner.output.write(ProgressLine.clear) }
  }

  private func progressText() -> String {
    ProgressLine.text(
      done: counts.succeeded + counts.skipped, running: queue.runningCount, failed: counts.failed,
      left: queue.waitingCount, elapsed: WallClock.now() - started,
      meanDuration: Self.mean(finishedDurations.isEmpty ? earlierDurations : finishedDurations),
      parallelism: queue.limit)
      + (waitingForGPU ? " · waiting for a GPU" : "")
  }

  /// Starts no new job and stops the running ones: SIGTERM now, SIGKILL after the grace.
  mutating func stopAll() {
    stopping = true
    queue.stop()
    for pid in running.keys { stop(pid) }
  }
}

extension Duration {
  /// The duration in seconds.
  var seconds: Double {
    Double(components.seconds) + Double(components.attoseconds) / 1e18
  }
}
