/* What every command shares: messages and exit codes, writing a report to
 * stdout or a file, colour. */
#include <rolecheck/rolecheck.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/exit.h"
#include "util/sys.h"

/* Colour for a text report going to stdout (path NULL) or a file:
 * ci-conventions' rules (--color, NO_COLOR, TERM=dumb, FORCE_COLOR). */
int rc_cli_use_color(const cli_options *o, const char *path)
{
  const char *v;
  if (o->color && !strcmp(o->color, "always"))
    return 1;
  if ((o->color && !strcmp(o->color, "never")) || path)
    return 0;
  if (((v = getenv("FORCE_COLOR")) && v[0]) ||
      ((v = getenv("CLICOLOR_FORCE")) && v[0]))
    return 1;
  if ((v = getenv("NO_COLOR")) && v[0])
    return 0;
  if ((v = getenv("TERM")) && !strcmp(v, "dumb"))
    return 0;
  return rc_sys_is_terminal(stdout, 1);
}

void rc_cli_on_warning(const char *message, void *payload)
{
  (void)payload;
  fprintf(stderr, "rolecheck: warning: %s\n", message);
}

int rc_cli_usage_error(const char *fmt, const char *arg)
{
  fputs("rolecheck: ", stderr);
  fprintf(stderr, fmt, arg);
  fputs(" (see rolecheck --help)\n", stderr);
  return RC_EXIT_USAGE;
}

int rc_cli_fail(rc_ctx *ctx, int error)
{
  fprintf(stderr, "rolecheck: %s\n", rc_ctx_error(ctx));
  return rc_exit_for(error);
}

/* Reports a failed write of the output (a full disk, a closed pipe). */
int rc_cli_flush_stdout(void)
{
  if (fflush(stdout) == 0 && !ferror(stdout))
    return RC_EXIT_OK;
  fputs("rolecheck: cannot write the output\n", stderr);
  return RC_EXIT_INTERNAL;
}

/* Write one report to stdout (path NULL), or to a temporary file renamed
 * over PATH once complete (dropped when render fails). Returns an exit
 * code. */
int rc_cli_write(rc_ctx *ctx, const char *path, rc_cli_render_fn render,
                 void *payload)
{
  rc_output *file = NULL;
  int error;
  if (path && (error = rc_output_open(&file, ctx, path)) < 0)
    return rc_cli_fail(ctx, error);
  error = render(file ? rc_output_file(file) : stdout, ctx, payload);
  if (error < 0) {
    rc_output_abort(file);
    return rc_cli_fail(ctx, error);
  }
  if (!file)
    return rc_cli_flush_stdout();
  error = rc_output_commit(file, ctx);
  return error < 0 ? rc_cli_fail(ctx, error) : RC_EXIT_OK;
}

int rc_cli_out_of_memory(void)
{
  fputs("rolecheck: out of memory\n", stderr);
  return RC_EXIT_INTERNAL;
}
