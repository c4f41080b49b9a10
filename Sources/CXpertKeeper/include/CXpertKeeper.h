#ifndef CXPERT_KEEPER_H
#define CXPERT_KEEPER_H

#include <stdint.h>
#include <sys/types.h>

/// What a keeper writes to its report pipe just before it exits: how the job's shell ended
/// and what was left of the job after it.
typedef struct {
  /// XPERT_KEEPER_REPORT_MAGIC.
  int32_t magic;
  /// 1 when the shell was started and reaped (then `shell_status` is its wait status).
  int32_t shell_reaped;
  /// The wait status of the shell (as `waitpid` gives it).
  int32_t shell_status;
  /// The `errno` of a failed start of the shell (fork or exec), else 0.
  int32_t start_error;
  /// Processes of the job still alive when the shell exited on its own (leftovers).
  int32_t leftovers;
  /// Processes that had to be killed with SIGKILL after the grace period.
  int32_t killed;
  /// 1 when a signal from outside xpert (SIGTERM, SIGINT or SIGHUP from a user or Slurm, not
  /// from the job itself) stopped the job.
  int32_t stopped;
  int32_t reserved;
} xpert_keeper_report;

#define XPERT_KEEPER_REPORT_MAGIC 0x58504b31

/// Starts a job under a keeper: a forked process that leads a new process group, becomes a
/// child subreaper, and runs `/bin/sh -c command` with `envp`, stdin from /dev/null and the
/// given descriptors as stdout and stderr. The keeper exits only when every process of the job
/// (the shell and everything it started, whatever process group or session they moved to) has
/// exited; then it writes an `xpert_keeper_report` to the pipe whose read end is returned in
/// `*report_fd` (close-on-exec).
///
/// The keeper starts the shell only once the runner has written one byte to the pipe whose
/// write end is returned in `*go_fd` (close-on-exec): the runner records the attempt first.
/// When that pipe closes without the byte (the runner died, or gave the job up), the keeper
/// exits without starting anything, with `start_error` ECANCELED.
///
/// A stop request (`xpert_keeper_stop`, or SIGTERM, SIGINT or SIGHUP from anyone but the job
/// itself) makes the
/// keeper send SIGTERM to every process of the job, wait until all have exited or
/// `grace_ns` has passed, and then send SIGKILL to what is left. When the shell exits on its own
/// and leaves processes behind, they are stopped the same way.
///
/// Returns the keeper's pid (which is also the job's process group id), or -errno.
pid_t xpert_keeper_spawn(
  const char *command, char *const envp[], int stdout_fd, int stderr_fd, int64_t grace_ns,
  int *report_fd, int *go_fd);

/// Asks keeper `pid` to stop its job: with `immediately`, SIGKILL to every process at once;
/// else SIGTERM first and SIGKILL after the grace. Returns 0 or -errno.
int xpert_keeper_stop(pid_t pid, int immediately);

/// Makes this process a child subreaper: orphaned descendants become its children.
int xpert_become_subreaper(void);

#endif
