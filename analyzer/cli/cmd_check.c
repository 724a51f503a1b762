/* check and baseline: run the rules, count the findings against the
 * baseline and suppressions, write the reports, pick the exit code. */
#include <rolecheck/rolecheck.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/exit.h"
#include "util/sys.h"

/* Stale suppressions and baseline entries: warnings, and lines for the
 * Markdown summary. */
typedef struct {
  char *lines[128];
  size_t count;
  int quiet;
} stale_list;

static void stale_add(stale_list *s, const char *text)
{
  if (!s->quiet)
    fprintf(stderr, "rolecheck: warning: %s\n", text);
  if (s->count < 128 && (s->lines[s->count] = strdup(text)) != NULL)
    s->count++;
}

static void stale_suppression(const rc_suppression *sup, void *payload)
{
  char text[1024];
  snprintf(text, sizeof(text),
           "%s:%lu: suppression of %s matches no finding (stale)", sup->file,
           sup->line, sup->rule);
  stale_add(payload, text);
}

/* One check report: what rc_view_check() needs. */
typedef struct {
  const loaded *L;
  const rule_setup *s;
  const rc_analysis *an;
  const rc_check_options *co;
} check_report;

static int render_check(FILE *out, rc_ctx *ctx, void *payload)
{
  const check_report *r = payload;
  return rc_view_check(out, ctx, r->L->models, r->L->count, r->s->pack, r->an,
                       r->co);
}

/* The reports handed to a client: they always say each role's cheapest
 * change (the what-if); the other formats only with --what-if. */
static int consultant_format(rc_format format)
{
  return format == RC_FORMAT_HTML || format == RC_FORMAT_XLSX;
}

/* Write one report: to stdout (path NULL) or atomically to a file. */
static int write_report(rc_ctx *ctx, const char *path, loaded *L,
                        const rule_setup *s, const rc_analysis *an,
                        rc_check_options *co, rc_format format,
                        const rc_what_if *what_if, int asked)
{
  check_report r = {L, s, an, co};
  co->format = format;
  co->what_if = asked || consultant_format(format) ? what_if : NULL;
  return rc_cli_write(ctx, path, render_check, &r);
}

/* GitHub step outputs: errors=, warnings=, infos=, baselined=. */
static void github_outputs(const rc_check_counts *c)
{
  const char *path = getenv("GITHUB_OUTPUT");
  FILE *f;
  if (!path || !path[0] || !(f = fopen(path, "a")))
    return;
  fprintf(f, "errors=%lu\nwarnings=%lu\ninfos=%lu\nbaselined=%lu\n",
          (unsigned long)c->error, (unsigned long)c->warning,
          (unsigned long)c->note, (unsigned long)c->baselined);
  fclose(f);
}

/* --users-per-role: a warning for each row that names no role of the
 * inputs (a typo would otherwise drop its users silently). */
static void unused_role_users(rc_role_users *u, const loaded *L, int quiet)
{
  size_t i, r, n;
  unsigned long line;
  const char *key;
  if (!u || quiet)
    return;
  for (i = 0; i < L->count; i++)
    for (r = 0; r < rc_model_role_count(L->models[i]); r++)
      (void)rc_role_users_count(u, rc_model_role(L->models[i], r)->id,
                                rc_model_role(L->models[i], r)->name);
  n = rc_role_users_unused(u, 0, &line, &key);
  for (i = 0; i < n; i++) {
    rc_role_users_unused(u, i, &line, &key);
    fprintf(stderr,
            "rolecheck: warning: %s:%lu: '%s' names no role of the inputs\n",
            rc_role_users_file(u), line, key);
  }
}

