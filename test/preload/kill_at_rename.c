/* LD_PRELOAD shim for the nothing-lost test: the process kills itself with
 * SIGKILL (or, with RC_KILL_SIGNAL=TERM, SIGTERM) at its first rename(),
 * i.e. after a report was written in full to its temporary file and just
 * before it would replace the old one. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int rename(const char *from, const char *to)
{
  const char *sig = getenv("RC_KILL_SIGNAL");
  (void)from;
  (void)to;
  kill(getpid(), sig && !strcmp(sig, "TERM") ? SIGTERM : SIGKILL);
  return -1;
}
