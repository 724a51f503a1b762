/* Atomic output files: written to a temporary file beside the target and
 * renamed over it only once complete, so a killed run never leaves a
 * half-written report or baseline. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rolecheck/report.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/sys.h"

struct rc_output {
  FILE *file;
  char *tmp;
  char *path;
  int created; /* tmp exists and is ours to remove */
};

/* The temporary files being written, for rc_output_remove_pending() in a
 * signal handler; set and cleared by the thread that writes the outputs. */
#define PENDING_MAX 16
static char *volatile pending[PENDING_MAX];

static void pending_set(char *tmp)
{
  size_t i;
  for (i = 0; i < PENDING_MAX; i++) {
    if (!pending[i]) {
      pending[i] = tmp;
      return;
    }
  }
}

static void pending_clear(const char *tmp)
{
  size_t i;
  for (i = 0; i < PENDING_MAX; i++) {
    if (pending[i] == tmp)
      pending[i] = NULL;
  }
}

void rc_output_remove_pending(void)
{
  size_t i;
  for (i = 0; i < PENDING_MAX; i++) {
    char *tmp = pending[i];
    if (tmp)
      unlink(tmp);
  }
}

int rc_output_open(rc_output **out, rc_ctx *ctx, const char *path)
{
  rc_output *o = rc_calloc(1, sizeof(*o));
  size_t n = strlen(path) + 32;
  *out = NULL;
  if (!o)
    return rc_fail_nomem(ctx);
  o->tmp = rc_malloc(n);
  o->path = rc_strndup(path, strlen(path));
  if (!o->tmp || !o->path) {
    rc_output_abort(o);
    return rc_fail_nomem(ctx);
  }
  snprintf(o->tmp, n, "%s.tmp%lu", path, rc_sys_pid());
  o->file = rc_sys_create(o->tmp);
  if (!o->file) {
    int rc =
        rc_fail(ctx, RC_EUSAGE, "%s: cannot write: %s", path, strerror(errno));
    rc_output_abort(o);
    return rc;
  }
  o->created = 1;
  pending_set(o->tmp);
  *out = o;
  return RC_OK;
}

FILE *rc_output_file(rc_output *o)
{
  return o->file;
}

int rc_output_commit(rc_output *o, rc_ctx *ctx)
{
  int error = RC_OK;
  if (ferror(o->file) || rc_sys_sync(o->file))
    error = rc_fail(ctx, RC_ERROR, "%s: cannot write: %s", o->path,
                    strerror(errno));
  if (fclose(o->file) && !error)
    error = rc_fail(ctx, RC_ERROR, "%s: cannot write: %s", o->path,
                    strerror(errno));
  o->file = NULL;
  if (!error && rc_sys_replace(o->tmp, o->path))
    error = rc_fail(ctx, RC_ERROR, "%s: cannot write: %s", o->path,
                    strerror(errno));
  rc_output_abort(o);
  return error;
}

void rc_output_abort(rc_output *o)
{
  if (!o)
    return;
  if (o->file) {
    fclose(o->file);
    o->file = NULL;
  }
  if (o->created) {
    unlink(o->tmp); /* after a rename the name no longer exists */
    pending_clear(o->tmp);
  }
  rc_free(o->tmp);
  rc_free(o->path);
  rc_free(o);
}