int rc_cli_cmd_check(rc_ctx *ctx, const cli_options *o, int nin, char **in)
{
  rule_setup s;
  loaded L;
  rc_analysis *an = NULL;
  rc_pattern *role = NULL;
  rc_prices *prices = NULL;
  rc_role_users *role_users = NULL;
  rc_what_if *what_if = NULL;
  rc_check_options co = RC_CHECK_OPTIONS_INIT;
  rc_check_counts counts;
  rc_format format;
  stale_list stale;
  struct stat st;
  int code, error, github = 0, want_what_if;
  size_t i;

  memset(&stale, 0, sizeof(stale));
  stale.quiet = o->quiet;
  if (rc_cli_parse_format(RC_VIEW_CHECK, o->format, &format) < 0)
    return rc_cli_usage_error("format '%s' is not available for check",
                              o->format);
  if (o->format && rc_format_find(o->format, RC_VIEW_CHECK)->binary &&
      !o->output && rc_sys_is_terminal(stdout, 0))
    return rc_cli_usage_error("%s is a binary format: give -o FILE", o->format);
  if (o->source_root && (stat(o->source_root, &st) < 0 || !S_ISDIR(st.st_mode)))
    return rc_cli_usage_error("--source-root '%s' is not a directory",
                              o->source_root);
  if (o->role &&
      (error = rc_pattern_new_from(&role, ctx, o->role, "--role")) < 0)
    return rc_cli_fail(ctx, error);
  code = rc_cli_setup_rules(ctx, o, &s);
  if (code >= 0) {
    rc_setup_dispose(&s);
    rc_pattern_free(role);
    return code;
  }
  /* the built-in list prices, or the client's (--prices) */
  if ((error = rc_prices_load(&prices, ctx, o->prices)) < 0 ||
      (o->users_per_role &&
       (error = rc_role_users_load(&role_users, ctx, o->users_per_role)) < 0)) {
    rc_setup_dispose(&s);
    rc_pattern_free(role);
    rc_prices_free(prices);
    return rc_cli_fail(ctx, error);
  }
  code = rc_cli_load_inputs(ctx, o, nin, in, &L);
  if (code) {
    rc_cli_free_inputs(&L);
    rc_setup_dispose(&s);
    rc_pattern_free(role);
    rc_prices_free(prices);
    rc_role_users_free(role_users);
    return code;
  }
  code = L.code;
  co.prices = prices;
  co.role_users = role_users;
  error = rc_analyze(&an, ctx, s.pack, s.assign, L.models, L.count);
  if (error < 0) {
    code = rc_exit_max(code, rc_cli_fail(ctx, error));
    goto done;
  }
  if (s.config) {
    int n = rc_analysis_suppress(an, s.config, stale_suppression, &stale);
    co.stale_suppressions = n > 0 ? (size_t)n : 0;
  }
  if (s.baseline) {
    co.stale_baseline = rc_analysis_apply_baseline(an, s.baseline);
    for (i = 0; i < co.stale_baseline; i++) {
      char text[1024];
      snprintf(text, sizeof(text),
               "baseline entry matches no finding (stale): %s",
               rc_baseline_stale(s.baseline, i));
      stale_add(&stale, text);
    }
  }
  /* --role: after the suppressions and the baseline, so that those of other
   * roles are not reported stale */
  rc_analysis_keep_roles(an, L.models, role);
  /* --what-if, or an HTML or xlsx report: the cheapest change of each
   * role, the roles analysed again as the licences an edit can reach
   * (about a sixth more time) */
  for (i = 0, want_what_if = o->what_if || o->pdf || consultant_format(format);
       i < o->nextra; i++)
    want_what_if |= consultant_format(o->extra[i].format->format);
  error = want_what_if ? rc_what_if_new(&what_if, ctx, s.pack, s.assign,
                                        L.models, L.count, an, prices)
                       : RC_OK;
  if (error < 0) {
    code = rc_exit_max(code, rc_cli_fail(ctx, error));
    goto done;
  }
  /* the fix plans and roles compared, once for every report written */
  error = rc_check_cache_new(&co.cache, ctx);
  if (error < 0) {
    code = rc_exit_max(code, rc_cli_fail(ctx, error));
    goto done;
  }
  co.role = role;
  co.stale = (const char *const *)stale.lines;
  co.stale_count = stale.count;
  co.failed_paths = (const char *const *)L.failed_paths;
  co.failed_messages = (const char *const *)L.failed_messages;
  co.failed_count = L.nfailed;
  co.fail_on = s.fail_on;
  co.complete = code == RC_EXIT_OK;
  co.source_root = o->source_root;
  co.docs_base = RC_DOCS_BASE_URL;
  co.include_suppressed = o->include_suppressed;
  for (i = 0; i < o->nextra; i++) {
    if (o->extra[i].format->format == RC_FORMAT_MD)
      co.md_path = o->extra[i].path;
  }
  /* the files first, then the main output (stdout or -o) */
  for (i = 0; i < o->nextra; i++) {
    int written;
    co.color = rc_cli_use_color(o, o->extra[i].path);
    written = write_report(ctx, o->extra[i].path, &L, &s, an, &co,
                           o->extra[i].format->format, what_if, o->what_if);
    github |= o->extra[i].format->format == RC_FORMAT_GITHUB;
    code = rc_exit_max(code, written);
    if (written == RC_EXIT_INTERNAL)
      goto done; /* out of memory: nothing more is written */
  }
  if (o->pdf) {
    /* the HTML report, printed */
    check_report r = {&L, &s, an, &co};
    int written;
    co.format = RC_FORMAT_HTML;
    co.what_if = what_if;
    co.color = 0;
    written = rc_cli_write_pdf(ctx, o->pdf, render_check, &r);
    code = rc_exit_max(code, written);
    if (written == RC_EXIT_INTERNAL)
      goto done;
  }
  github |= format == RC_FORMAT_GITHUB;
  if (!L.count && format == RC_FORMAT_TEXT && !o->output) {
    /* nothing could be read: the error line already said it all */
    goto done;
  }
  {
    int written;
    co.color = rc_cli_use_color(o, o->output);
    written = write_report(ctx, o->output, &L, &s, an, &co, format, what_if,
                           o->what_if);
    code = rc_exit_max(code, written);
    if (written == RC_EXIT_INTERNAL)
      goto done;
  }
  unused_role_users(role_users, &L, o->quiet);
  rc_check_count(an, s.fail_on, &counts);
  if (github)
    github_outputs(&counts);
  if (counts.failing)
    code = rc_exit_max(code, RC_EXIT_FINDINGS);
  rc_cli_scan_summary(&L, NULL);
  fprintf(
      stderr,
      "rolecheck: %lu error, %lu warning, %lu note (%lu baselined, %lu "
      "suppressed); %s at --fail-on=%s%s\n",
      (unsigned long)counts.error, (unsigned long)counts.warning,
      (unsigned long)counts.note, (unsigned long)counts.baselined,
      (unsigned long)counts.suppressed, counts.failing ? "failing" : "passing",
      s.fail_on ? rc_severity_name(s.fail_on) : "never",
      code == RC_EXIT_INPUT ? "; incomplete: an input could not be read" : "");
done:
  for (i = 0; i < stale.count; i++)
    free(stale.lines[i]);
  rc_analysis_free(an);
  rc_cli_free_inputs(&L);
  rc_setup_dispose(&s);
  rc_pattern_free(role);
  rc_what_if_free(what_if);
  rc_check_cache_free(co.cache);
  rc_prices_free(prices);
  rc_role_users_free(role_users);
  return code;
}

