import XpertCore
import XpertReport
import XpertRuntime
import XpertStore

extension SlurmSubmitter {
  /// Submits every array held, records the submission, then releases them; on any refusal
  /// the arrays already in are cancelled (they never ran) and the submission is discarded.
  func submitHeld(
    _ arrays: [SlurmArray], _ invocations: [SbatchInvocation], id: String, ledger: SlurmLedger,
    topmost: String, options: Options
  ) throws(SlurmError) -> (SlurmSubmission, [[String]]) {
    var submitted: [[String]] = []
    var submission = SlurmSubmission(
      id: id, submitted: WallClock.now(), config: options.config, arrays: [])
    do throws(SlurmError) {
      var checked = Set<SlurmRequest>()
      for (offset, array) in arrays.enumerated() where checked.insert(array.request).inserted {
        try commands.check(invocations[offset].arguments)
      }
      for (offset, invocation) in invocations.enumerated() {
        try stopIfSignalled()
        let arguments = invocation.arguments.map { argument in
          guard let previous = submission.arrays.last else { return argument }
          return argument.replacing(Self.placeholder(offset), with: previous.jobID)
        }
        let jobID = try commands.submit(arguments)
        submitted.append(arguments)
        submission.arrays.append(
          SlurmSubmission.Array(number: offset + 1, jobID: jobID, tasks: arrays[offset].jobs.count))
      }
      try stopIfSignalled()
      do {
        try ledger.record(submission)
      } catch {
        throw SlurmError("cannot record the submission: \(error)")
      }
      try commands.release(submission.arrays.map(\.jobID))
    } catch {
      try? commands.cancel(submission.arrays.map(\.jobID))
      ledger.discard(id, upTo: topmost)
      var failure = SlurmError(
        error.message
          + (submission.arrays.isEmpty ? "" : " (the arrays already submitted are cancelled)"),
        help: error.help
          ?? "nothing was submitted; fix the [slurm] table or the flags and run again")
      failure.signal = error.signal ?? InterruptFlag.received
      throw failure
    }
    return (submission, submitted)
  }

  private func stopIfSignalled() throws(SlurmError) {
    guard let signal = InterruptFlag.received else { return }
    var error = SlurmError(
      "stopped by signal \(signal) while submitting",
      help: "nothing was submitted; run again to submit")
    error.signal = signal
    throw error
  }

  func describe(_ arguments: [String]) -> String {
    arguments.dropLast().filter {
      !$0.hasPrefix("--output=") && !$0.hasPrefix("--chdir=") && !$0.hasPrefix("--parsable")
        && !$0.hasPrefix("--hold") && !$0.hasPrefix("--signal=")
    }.joined(separator: " ")
  }

  func printDryRun(
    _ arrays: [SlurmArray], _ invocations: [SbatchInvocation], ledger: SlurmLedger, id: String
  ) {
    output.line("# Dry run: nothing is written or submitted. Plans would go to")
    output.line("# \(ledger.submissionDirectory(id))/")
    if invocations.count > 1 {
      output.line("# <array N> stands for the job id that Slurm gives array N.")
    }
    for (offset, invocation) in invocations.enumerated() {
      output.line("")
      output.line(
        "# Array \(offset + 1): \(arrays[offset].jobs.count) jobs, then released with "
          + "scontrol release once every array is in")
      output.line("sbatch " + invocation.arguments.map(ShellQuoting.quote).joined(separator: " "))
      output.line("# \(ledger.scriptPath(id, array: offset + 1)):")
      output.write(invocation.script)
    }
  }
}
