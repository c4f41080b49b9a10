import TOML
import Testing

@testable import XpertCore

private func load(_ toml: String) throws -> SweepConfig {
  try ConfigLoader(source: ConfigSource(path: "sweep.toml", bytes: Array(toml.utf8))) { _ in [] }
    .load()
}

private func job(_ number: Int, group: Int = 1) -> Job {
  Job(
    number: number, group: group, numberInGroup: number, uid: "runs/\(number)",
    directory: "/work/runs/\(number)", command: "echo \(number)",
    fields: [JobField(key: "seed", value: "\(number)")])
}

@Suite struct SlurmPlanningTests {
  @Test func aGroupOverridesTheTopLevelRequestKeyByKey() throws {
    let config = try load(
      """
      cmd = "train"
      uid = "runs/{lr}"
      [slurm]
      partition = "gpu"
      time = "2h"
      gpus_per_job = 1
      extra = ["--exclusive"]
      [[exp]]
      lr = [1, 2]
      [exp.slurm]
      gpus_per_job = 2
      mem = "16G"
      [[exp]]
      lr = [3]
      slurm = { partition = "cpu", gpus_per_job = 0, time = "1-12:00:00" }
      """)
    let first = config.slurmRequest(ofGroup: 1)
    #expect(first.partition == "gpu")
    #expect(first.gpusPerJob == 2)
    #expect(first.mem == "16G")
    #expect(first.time == "0-02:00:00")
    #expect(
      first.sbatchOptions(defaultTime: nil, defaultJobName: "sweep") == [
        "--job-name=sweep", "--partition=gpu", "--time=0-02:00:00", "--mem=16G", "--gres=gpu:2",
        "--exclusive",
      ])
    let second = config.slurmRequest(ofGroup: 2)
    #expect(second.partition == "cpu")
    #expect(second.time == "1-12:00:00")
    #expect(
      !second.sbatchOptions(defaultTime: nil, defaultJobName: "x").contains {
        $0.hasPrefix("--gres")
      })
    #expect(config.flags.backend == nil)
  }

  @Test func slurmTimesConvertBothWays() {
    #expect(SlurmRequest.slurmTime(seconds: 90) == "0-00:01:30")
    #expect(SlurmRequest.slurmTime(seconds: 86400 + 3661.2) == "1-01:01:02")
    #expect(SlurmRequest.seconds(ofSlurmTime: "30") == 1800)
    #expect(SlurmRequest.seconds(ofSlurmTime: "1:30") == 90)
    #expect(SlurmRequest.seconds(ofSlurmTime: "2:00:00") == 7200)
    #expect(SlurmRequest.seconds(ofSlurmTime: "1-2") == 93600)
    #expect(SlurmRequest.seconds(ofSlurmTime: "1-00:00:10") == 86410)
    #expect(SlurmRequest.seconds(ofSlurmTime: "a:b") == nil)
    #expect(SlurmRequest.seconds(ofSlurmTime: "1:2:3:4") == nil)
  }

  @Test func arraysGroupByRequestAndNeverExceedMaxArraySize() {
    var gpu = SlurmRequest()
    gpu.gpusPerJob = 1
    let cpu = SlurmRequest()
    let jobs = (1...11).map { number in (job(number), number % 3 == 0 ? cpu : gpu) }
    let arrays = SlurmArrayPlanner.arrays(jobs, maxArraySize: 4)
    #expect(arrays.map(\.jobs.count) == [4, 4, 3])
    #expect(arrays.map(\.request) == [gpu, gpu, cpu])
    #expect(arrays[0].jobs.map(\.number) == [1, 2, 4, 5])
    #expect(arrays[2].jobs.map(\.number) == [3, 6, 9])
    #expect(Set(arrays.flatMap(\.jobs).map(\.number)) == Set(1...11))
    #expect(arrays[0].indexRange(throttle: 2) == "0-3%2")
    #expect(arrays[2].indexRange(throttle: nil) == "0-2")
  }

  @Test func theInvocationHoldsTheArrayAndChainsItWhenThrottled() {
    var settings = SbatchInvocation.Settings(
      executable: "/opt/xpert bin/xpert", config: "/work/sweep.toml", workingDirectory: "/work",
      planPath: "/work/runs/.xpert/slurm/S/array-2.toml",
      scriptPath: "/work/runs/.xpert/slurm/S/array-2.sh",
      logDirectory: "/work/runs/.xpert/slurm/S/logs", defaultJobName: "sweep")
    settings.throttle = 3
    settings.after = "41"
    settings.defaultTime = "0-00:10:00"
    settings.warningSeconds = 40
    let invocation = SbatchInvocation(
      array: SlurmArray(request: SlurmRequest(), jobs: [job(1), job(2)]), number: 2,
      settings: settings)
    #expect(
      invocation.arguments == [
        "--parsable", "--hold", "--array=0-1%3",
        "--output=/work/runs/.xpert/slurm/S/logs/%A_%a.out",
        "--chdir=/work", "--signal=B:USR1@40", "--dependency=afterany:41", "--job-name=sweep",
        "--time=0-00:10:00", "/work/runs/.xpert/slurm/S/array-2.sh",
      ])
    #expect(
      invocation.script.contains(
        "exec '/opt/xpert bin/xpert' slurm-task /work/runs/.xpert/slurm/S/array-2.toml\n"))
    #expect(invocation.script.hasPrefix("#!/bin/sh\n"))
  }

  @Test func aPlanFileReadsBackAsWritten() throws {
    var jobs = [job(1), job(2)]
    jobs[0].timeout = 90
    jobs[0].retries = 2
    jobs[1].command = "echo \"quoted\" \\ and\nnewline"
    jobs[1].fields = [JobField(key: "a key.with dots", value: "ü")]
    var plan = SlurmPlan(
      config: "/work/sweep.toml", workingDirectory: "/work", submission: "S", array: 3, jobs: jobs)
    plan.gitCommit = "abc"
    plan.gitDirty = true
    plan.rerun = [.failed, .stale]
    plan.grace = 2.5
    plan.lockTimeout = 60
    let decoded = try SlurmPlanCoding.decode(Array(SlurmPlanCoding.encode(plan).utf8))
    #expect(decoded == plan)
  }

  @Test func aPlanOfAnotherVersionIsRefusedWithAReason() {
    #expect(throws: SlurmPlanCoding.DecodingError.self) {
      try SlurmPlanCoding.decode(Array("version = 2\n".utf8))
    }
    #expect(throws: SlurmPlanCoding.DecodingError.self) {
      try SlurmPlanCoding.decode(Array("version = \n".utf8))
    }
  }

  @Test func aSubmissionFileReadsBackAsWritten() {
    let submission = SlurmSubmission(
      id: "20261201-120000-42", submitted: 1_796_000_000.25, config: "/w/s.toml",
      arrays: [.init(number: 1, jobID: "17", tasks: 8), .init(number: 2, jobID: "18", tasks: 2)])
    #expect(SlurmSubmission.decode(Array(submission.encoded().utf8)) == submission)
    #expect(submission.arrays[1].taskID(1) == "18_1")
  }
}

