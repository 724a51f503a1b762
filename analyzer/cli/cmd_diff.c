/* diff BASE HEAD: what a change does to roles, findings and licence fit;
 * a side may be a folder or zip at a git revision (--git REV:PATH). */
#include <rolecheck/rolecheck.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/exit.h"
#include "util/sys.h"

/* An operand that came from --git REV:PATH (see main). */
#define GIT_MARK "\x1egit:"

typedef struct {
  char label[1024]; /* as the user named it */
  rc_git_tree *git; /* --git: the revision's files, removed at the end */
  loaded L;
  rc_analysis *an;
} diff_side;

/* Materialise REV:PATH from the git repository of the working directory
 * (rc_git_tree_export), then read it from there, so that its paths read
 * as PATH. */
static int load_git_side(rc_ctx *ctx, const cli_options *o, const char *spec,
                         diff_side *s)
{
  char cwd[4096];
  char *in[1];
  int code, error = rc_git_tree_export(&s->git, ctx, spec);
  if (error < 0)
    return rc_cli_fail(ctx, error);
  if (!rc_sys_getcwd(cwd, sizeof(cwd)) || chdir(rc_git_tree_dir(s->git)) < 0) {
    fprintf(stderr, "rolecheck: --git %s: cannot enter %s\n", spec,
            rc_git_tree_dir(s->git));
    return RC_EXIT_INTERNAL;
  }
  in[0] = (char *)rc_git_tree_path(s->git);
  code = rc_cli_load_inputs(ctx, o, 1, in, &s->L);
  if (chdir(cwd) < 0)
    code = rc_exit_max(code, RC_EXIT_INTERNAL);
  return code;
}

static int load_side(rc_ctx *ctx, const cli_options *o, const char *arg,
                     diff_side *s)
{
  size_t mark = strlen(GIT_MARK);
  if (!strncmp(arg, GIT_MARK, mark)) {
    snprintf(s->label, sizeof(s->label), "%s", arg + mark);
    return load_git_side(ctx, o, arg + mark, s);
  }
  snprintf(s->label, sizeof(s->label), "%s", arg);
  return rc_cli_load_inputs(ctx, o, 1, (char **)&arg, &s->L);
}

static void free_side(diff_side *s)
{
  rc_analysis_free(s->an);
  rc_cli_free_inputs(&s->L);
  rc_git_tree_free(s->git);
}

/* One diff report: what rc_view_diff() needs. */
typedef struct {
  const rc_diff *d;
  const diff_side *sides;
  const rule_setup *rs;
  const rc_diff_options *opts;
} diff_report;

static int render_diff(FILE *out, rc_ctx *ctx, void *payload)
{
  const diff_report *r = payload;
  return rc_view_diff(out, ctx, r->d, r->sides[0].L.models,
                      r->sides[1].L.models, r->rs->pack, r->sides[1].an,
                      r->opts);
}

/* Write one diff report: to stdout (path NULL) or atomically to a file. */
static int write_diff(rc_ctx *ctx, const char *path, const rc_diff *d,
                      diff_side *sides, const rule_setup *rs,
                      rc_diff_options *opts, rc_format format)
{
  diff_report r = {d, sides, rs, opts};
  opts->format = format;
  return rc_cli_write(ctx, path, render_diff, &r);
}

static int analyze_side(rc_ctx *ctx, const rule_setup *rs, diff_side *s)
{
  int error =
      rc_analyze(&s->an, ctx, rs->pack, rs->assign, s->L.models, s->L.count);
  if (error < 0)
    return error;
  if (rs->config && rc_analysis_suppress(s->an, rs->config, NULL, NULL) < 0)
    return RC_ENOMEM;
  if (rs->baseline)
    rc_analysis_apply_baseline(s->an, rs->baseline);
  return RC_OK;
}

