/// A job's state when its directory and Slurm both have something to say: what `status`,
/// `--wait` and re-submission go by for a job that was submitted to Slurm.
public enum SlurmStateMerge {
  /// The merged state and, when Slurm decided it, Slurm's detail (pending reason, node, why it
  /// ended).
  ///
  /// - Parameters:
  ///   - fileState: what the job directory says.
  ///   - recordedSinceSubmission: whether the record has an attempt that started after the
  ///     submission (the task got as far as running the job).
  ///   - slurm: what Slurm says about the job's task; `nil` when Slurm no longer knows it.
  public static func state(
    fileState: JobState, recordedSinceSubmission: Bool, slurm: SlurmTaskStatus?
  ) -> (state: JobState, detail: String?) {
    if let slurm, let queued = slurm.queuedState {
      // The job is done; Slurm is still tidying up the task. Not so for `interrupted`: a task
      // whose node failed is requeued by Slurm (PENDING, BeginTime) and runs the job again, so
      // only Slurm can say when it is over.
      if recordedSinceSubmission && fileState.hasEnded && fileState != .interrupted {
        return (fileState, nil)
      }
      if queued == .pending && fileState != .running {
        return (.pending, slurm.reason)
      }
      return (.running, slurm.node.map { "on " + $0 })
    }
    if recordedSinceSubmission && fileState.hasEnded {
      // The job recorded its own ending; Slurm may know why (the kernel's OOM killer).
      let oom = fileState == .failed && slurm?.state == "OUT_OF_MEMORY"
      return (fileState, oom ? slurm?.ending?.reason : nil)
    }
    if let ending = slurm?.ending {
      // The task ended without recording it (killed at Slurm's time limit, preempted, its
      // node lost, cancelled while pending) or before its job could start.
      return (ending.state, ending.reason)
    }
    return (fileState, nil)
  }
}