@Suite struct SlurmStateTests {
  @Test func squeueLinesBecomeOneStatusPerTask() {
    let statuses = SlurmOutputParsing.queue(
      """
      12_0|RUNNING|None|node1
      12_3|PENDING|JobArrayTaskLimit|
      13|PENDING|Dependency|
      """)
    #expect(statuses["12_0"] == SlurmTaskStatus(state: "RUNNING", node: "node1"))
    #expect(statuses["12_3"]?.queuedState == .pending)
    #expect(statuses["12_3"]?.reason == "JobArrayTaskLimit")
    #expect(statuses["13"]?.reason == "Dependency")
  }

  @Test func scontrolAndSacctRecordsGiveEndings() {
    let records = SlurmOutputParsing.jobRecords(
      "JobId=21 ArrayJobId=20 ArrayTaskId=1 JobName=s UserId=root(0) JobState=TIMEOUT "
        + "Reason=TimeLimit Dependency=(null) ExitCode=0:15 NodeList=localhost\n"
        + "JobId=20 ArrayJobId=20 ArrayTaskId=0 JobState=COMPLETED Reason=None NodeList=localhost\n"
    )
    #expect(records["20_1"]?.ending?.state == .timedOut)
    #expect(records["20_0"]?.ending == nil)
    let accounting = SlurmOutputParsing.accounting(
      "30_0|CANCELLED by 0|None|node2\n30_0.batch|CANCELLED||node2\n30_1|OUT_OF_MEMORY||node2\n")
    #expect(accounting["30_0"]?.ending?.state == .cancelled)
    #expect(accounting["30_0.batch"] == nil)
    #expect(accounting["30_1"]?.ending?.state == .failed)
    #expect(accounting["30_1"]?.ending?.reason.contains("out of memory") == true)
  }

