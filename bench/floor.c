/*
 * floor: the smallest runner that does the same work as `xpert run`, as a lower bound.
 *
 *   floor N P CMD DIR [--skip]
 *
 * For job i = 1..N: mkdir DIR/i, open DIR/i/stdout and DIR/i/stderr, posix_spawn
 * `/bin/sh -c CMD` in a new process group with stdin from /dev/null and those files as fds 1
 * and 2, keep at most P children running (waitpid), and create DIR/i/done when a job exits 0.
 * With --skip, a job whose DIR/i/done exists is not run (the re-run check).
 * Exits 1 if any job failed or could not start.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static long *slot_job;  /* job index per slot, 0 when free */
static pid_t *slot_pid;
static long nslots;
static const char *base;
static int failed;

static void reap_one(void) {
  int status;
  pid_t pid;
  do {
    pid = waitpid(-1, &status, 0);
  } while (pid < 0 && errno == EINTR);
  if (pid < 0) {
    perror("waitpid");
    exit(2);
  }
  for (long s = 0; s < nslots; s++) {
    if (slot_pid[s] == pid) {
      if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%ld/done", base, slot_job[s]);
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        if (fd < 0) {
          perror(path);
          failed = 1;
        } else {
          close(fd);
        }
      } else {
        failed = 1;
      }
      slot_pid[s] = 0;
      slot_job[s] = 0;
      return;
    }
  }
}

int main(int argc, char **argv) {
  if (argc < 5 || argc > 6 || (argc == 6 && strcmp(argv[5], "--skip") != 0)) {
    fprintf(stderr, "usage: floor N P CMD DIR [--skip]\n");
    return 2;
  }
  long n = atol(argv[1]);
  nslots = atol(argv[2]);
  const char *cmd = argv[3];
  base = argv[4];
  int skip = argc == 6;
  if (n < 0 || nslots < 1) {
    fprintf(stderr, "floor: bad N or P\n");
    return 2;
  }
  slot_job = calloc((size_t)nslots, sizeof *slot_job);
  slot_pid = calloc((size_t)nslots, sizeof *slot_pid);
  int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (!slot_job || !slot_pid || devnull < 0) {
    perror("floor");
    return 2;
  }
  if (mkdir(base, 0777) != 0 && errno != EEXIST) {
    perror(base);
    return 2;
  }
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  char *child_argv[] = {"sh", "-c", (char *)cmd, NULL};
  long running = 0;
  char path[PATH_MAX];
  for (long i = 1; i <= n; i++) {
    if (skip) {
      snprintf(path, sizeof path, "%s/%ld/done", base, i);
      if (access(path, F_OK) == 0) continue;
    }
    if (running == nslots) {
      reap_one();
      running--;
    }
    snprintf(path, sizeof path, "%s/%ld", base, i);
    if (mkdir(path, 0777) != 0 && errno != EEXIST) {
      perror(path);
      failed = 1;
      continue;
    }
    snprintf(path, sizeof path, "%s/%ld/stdout", base, i);
    int out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    snprintf(path, sizeof path, "%s/%ld/stderr", base, i);
    int err = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (out < 0 || err < 0) {
      perror(path);
      failed = 1;
      if (out >= 0) close(out);
      if (err >= 0) close(err);
      continue;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, devnull, 0);
    posix_spawn_file_actions_adddup2(&fa, out, 1);
    posix_spawn_file_actions_adddup2(&fa, err, 2);
    pid_t pid;
    int rc = posix_spawn(&pid, "/bin/sh", &fa, &attr, child_argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(out);
    close(err);
    if (rc != 0) {
      fprintf(stderr, "floor: posix_spawn: %s\n", strerror(rc));
      failed = 1;
      continue;
    }
    for (long s = 0; s < nslots; s++) {
      if (slot_pid[s] == 0) {
        slot_pid[s] = pid;
        slot_job[s] = i;
        break;
      }
    }
    running++;
  }
  while (running > 0) {
    reap_one();
    running--;
  }
  return failed ? 1 : 0;
}
