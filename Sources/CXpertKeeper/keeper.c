// The job keeper: one forked process per job that owns the job's whole process tree.
//
// Everything after fork() in the child runs in a copy of a multithreaded process, so it may only
// use async-signal-safe calls: no malloc, no stdio, no locks. Memory is the stack and the static
// table below (written only in keepers, never in the runner). docs/processes.md explains the
// design.

#define _GNU_SOURCE
#include "CXpertKeeper.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { STOP_GRACEFUL = 1, STOP_NOW = 2 };

#ifndef SYS_close_range
#define SYS_close_range 436
#endif

/// Requests from xpert come on a real-time signal, which queues: a "kill now" sent while an
/// earlier request is still pending is not lost, as a second SIGTERM would be.
static int request_signal(void) { return SIGRTMIN + 2; }
enum { REPORT_FD = 3, GO_FD = 4, MAX_PROCESSES = 1 << 16 };

// ---------------------------------------------------------------------------------------------
// /proc, read with raw system calls

struct linux_dirent64 {
  uint64_t d_ino;
  int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

static char *put_number(char *at, long value) {
  char digits[24];
  int count = 0;
  do {
    digits[count++] = (char)('0' + value % 10);
    value /= 10;
  } while (value > 0);
  while (count > 0) *at++ = digits[--count];
  return at;
}

/// Reads /proc/PID/stat: the parent pid, whether it is a zombie, and its start time.
static int read_stat(pid_t pid, pid_t *parent, int *zombie, uint64_t *start) {
  char path[64] = "/proc/";
  char *end = put_number(path + 6, pid);
  memcpy(end, "/stat", 6);
  int descriptor = open(path, O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) return -1;
  char buffer[1024];
  ssize_t count = read(descriptor, buffer, sizeof buffer - 1);
  close(descriptor);
  if (count <= 0) return -1;
  buffer[count] = 0;
  // The command name may hold spaces and parentheses: the fields start after the last ')'.
  char *close_paren = NULL;
  for (ssize_t i = 0; i < count; i++)
    if (buffer[i] == ')') close_paren = buffer + i;
  if (close_paren == NULL || close_paren + 2 >= buffer + count) return -1;
  char *field = close_paren + 2;  // field 3: the state
  *zombie = (*field == 'Z' || *field == 'X');
  int number = 3;
  uint64_t values[2] = {0, 0};  // field 4 (ppid) and field 22 (starttime)
  while (*field && number <= 22) {
    if (number == 4 || number == 22) {
      uint64_t value = 0;
      for (char *digit = field; *digit >= '0' && *digit <= '9'; digit++)
        value = value * 10 + (uint64_t)(*digit - '0');
      values[number == 4 ? 0 : 1] = value;
    }
    while (*field && *field != ' ') field++;
    if (*field == ' ') field++;
    number++;
  }
  if (number <= 22) return -1;
  *parent = (pid_t)values[0];
  *start = values[1];
  return 0;
}

static pid_t table_pid[MAX_PROCESSES];
static pid_t table_parent[MAX_PROCESSES];
static unsigned char table_mark[MAX_PROCESSES];
static unsigned char table_zombie[MAX_PROCESSES];

/// Sends `signal` to every live descendant of this process; returns how many there were.
static int signal_descendants(int signal) {
  int proc = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (proc < 0) return 0;
  pid_t self = getpid();
  int count = 0;
  char buffer[8192];
  for (;;) {
    long bytes = syscall(SYS_getdents64, proc, buffer, sizeof buffer);
    if (bytes <= 0) break;
    for (long offset = 0; offset < bytes;) {
      struct linux_dirent64 *entry = (struct linux_dirent64 *)(buffer + offset);
      offset += entry->d_reclen;
      long pid = 0;
      const char *name = entry->d_name;
      if (*name < '1' || *name > '9') continue;
      for (; *name >= '0' && *name <= '9'; name++) pid = pid * 10 + (*name - '0');
      if (*name != 0 || pid == self || count >= MAX_PROCESSES) continue;
      pid_t parent;
      int zombie;
      uint64_t start;
      // A zombie stays in the table: a multithreaded process whose main thread has exited
      // shows as one while its other threads live, and signalling a real zombie is harmless.
      if (read_stat((pid_t)pid, &parent, &zombie, &start) != 0) continue;
      table_pid[count] = (pid_t)pid;
      table_parent[count] = parent;
      table_zombie[count] = (unsigned char)zombie;
      table_mark[count] = (parent == self);
      count++;
    }
  }
  close(proc);
  // Mark the descendants: a process whose parent is marked is marked, until nothing changes.
  for (int changed = 1; changed;) {
    changed = 0;
    for (int i = 0; i < count; i++) {
      if (table_mark[i]) continue;
      for (int j = 0; j < count; j++) {
        if (table_mark[j] && table_pid[j] == table_parent[i]) {
          table_mark[i] = 1;
          changed = 1;
          break;
        }
      }
    }
  }
  int found = 0;
  for (int i = 0; i < count; i++) {
    if (!table_mark[i]) continue;
    kill(table_pid[i], signal);
    // A stopped process would sit on SIGTERM until SIGKILL: let it handle it.
    if (signal == SIGTERM) kill(table_pid[i], SIGCONT);
    if (!table_zombie[i]) found++;
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// The keeper

static int64_t now_ns(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

static void say(const char *text) {
  ssize_t ignored = write(2, text, strlen(text));
  (void)ignored;
}

static void finish(xpert_keeper_report *report) {
  report->magic = XPERT_KEEPER_REPORT_MAGIC;
  ssize_t ignored = write(REPORT_FD, report, sizeof *report);
  (void)ignored;
  _exit(0);
}

static void keeper_main(
  const char *command, char *const envp[], int stdout_fd, int stderr_fd, int report_fd,
  int go_fd, int64_t grace_ns) {
  // Handlers inherited from the runner must never run here: reset every signal to its default.
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = SIG_DFL;
  // The standard signals only: real-time ones are neither handled by the runner nor ignored by
  // its parents in practice, and each reset is a system call on every job's start.
  for (int number = 1; number < SIGRTMIN; number++) sigaction(number, &action, NULL);
  action.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &action, NULL);

  setpgid(0, 0);
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  prctl(PR_SET_NAME, "xpert-job");

  // Descriptors: 0 /dev/null, 1 and 2 the logs, 3 the report pipe, 4 the go pipe; nothing
  // else of the runner.
  int out = fcntl(stdout_fd, F_DUPFD, 10);
  int err = fcntl(stderr_fd, F_DUPFD, 10);
  int rep = fcntl(report_fd, F_DUPFD, 10);
  int go = fcntl(go_fd, F_DUPFD, 10);
  int null = open("/dev/null", O_RDONLY);
  if (out < 0 || err < 0 || rep < 0 || go < 0 || null < 0) _exit(127);
  dup2(null, 0);
  dup2(out, 1);
  dup2(err, 2);
  dup2(rep, REPORT_FD);
  dup2(go, GO_FD);
  fcntl(REPORT_FD, F_SETFD, FD_CLOEXEC);
  fcntl(GO_FD, F_SETFD, FD_CLOEXEC);
  if (syscall(SYS_close_range, GO_FD + 1, ~0U, 0) != 0) {
    for (int descriptor = GO_FD + 1; descriptor < 65536; descriptor++) close(descriptor);
  }

  // Every signal stays blocked (no signal may kill the keeper while its job lives); the ones
  // it acts on are taken with sigtimedwait, the others stay pending, harmless.
  sigset_t all, watched;
  sigfillset(&all);
  sigprocmask(SIG_SETMASK, &all, NULL);
  sigemptyset(&watched);
  sigaddset(&watched, SIGCHLD);
  sigaddset(&watched, SIGTERM);
  sigaddset(&watched, SIGINT);
  sigaddset(&watched, SIGHUP);
  sigaddset(&watched, request_signal());

  xpert_keeper_report report;
  memset(&report, 0, sizeof report);
  // Nothing of the job runs before the runner has recorded this attempt (with this keeper's
  // pid): it then writes one byte. A runner that dies first closes the pipe, and the job never
  // starts, so no process of it can ever run unrecorded.
  char byte = 0;
  ssize_t got_go;
  do {
    got_go = read(GO_FD, &byte, 1);
  } while (got_go < 0 && errno == EINTR);
  close(GO_FD);
  if (got_go != 1) {
    report.start_error = ECANCELED;
    finish(&report);
  }
  char *argv[] = {"/bin/sh", "-c", (char *)command, NULL};
  // A close-on-exec pipe tells the keeper whether exec worked: EOF, or the child's errno.
  int exec_check[2];
  if (pipe2(exec_check, O_CLOEXEC) != 0) {
    report.start_error = errno;
    finish(&report);
  }
  pid_t shell = fork();
  if (shell == 0) {
    struct sigaction defaults;
    memset(&defaults, 0, sizeof defaults);
    defaults.sa_handler = SIG_DFL;
    sigaction(SIGPIPE, &defaults, NULL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execve("/bin/sh", argv, envp);
    int error = errno;
    ssize_t ignored = write(exec_check[1], &error, sizeof error);
    (void)ignored;
    char text[64] = "xpert: cannot start /bin/sh: errno ";
    char *end = put_number(text + strlen(text), error);
    end[0] = '\n';
    end[1] = 0;
    say(text);
    _exit(127);
  }
  if (shell < 0) {
    report.start_error = errno;
    finish(&report);
  }
  close(exec_check[1]);
  int exec_error = 0;
  ssize_t got;
  do {
    got = read(exec_check[0], &exec_error, sizeof exec_error);
  } while (got < 0 && errno == EINTR);
  if (got == (ssize_t)sizeof exec_error) report.start_error = exec_error;
  close(exec_check[0]);

  int phase = 0;  // 0 running, 1 SIGTERM sent (waiting for the grace), 2 SIGKILL sent
  int64_t deadline = 0;
  int64_t kill_interval = 50000000;
  for (;;) {
    for (;;) {
      int status;
      pid_t reaped = waitpid(-1, &status, WNOHANG);
      if (reaped > 0) {
        if (reaped == shell) {
          report.shell_reaped = 1;
          report.shell_status = status;
        }
        continue;
      }
      if (reaped < 0 && errno == EINTR) continue;
      if (reaped < 0 && errno == ECHILD) finish(&report);
      // The shell is gone and a child is not: the job left processes behind. (Only now is
      // /proc read: when nothing is left, waitpid says ECHILD and the job ends at once.)
      if (reaped == 0 && report.shell_reaped && phase == 0) {
        int left = signal_descendants(SIGTERM);
        report.leftovers = left > 0 ? left : 1;
        phase = 1;
        deadline = now_ns() + grace_ns;
      }
      break;
    }
    struct timespec wait_for;
    struct timespec *timeout = NULL;
    if (phase > 0) {
      int64_t left = phase == 1 ? deadline - now_ns() : kill_interval;
      if (left < 0) left = 0;
      wait_for.tv_sec = (time_t)(left / 1000000000);
      wait_for.tv_nsec = (long)(left % 1000000000);
      timeout = &wait_for;
    }
    siginfo_t info;
    int received = sigtimedwait(&watched, &info, timeout);
    if (received < 0) {
      if (errno != EAGAIN || phase == 0) continue;
      // The grace is over (or SIGKILL was sent and something is still there: a process forked
      // between the listing and the kill). Kill what is left, again until nothing is.
      int killed = signal_descendants(SIGKILL);
      if (phase == 1) report.killed = killed;
      // A process that SIGKILL has not ended yet is in the kernel (a hung NFS read): look
      // again less and less often, up to once a second.
      if (phase == 2 && kill_interval < 1000000000) kill_interval *= 2;
      phase = 2;
      continue;
    }
    if (received == SIGCHLD) continue;
    int now = received == request_signal() && info.si_code == SI_QUEUE &&
              info.si_value.sival_int == STOP_NOW;
    // A job that signals its own process group (`kill 0`, `trap 'kill 0' EXIT`) does not ask
    // for its own stop.
    if (received != request_signal() && info.si_code == SI_USER &&
        (info.si_pid == getpid() || getpgid(info.si_pid) == getpid()))
      continue;
    if (received != request_signal()) report.stopped = 1;
    if (now && phase < 2) {
      signal_descendants(SIGKILL);
      phase = 2;
    } else if (phase == 0) {
      signal_descendants(SIGTERM);
      phase = 1;
      deadline = now_ns() + grace_ns;
    }
  }
}

pid_t xpert_keeper_spawn(
  const char *command, char *const envp[], int stdout_fd, int stderr_fd, int64_t grace_ns,
  int *report_fd, int *go_fd) {
  int ends[2], go[2];
  if (pipe2(ends, O_CLOEXEC) != 0) return -errno;
  if (pipe2(go, O_CLOEXEC) != 0) {
    int error = errno;
    close(ends[0]);
    close(ends[1]);
    return -error;
  }
  // No signal may reach the child before it has reset the runner's handlers.
  sigset_t all, saved;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &saved);
  pid_t pid = fork();
  if (pid == 0) {
    close(ends[0]);
    close(go[1]);
    keeper_main(command, envp, stdout_fd, stderr_fd, ends[1], go[0], grace_ns);
    _exit(127);
  }
  int error = errno;
  pthread_sigmask(SIG_SETMASK, &saved, NULL);
  close(ends[1]);
  close(go[0]);
  if (pid < 0) {
    close(ends[0]);
    close(go[1]);
    return -error;
  }
  // The job's process group exists before anyone signals it (the keeper also sets it).
  setpgid(pid, pid);
  *report_fd = ends[0];
  *go_fd = go[1];
  return pid;
}

int xpert_keeper_stop(pid_t pid, int immediately) {
  union sigval value;
  value.sival_int = immediately ? STOP_NOW : STOP_GRACEFUL;
  return sigqueue(pid, request_signal(), value) == 0 ? 0 : -errno;
}

int xpert_become_subreaper(void) {
  return prctl(PR_SET_CHILD_SUBREAPER, 1) == 0 ? 0 : -errno;
}