  @Test func clusterSettingsAreReadFromScontrolShowConfig() {
    let config =
      "KillWait                = 2 sec\nMaxArraySize            = 8\nMaxJobCount = 10000\n"
    #expect(SlurmOutputParsing.maxArraySize(config) == 8)
    #expect(SlurmOutputParsing.killWait(config) == 2)
  }

  @Test func recordsWinOnceTheJobRanAndSlurmDecidesOtherwise() {
    let pending = SlurmTaskStatus(state: "PENDING", reason: "Priority")
    let running = SlurmTaskStatus(state: "RUNNING", node: "n1")
    let timeout = SlurmTaskStatus(state: "TIMEOUT")
    let completed = SlurmTaskStatus(state: "COMPLETED")
    let cases: [(JobState, Bool, SlurmTaskStatus?, JobState)] = [
      (.new, false, pending, .pending),
      (.failed, false, pending, .pending),  // A failed job submitted again waits.
      (.running, true, pending, .running),
      (.new, false, running, .running),
      (.completed, true, running, .completed),  // Done; Slurm still tidies up.
      (.running, true, timeout, .timedOut),  // Killed before it could record.
      (.timedOut, true, timeout, .timedOut),
      (.new, false, timeout, .timedOut),
      (.completed, true, completed, .completed),
      (.failed, false, nil, .failed),  // Slurm forgot: the directory tells.
      (.new, false, SlurmTaskStatus(state: "CANCELLED"), .cancelled),
      (.new, false, SlurmTaskStatus(state: "NODE_FAIL"), .interrupted),
      // Its node failed and Slurm requeued it: it runs again, so it pends, and then runs.
      (.interrupted, true, SlurmTaskStatus(state: "PENDING", reason: "BeginTime"), .pending),
      (.interrupted, true, running, .running),
    ]
    for (fileState, recorded, slurm, expected) in cases {
      let merged = SlurmStateMerge.state(
        fileState: fileState, recordedSinceSubmission: recorded, slurm: slurm)
      #expect(merged.state == expected, "\(fileState) \(recorded) \(String(describing: slurm))")
    }
    #expect(
      SlurmStateMerge.state(fileState: .new, recordedSinceSubmission: false, slurm: pending).detail
        == "Priority")
  }

  @Test func pendingAndCancelledFitTheRerunRules() {
    #expect(!RerunPolicy.runs(.pending, policies: []))
    #expect(!RerunPolicy.runs(.pending, policies: [.all]))
    #expect(RerunPolicy.runs(.cancelled, policies: []))
    #expect(RerunPolicy.runs(.cancelled, policies: [.failed]))
    #expect(JobState.cancelled.hasEnded && !JobState.pending.hasEnded)
  }
}