int rc_cli_cmd_baseline(rc_ctx *ctx, const cli_options *o, int nin, char **in)
{
  rule_setup s;
  loaded L;
  rc_analysis *an = NULL;
  rc_baseline *keep = NULL;
  const char *path;
  struct stat st;
  size_t written = 0, before = 0;
  int code, error, update = !strcmp(o->subcommand, "update");

  if (o->role)
    return rc_cli_usage_error("%s",
                              "a baseline records every role: --role is not "
                              "taken (filter with check --role)");
  if (update) {
    if (nin < 2)
      return rc_cli_usage_error("%s",
                                "baseline update needs FILE and INPUT...");
    path = in[0];
    in++;
    nin--;
  } else {
    path = o->output;
    if (!path)
      return rc_cli_usage_error("%s", "baseline create needs -o FILE");
    if (!o->force && stat(path, &st) == 0)
      return rc_cli_usage_error("%s exists; use --force to overwrite it", path);
  }
  code = rc_cli_setup_rules(ctx, o, &s);
  if (code >= 0) {
    rc_setup_dispose(&s);
    return code;
  }
  if (update && (error = rc_baseline_load(&keep, ctx, path)) < 0) {
    rc_setup_dispose(&s);
    return rc_cli_fail(ctx, error);
  }
  code = rc_cli_load_complete(ctx, o, nin, in, &L, "baseline not written");
  if (code)
    goto done;
  error = rc_analyze(&an, ctx, s.pack, s.assign, L.models, L.count);
  if (!error && s.config)
    rc_analysis_suppress(an, s.config, NULL, NULL);
  if (!error && keep) {
    rc_analysis_apply_baseline(an, keep);
    before = rc_baseline_stale_count(keep);
  }
  if (!error)
    error = rc_baseline_write(ctx, path, an, keep, o->add_new, &written);
  if (error < 0) {
    code = rc_cli_fail(ctx, error);
    goto done;
  }
  rc_cli_scan_summary(&L, NULL);
  fprintf(stderr, "rolecheck: %s: %lu entries written", path,
          (unsigned long)written);
  if (update)
    fprintf(stderr, ", %lu stale entries removed", (unsigned long)before);
  fputc('\n', stderr);
done:
  rc_baseline_free(keep);
  rc_analysis_free(an);
  rc_cli_free_inputs(&L);
  rc_setup_dispose(&s);
  return code;
}
