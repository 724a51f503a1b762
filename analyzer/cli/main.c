/* The rolecheck command: picks the command, parses the options, refuses
 * to write over an input and runs the command (cli/cmd_*.c). Only this
 * directory writes to stdout/stderr and picks the exit code. */
#include <rolecheck/rolecheck.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/exit.h"
#include "util/sys.h"

#ifdef RC_FAULT_INJECTION
/* The test build used by the allocation-failure sweep: RC_FAIL_ALLOC=N
 * fails the Nth allocation (and every later one) made through the library
 * hook, which libxml2 and jansson are routed through too; RC_COUNT_ALLOC
 * prints how many allocations a run made. Not in the shipped binary. */
#include <jansson.h>
#include <libxml/xmlmemory.h>

#include "util/alloc.h"

static char *fault_strdup(const char *s)
{
  return rc_strndup(s, strlen(s));
}

static void fault_setup(void)
{
  const char *n = getenv("RC_FAIL_ALLOC");
  xmlMemSetup(rc_free, rc_malloc, rc_realloc, fault_strdup);
  json_set_alloc_funcs(rc_malloc, rc_free);
  rc_alloc_fail_after(n ? strtoul(n, NULL, 10) : 0);
}

static void fault_report(void)
{
  if (getenv("RC_COUNT_ALLOC"))
    fprintf(stderr, "rolecheck: allocations: %lu\n", rc_alloc_fail_after(0));
}
#endif

/* Interrupted (Ctrl-C, kill): the reports being written lose their
 * temporary files and keep their previous contents; then the default
 * action. */
static void on_signal(int sig)
{
  rc_output_remove_pending();
  signal(sig, SIG_DFL);
  raise(sig);
}

/* The command table; "check" is also the command of a bare INPUT. */
#define RC_COMMAND(name, run, args, summary) {name, run, args, summary},
const rc_cli_command rc_cli_commands[] = {
#include "cli/commands.def"
};
#undef RC_COMMAND
const size_t rc_cli_command_count =
    sizeof(rc_cli_commands) / sizeof(rc_cli_commands[0]);

/* diff: the argument vector with --git sides made operands */
static char **git_args;
static int git_argc;

static void free_git_args(void)
{
  int a;
  for (a = 0; a < git_argc; a++) {
    if (!strncmp(git_args[a], GIT_MARK, strlen(GIT_MARK)))
      free(git_args[a]);
  }
  free(git_args);
}

int main(int argc, char **argv)
{
  cli_options o;
  rc_ctx *ctx = NULL;
  static const rc_limits defaults = RC_LIMITS_INIT;
  int first = 1, code, shift = 0;
  size_t i;

#ifdef RC_FAULT_INJECTION
  fault_setup();
  atexit(fault_report);
#endif
  rc_sys_stdout_setup(); /* reports are the same bytes everywhere */
  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
#ifdef SIGHUP
  signal(SIGHUP, on_signal);
#endif
  memset(&o, 0, sizeof(o));
  o.limits = defaults;
  o.command = "check";
  if (argc > 1 && argv[1][0] != '-') {
    for (i = 0; i < rc_cli_command_count; i++) {
      if (!strcmp(argv[1], rc_cli_commands[i].name))
        o.command = rc_cli_commands[i].name;
    }
    /* a bare INPUT means check */
    if (!strcmp(o.command, argv[1]))
      shift = 1;
  }
  if (!strcmp(o.command, "baseline")) {
    if (argc < 3 || (strcmp(argv[2], "create") && strcmp(argv[2], "update")))
      return rc_cli_usage_error("%s", "baseline needs create or update");
    o.subcommand = argv[2];
    shift = 2;
  }
  if (!strcmp(o.command, "diff")) {
    /* --git REV:PATH is a side, in the order written: it becomes an
     * operand before getopt moves the operands to the end */
    char **args = calloc((size_t)argc + 1, sizeof(*args));
    int a, n = 0;
    if (!args)
      return rc_cli_out_of_memory();
    for (a = 0; a < argc; a++) {
      const char *spec = NULL;
      if (!strcmp(argv[a], "--git") && a + 1 < argc)
        spec = argv[++a];
      else if (!strncmp(argv[a], "--git=", 6))
        spec = argv[a] + 6;
      if (spec) {
        size_t len = strlen(GIT_MARK) + strlen(spec) + 1;
        if (!(args[n] = malloc(len))) {
          git_args = args;
          git_argc = n;
          free_git_args();
          return rc_cli_out_of_memory();
        }
        snprintf(args[n++], len, "%s%s", GIT_MARK, spec);
      } else {
        args[n++] = argv[a];
      }
    }
    git_args = args;
    git_argc = n;
    atexit(free_git_args);
    argv = args;
    argc = n;
  }
  code = rc_cli_parse_args(argc - shift, argv + shift, &o, &first);
  if (code >= 0)
    return code;
  first += shift;
  if (o.table && strcmp(o.command, "matrix"))
    return rc_cli_usage_error("--table is a matrix option, not taken by %s",
                              o.command);
  if (o.ascii && strcmp(o.command, "matrix"))
    return rc_cli_usage_error("--ascii is a matrix option, not taken by %s",
                              o.command);
  if (strcmp(o.command, "fix") &&
      (o.to || o.in_place || o.as_copy || o.split_admin || o.keep_tables ||
       o.unpacked || o.site_out || o.dry_run || o.solution || o.version))
    return rc_cli_usage_error("--to, --in-place, --as-copy, --split-admin, "
                              "--keep-tables, --unpacked, --site-out, "
                              "--dry-run, --solution and --solution-version "
                              "are fix options, not taken by %s",
                              o.command);
  if (strcmp(o.command, "users") && (o.ntenant || o.redact || o.fix_plan))
    return rc_cli_usage_error("--tenant, --redact and --fix-plan are users "
                              "options, not taken by %s",
                              o.command);
  if (first >= argc && strcmp(o.command, "rules"))
    return rc_cli_usage_error("%s", "no input given");
  {
    /* baseline update: the first operand is the baseline itself */
    int skip = o.subcommand && !strcmp(o.subcommand, "update");
    int nin = argc - first - skip;
    const char *bad = rc_cli_clobbers_input(o.output, nin, argv + first + skip);
    for (i = 0; !bad && i < o.nextra; i++)
      bad = rc_cli_clobbers_input(o.extra[i].path, nin, argv + first + skip);
    if (bad)
      return rc_cli_usage_error("'%s' is an input; refusing to write over it",
                                bad);
  }
  if (rc_ctx_new(&ctx) < 0) {
    fputs("rolecheck: out of memory\n", stderr);
    return RC_EXIT_INTERNAL;
  }
  rc_ctx_set_limits(ctx, &o.limits);
  rc_ctx_set_keep_going(ctx, o.keep_going);
  if (!o.quiet)
    rc_ctx_set_warn(ctx, rc_cli_on_warning, NULL);
  for (i = 0; i < rc_cli_command_count; i++) {
    if (!strcmp(o.command, rc_cli_commands[i].name))
      code = rc_cli_commands[i].run(ctx, &o, argc - first, argv + first);
  }
  rc_ctx_free(ctx);
  return code;
}
