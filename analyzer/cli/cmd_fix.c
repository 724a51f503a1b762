/* fix: plan the corrected roles for a licence profile, print the fix
 * report, and write the solution (zip, and unpacked with --unpacked) and
 * the corrected table permissions (--site-out), never over an input and
 * never from an incomplete analysis. */
#include <rolecheck/rolecheck.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/exit.h"
#include "util/ascii.h"
#include "util/sys.h"

typedef struct {
  const loaded *L;
  const rule_setup *s;
  const rc_fix *fix;
  rc_fix_report_options ro;
} fix_report;

static int render_fix(FILE *out, rc_ctx *ctx, void *payload)
{
  const fix_report *r = payload;
  return rc_view_fix(out, ctx, r->L->models, r->L->count, r->s->pack, r->fix,
                     &r->ro);
}

/* A unique name Dataverse takes: a letter or '_', then letters, digits and
 * '_'. */
static int unique_name_ok(const char *s)
{
  if (!rc_ascii_isalpha((unsigned char)*s) && *s != '_')
    return 0;
  for (; *s; s++) {
    if (!rc_ascii_isalnum((unsigned char)*s) && *s != '_')
      return 0;
  }
  return 1;
}

/* "1.0", "1.0.0" or "1.0.0.0". */
static int version_ok(const char *s)
{
  int parts = 0;
  while (*s) {
    if (!rc_ascii_isdigit((unsigned char)*s))
      return 0;
    while (rc_ascii_isdigit((unsigned char)*s))
      s++;
    parts++;
    if (*s == '.')
      s++;
    else if (*s)
      return 0;
  }
  return parts >= 2 && parts <= 4;
}

/* The absolute path of dir, or of where it would be when it is not there
 * yet (its parent's, plus its name); NULL when neither resolves. */
static char *where(const char *dir)
{
  char *d = rc_sys_realpath(dir), *parent, *out = NULL;
  size_t n = strlen(dir), cut;
  if (d || !n)
    return d;
  while (n > 1 && (dir[n - 1] == '/' || dir[n - 1] == '\\'))
    n--;
  cut = n;
  while (cut > 0 && dir[cut - 1] != '/' && dir[cut - 1] != '\\')
    cut--;
  parent = malloc(cut + 2);
  if (!parent)
    return NULL;
  memcpy(parent, cut ? dir : ".", cut ? cut : 1);
  parent[cut ? cut : 1] = '\0';
  d = rc_sys_realpath(parent);
  free(parent);
  if (d && (out = malloc(strlen(d) + (n - cut) + 2)) != NULL)
    sprintf(out, "%s/%.*s", d, (int)(n - cut), dir + cut);
  free(d);
  return out;
}

/* Is folder dir one of the inputs, inside one, or holding one? Then
 * writing there could replace an input file, or add a solution to an
 * input folder. */
static const char *dir_touches_input(const char *dir, int nin, char **in)
{
  char *d = where(dir);
  int i;
  const char *bad = NULL;
  for (i = 0; d && i < nin && !bad; i++) {
    char *p = rc_sys_realpath(in[i]);
    size_t dl = strlen(d), pl;
    if (!p)
      continue;
    pl = strlen(p);
    if (!strcmp(d, p) ||
        (pl > dl && !strncmp(p, d, dl) && (p[dl] == '/' || p[dl] == '\\')) ||
        (dl > pl && !strncmp(d, p, pl) && (d[pl] == '/' || d[pl] == '\\')))
      bad = dir;
    free(p);
  }
  free(d);
  return bad;
}

static int check_options(const cli_options *o, int nin, char **in)
{
  const char *bad;
  if (o->in_place && o->as_copy)
    return rc_cli_usage_error("%s", "--in-place and --as-copy exclude each "
                                    "other");
  if (o->to && o->assume && strcmp(o->to, o->assume))
    return rc_cli_usage_error("%s", "--to and --assume name different "
                                    "profiles (--to is --assume's synonym)");
  if (!o->output && !o->unpacked && !o->site_out && !o->dry_run)
    return rc_cli_usage_error("%s", "fix needs -o FIXED.zip, --unpacked DIR, "
                                    "--site-out DIR or --dry-run");
  if (o->solution && !unique_name_ok(o->solution))
    return rc_cli_usage_error("--solution '%s' is not a unique name (a "
                              "letter or _, then letters, digits and _)",
                              o->solution);
  if (o->version && !version_ok(o->version))
    return rc_cli_usage_error("--solution-version '%s' is not a version "
                              "such as 1.0.0.0",
                              o->version);
  if ((bad = o->unpacked ? dir_touches_input(o->unpacked, nin, in) : NULL) ||
      (bad = o->site_out ? dir_touches_input(o->site_out, nin, in) : NULL))
    return rc_cli_usage_error("'%s' is, holds or lies inside an input; "
                              "refusing to write there",
                              bad);
  return -1;
}

