/* What the command-line tool's files share: the parsed options, the
 * inputs read, the rule set-up, and the helpers every command uses. Not
 * part of the library. */
#ifndef RC_CLI_CLI_H
#define RC_CLI_CLI_H

#include <rolecheck/rolecheck.h>
#include <stdio.h>

#define MAX_ASSIGN 64
#define MAX_TENANT 256

typedef struct {
  const char *command;    /* check, roles, matrix, rules, explain, baseline */
  const char *subcommand; /* baseline: create or update */
  const char *format;
  const char *role;
  const char *table;
  const char *fail_on;
  const char *assume;
  const char *assign[MAX_ASSIGN];
  size_t nassign;
  const char *config;
  int no_config;
  const char *rules;
  const char *baseline;
  const char *prices;         /* --prices FILE */
  const char *users_per_role; /* --users-per-role FILE */
  const char *pdf;            /* check --pdf FILE */
  int what_if;                /* --what-if */
  const char *output;
  int force, add_new;
  int keep_going;
  long jobs; /* inputs loaded in parallel; 0 = one per CPU */
  int stats;
  const char *source_root;
  int include_suppressed;
  /* more outputs from the same run: the format's table row + path */
  struct {
    const rc_format_info *format;
    const char *path;
  } extra[16];
  size_t nextra;
  int ascii;
  int quiet;
  const char *color; /* auto (NULL), always, never */
  /* fix */
  int in_place, as_copy, split_admin, dry_run;
  const char *keep_tables, *unpacked, *site_out, *solution, *version;
  const char *to; /* --to: --assume's synonym */
  /* users */
  const char *tenant[MAX_TENANT];
  size_t ntenant;
  int redact, fix_plan;
  rc_limits limits;
} cli_options;

#define MAX_FAILED 64

typedef struct {
  rc_input_list *inputs;
  rc_model **models;
  size_t count;
  int code; /* exit code so far: 3 when an input failed */
  /* inputs that could not be read, for reports */
  char *failed_paths[MAX_FAILED];
  char *failed_messages[MAX_FAILED];
  size_t nfailed;
  size_t skipped; /* files a folder scan passed over, with a warning */
  int scanned;    /* some input was found by searching a folder */
} loaded;

typedef rc_setup rule_setup;

/* An operand that came from --git REV:PATH (see main). */
#define GIT_MARK "\x1egit:"

/* ---- options.c ---- */
/* Parse argv into o; *first is the first operand. -1 to go on, else the
 * exit code (help, version, a usage error). */
int rc_cli_parse_args(int argc, char **argv, cli_options *o, int *first);
/* The format -f names for a command (text when name is NULL); -1 when the
 * command does not render it. */
int rc_cli_parse_format(rc_view_kind view, const char *name, rc_format *out);
/* "--text, --json, --sarif and --md": the reports diff writes. */
const char *rc_cli_diff_reports(void);

/* ---- common.c ---- */
int rc_cli_use_color(const cli_options *o, const char *path);
void rc_cli_on_warning(const char *message, void *payload);
/* "rolecheck: " + fmt (with one %s) on stderr; exit 2. */
int rc_cli_usage_error(const char *fmt, const char *arg);
/* The context's message on stderr; the exit code for error. */
int rc_cli_fail(rc_ctx *ctx, int error);
int rc_cli_flush_stdout(void);
/* Renders a report to out; RC_OK or an error code. */
typedef int (*rc_cli_render_fn)(FILE *out, rc_ctx *ctx, void *payload);
/* Write one report: to stdout (path NULL) or atomically to a file, which
 * is left as it was when render fails. The exit code. */
/* check --pdf FILE: render (the HTML report) into a temporary file, print
 * it to PDF with a headless Chromium, and write that to FILE (cli/pdf.c).
 * Returns an exit code. */
int rc_cli_write_pdf(rc_ctx *ctx, const char *path, rc_cli_render_fn render,
                     void *payload);
int rc_cli_write(rc_ctx *ctx, const char *path, rc_cli_render_fn render,
                 void *payload);
int rc_cli_out_of_memory(void);

/* ---- inputs.c ---- */
int rc_cli_load_inputs(rc_ctx *ctx, const cli_options *o, int nin, char **in,
                       loaded *L);
void rc_cli_scan_summary(const loaded *L, const char *label);
/* rc_cli_load_inputs() for a command that writes a file from its inputs
 * (baseline, fix): an input that cannot be read stops it, with the line
 * "rolecheck: NOTHING: an input could not be read". The exit code. */
int rc_cli_load_complete(rc_ctx *ctx, const cli_options *o, int nin, char **in,
                         loaded *L, const char *nothing);
void rc_cli_free_inputs(loaded *L);
/* Is out the same file as one of the inputs? Reports never replace one. */
const char *rc_cli_clobbers_input(const char *out, int nin, char **in);

/* ---- setup.c ---- */
/* -1 when set up, else the exit code (the message printed). */
int rc_cli_setup_rules(rc_ctx *ctx, const cli_options *o, rule_setup *s);

/* ---- the commands (cli/cmd_*.c): the exit code ---- */
typedef int (*rc_cli_command_fn)(rc_ctx *ctx, const cli_options *o, int nin,
                                 char **in);
#define RC_COMMAND(name, run, args, summary)                                   \
  int run(rc_ctx *ctx, const cli_options *o, int nin, char **in);
#include "cli/commands.def"
#undef RC_COMMAND

/* The command table (cli/commands.def). */
typedef struct {
  const char *name;
  rc_cli_command_fn run;
  const char *args;
  const char *summary;
} rc_cli_command;
extern const rc_cli_command rc_cli_commands[];
extern const size_t rc_cli_command_count;

#endif
