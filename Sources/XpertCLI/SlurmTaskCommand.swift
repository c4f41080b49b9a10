import ArgumentParser
import XpertCore
import XpertReport
import XpertRuntime
import XpertSlurm
import XpertStore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `xpert slurm-task PLAN`: what each Slurm array task runs on its compute node. It finds its
/// job in the plan by `SLURM_ARRAY_TASK_ID` and does what a local run does for one job: lock,
/// logs, record, `completed.flag`, process group, SIGTERM before SIGKILL. Hidden from `--help`.
struct SlurmTaskCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "slurm-task",
    abstract: "Run one job of a Slurm submission's plan (what each array task runs).",
    shouldDisplay: false)

  @Argument(help: "The plan file of the task's array.")
  var plan: String

  @Option(help: "The task id (default: $SLURM_ARRAY_TASK_ID).")
  var task: Int?

  func run() async throws {
    guard let task = task ?? Environment.value("SLURM_ARRAY_TASK_ID").flatMap({ Int($0) }) else {
      throw ValidationError("no task id: SLURM_ARRAY_TASK_ID is not set, and --task is not given")
    }
    let plan: SlurmPlan
    do {
      plan = try SlurmPlanCoding.decode(try FileSystem.readFile(self.plan))
    } catch {
      throw ValidationError("cannot read the plan \(self.plan): \(error)")
    }
    guard plan.jobs.indices.contains(task) else {
      throw ValidationError(
        "the plan \(self.plan) has \(plan.jobs.count) jobs, none for task \(task)")
    }
    let job = plan.jobs[task]
    let lock = JobLock(host: JobLock.hostName(), pid: Environment.pid, timeout: plan.lockTimeout)
    var options = RunOptions(
      numProc: 1, gpuEntries: nil,
      provenance: Provenance(
        config: plan.config, gitCommit: plan.gitCommit, gitDirty: plan.gitDirty, lock: lock))
    options.rerun = plan.rerun
    options.grace = .milliseconds(Int(plan.grace * 1000))
    options.defaultRetries = job.retries ?? 0
    options.heartbeat = .milliseconds(Int(min(10, plan.lockTimeout / 4) * 1000))
    let planPath = self.plan
    options.stopOutcome = {
      SlurmLedger.cancelRequested(planPath: planPath, task: task) ? .cancelled : .interrupted
    }
    options.timeLimitSignal = SIGUSR1
    options.inheritedGPU = Environment.value("CUDA_VISIBLE_DEVICES").flatMap {
      $0.isEmpty ? nil : $0
    }
    let output = ConsoleWriter.standardOutput
    output.line(
      "xpert \(XpertVersion.current): Slurm task \(task) of \(planPath): \(job.label) in "
        + job.directory)
    let runner = LocalRunner(
      launcher: POSIXLauncher(environment: POSIXLauncher.currentEnvironment()),
      output: output, lines: ConsoleLines(style: ConsoleStyle(colour: false)))
    let result = await runner.run([job], options: options)
    if result.exitStatus != 0 { throw ExitCode(result.exitStatus) }
  }
}
