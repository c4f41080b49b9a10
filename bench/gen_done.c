/*
 * gen_done: create N completed job directories fast, as a finished run would leave them, so
 * that the re-run check (W3) can be timed at N = 100,000 without running 100,000 jobs first:
 * for xargs, GNU parallel and the floor (plain), and for Xpert with --fast-setup (xpert; a real
 * run also writes job records, so by default Xpert's directories come from a real run).
 *
 *   gen_done N DIR xpert   DIR/i/{stdout.T.log, stderr.T.log, completed.flag}  (T: now)
 *   gen_done N DIR plain   DIR/i/{stdout, stderr, done}                         (xargs, parallel, floor)
 *
 * The files are empty, as the jobs' (`true`) output is; an empty completed.flag is what the
 * original tool wrote and Xpert reads it as completed.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void touch(const char *path) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) {
    perror(path);
    exit(1);
  }
  close(fd);
}

int main(int argc, char **argv) {
  if (argc != 4 || (strcmp(argv[3], "xpert") != 0 && strcmp(argv[3], "plain") != 0)) {
    fprintf(stderr, "usage: gen_done N DIR xpert|plain\n");
    return 2;
  }
  long n = atol(argv[1]);
  const char *base = argv[2];
  int xpert = strcmp(argv[3], "xpert") == 0;
  long t = (long)time(NULL);
  if (mkdir(base, 0777) != 0 && errno != EEXIST) {
    perror(base);
    return 1;
  }
  char path[PATH_MAX];
  for (long i = 1; i <= n; i++) {
    snprintf(path, sizeof path, "%s/%ld", base, i);
    if (mkdir(path, 0777) != 0 && errno != EEXIST) {
      perror(path);
      return 1;
    }
    if (xpert) {
      snprintf(path, sizeof path, "%s/%ld/stdout.%ld.log", base, i, t);
      touch(path);
      snprintf(path, sizeof path, "%s/%ld/stderr.%ld.log", base, i, t);
      touch(path);
      snprintf(path, sizeof path, "%s/%ld/completed.flag", base, i);
      touch(path);
    } else {
      snprintf(path, sizeof path, "%s/%ld/stdout", base, i);
      touch(path);
      snprintf(path, sizeof path, "%s/%ld/stderr", base, i);
      touch(path);
      snprintf(path, sizeof path, "%s/%ld/done", base, i);
      touch(path);
    }
  }
  return 0;
}