int rc_cli_cmd_diff(rc_ctx *ctx, const cli_options *o, int nin, char **in)
{
  rule_setup rs;
  diff_side sides[2];
  rc_diff *d = NULL;
  rc_diff_options opts = RC_DIFF_OPTIONS_INIT;
  rc_format format;
  size_t i, failing = 0, fresh = 0, resolved = 0;
  int code, error;

  memset(sides, 0, sizeof(sides));
  if (rc_cli_parse_format(RC_VIEW_DIFF, o->format, &format) < 0)
    return rc_cli_usage_error("format '%s' is not available for diff",
                              o->format);
  for (i = 0; i < o->nextra; i++) {
    if (!rc_format_serves(o->extra[i].format, RC_VIEW_DIFF))
      return rc_cli_usage_error("diff writes %s files only",
                                rc_cli_diff_reports());
  }
  if (nin != 2)
    return rc_cli_usage_error("%s",
                              "diff needs two inputs: BASE and HEAD (either "
                              "may be --git REV:PATH)");
  if (o->role)
    return rc_cli_usage_error("%s",
                              "diff compares every role: --role is not taken");
  code = rc_cli_setup_rules(ctx, o, &rs);
  if (code >= 0) {
    rc_setup_dispose(&rs);
    return code;
  }
  code = RC_EXIT_OK;
  for (i = 0; i < 2 && code != RC_EXIT_INTERNAL && code != RC_EXIT_USAGE; i++)
    code = rc_exit_max(code, load_side(ctx, o, in[i], &sides[i]));
  for (i = 0; i < 2 && code != RC_EXIT_INTERNAL && code != RC_EXIT_USAGE; i++)
    code = rc_exit_max(code, sides[i].L.code);
  if (code != RC_EXIT_OK)
    goto done; /* a diff against a side that could not be read misleads */
  for (i = 0; i < 2; i++) {
    if ((error = analyze_side(ctx, &rs, &sides[i])) < 0) {
      code = rc_cli_fail(ctx, error);
      goto done;
    }
  }
  error = rc_diff_new(&d, ctx, rs.pack, sides[0].L.models, sides[0].L.count,
                      sides[0].an, sides[1].L.models, sides[1].L.count,
                      sides[1].an);
  if (error < 0) {
    code = rc_cli_fail(ctx, error);
    goto done;
  }
  opts.base_label = sides[0].label;
  opts.head_label = sides[1].label;
  opts.fail_on = rs.fail_on;
  opts.complete = 1;
  opts.docs_base = RC_DOCS_BASE_URL;
  opts.source_root = o->source_root;
  for (i = 0; i < o->nextra && code != RC_EXIT_INTERNAL; i++) {
    opts.color = rc_cli_use_color(o, o->extra[i].path);
    code = rc_exit_max(code, write_diff(ctx, o->extra[i].path, d, sides, &rs,
                                        &opts, o->extra[i].format->format));
  }
  opts.color = rc_cli_use_color(o, o->output);
  if (code != RC_EXIT_INTERNAL)
    code = rc_exit_max(
        code, write_diff(ctx, o->output, d, sides, &rs, &opts, format));
  if (code == RC_EXIT_INTERNAL)
    goto done; /* out of memory: that one line is all */
  for (i = 0; i < rc_diff_finding_count(d); i++) {
    const rc_finding_delta *f = rc_diff_finding(d, i);
    resolved += f->change == RC_FINDING_RESOLVED;
    if (f->change != RC_FINDING_NEW)
      continue;
    fresh++;
    if (f->finding->state == RC_STATE_NEW && rs.fail_on &&
        f->finding->severity >= rs.fail_on)
      failing++;
  }
  if (failing)
    code = rc_exit_max(code, RC_EXIT_FINDINGS);
  /* a diff names its two sides: only what a side's scan skipped is news */
  for (i = 0; i < 2; i++) {
    if (sides[i].L.skipped)
      rc_cli_scan_summary(&sides[i].L, sides[i].label);
  }
  fprintf(stderr,
          "rolecheck: diff: %lu new finding%s, %lu resolved, %lu licence-fit "
          "change%s; %s at --fail-on=%s (new findings only)\n",
          (unsigned long)fresh, fresh == 1 ? "" : "s", (unsigned long)resolved,
          (unsigned long)rc_diff_fit_count(d),
          rc_diff_fit_count(d) == 1 ? "" : "s", failing ? "failing" : "passing",
          rs.fail_on ? rc_severity_name(rs.fail_on) : "never");
done:
  rc_diff_free(d);
  free_side(&sides[0]);
  free_side(&sides[1]);
  rc_setup_dispose(&rs);
  return code;
}