/* Write the solution and the site edits; the exit code. */
static int write_outputs(rc_ctx *ctx, const cli_options *o, const rc_fix *fix,
                         const rc_fix_solution_out *solution)
{
  size_t nedits;
  const rc_fix_permission_edit *edits = rc_fix_site_edits(fix, &nedits);
  int error = RC_OK;
  if (solution && solution->role_count) {
    if (o->output)
      error = rc_fix_write_zip(ctx, o->output, solution);
    if (!error && o->unpacked)
      error = rc_fix_write_unpacked(ctx, o->unpacked, solution);
  }
  if (!error && o->site_out && nedits)
    error = rc_fix_write_site(ctx, o->site_out, edits, nedits);
  return error < 0 ? rc_cli_fail(ctx, error) : RC_EXIT_OK;
}

int rc_cli_cmd_fix(rc_ctx *ctx, const cli_options *o, int nin, char **in)
{
  cli_options opts = *o;
  rule_setup s;
  loaded L;
  rc_analysis *an = NULL;
  rc_fix *fix = NULL;
  rc_pattern *role = NULL, *keep = NULL;
  rc_fix_options fo = RC_FIX_OPTIONS_INIT;
  fix_report r;
  rc_format format;
  const rc_fix_solution_out *solution = NULL;
  int code, error;
  size_t i, profiled = 0, roles = 0;

  if (rc_cli_parse_format(RC_VIEW_FIX, o->format, &format) < 0)
    return rc_cli_usage_error("format '%s' is not available for fix",
                              o->format);
  for (i = 0; i < o->nextra; i++) {
    if (!rc_format_serves(o->extra[i].format, RC_VIEW_FIX))
      return rc_cli_usage_error("fix writes no %s report",
                                o->extra[i].format->name);
  }
  if ((code = check_options(o, nin, in)) >= 0)
    return code;
  if (o->to)
    opts.assume = o->to;
  if (o->role &&
      (error = rc_pattern_new_from(&role, ctx, o->role, "--role")) < 0)
    return rc_cli_fail(ctx, error);
  if (o->keep_tables && (error = rc_pattern_new_from(&keep, ctx, o->keep_tables,
                                                     "--keep-tables")) < 0) {
    rc_pattern_free(role);
    return rc_cli_fail(ctx, error);
  }
  code = rc_cli_setup_rules(ctx, &opts, &s);
  if (code >= 0) {
    rc_setup_dispose(&s);
    rc_pattern_free(role);
    rc_pattern_free(keep);
    return code;
  }
  code = rc_cli_load_complete(ctx, o, nin, in, &L, "nothing written");
  if (code)
    goto done;
  error = rc_analyze(&an, ctx, s.pack, s.assign, L.models, L.count);
  if (!error && s.config)
    rc_analysis_suppress(an, s.config, NULL, NULL);
  fo.in_place = o->in_place;
  fo.split_admin = o->split_admin;
  fo.keep_tables = keep;
  fo.role = role;
  if (!error)
    error = rc_fix_plan(&fix, ctx, s.pack, an, L.models, L.count, &fo);
  if (!error)
    error = rc_fix_solution(fix, ctx, o->solution, o->version, &solution);
  if (error < 0) {
    code = rc_cli_fail(ctx, error);
    goto done;
  }
  for (i = 0; i < rc_fix_role_count(fix); i++)
    profiled += !rc_fix_role_at(fix, i)->webrole;
  for (i = 0; i < L.count; i++)
    roles += rc_model_role_count(L.models[i]);
  if (roles && !profiled && !o->quiet)
    fputs("rolecheck: warning: no role is evaluated under a licence profile: "
          "give --to team-member (or power-apps), --assign or a "
          "configuration\n",
          stderr);
  if (o->site_out && !o->dry_run) {
    size_t n;
    rc_fix_site_edits(fix, &n);
    if (!n && !o->quiet)
      fputs("rolecheck: warning: --site-out: no table permission of a pac "
            "pages download site needs a change\n",
            stderr);
  }
  if (!o->dry_run) {
    code = write_outputs(ctx, o, fix, solution);
    if (code)
      goto done;
  }
  memset(&r, 0, sizeof(r));
  r.L = &L;
  r.s = &s;
  r.fix = fix;
  r.ro.in_place = o->in_place;
  r.ro.split_admin = o->split_admin;
  r.ro.dry_run = o->dry_run;
  r.ro.zip = o->output;
  r.ro.unpacked = o->unpacked;
  r.ro.site = o->site_out;
  r.ro.keep_tables = o->keep_tables;
  r.ro.solution = solution;
  for (i = 0; i < o->nextra && !code; i++) {
    r.ro.format = o->extra[i].format->format;
    r.ro.color = 0;
    code = rc_cli_write(ctx, o->extra[i].path, render_fix, &r);
  }
  if (!code) {
    r.ro.format = format;
    r.ro.color = rc_cli_use_color(o, NULL);
    code = rc_cli_write(ctx, NULL, render_fix, &r);
  }
  rc_cli_scan_summary(&L, NULL);
done:
  rc_fix_free(fix);
  rc_analysis_free(an);
  rc_cli_free_inputs(&L);
  rc_setup_dispose(&s);
  rc_pattern_free(role);
  rc_pattern_free(keep);
  return code;
}
