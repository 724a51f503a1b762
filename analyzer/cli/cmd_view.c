/* The read-only views: roles, matrix, rules and explain. */
#include <rolecheck/rolecheck.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/exit.h"

/* One roles or matrix report. */
typedef struct {
  const loaded *L;
  const rc_view_options *view;
  int roles;
} view_report;

static int render_view(FILE *out, rc_ctx *ctx, void *payload)
{
  const view_report *r = payload;
  return r->roles
             ? rc_view_roles(out, ctx, r->L->models, r->L->count, r->view)
             : rc_view_matrix(out, ctx, r->L->models, r->L->count, r->view);
}

int rc_cli_cmd_view(rc_ctx *ctx, const cli_options *o, int nin, char **in)
{
  rc_pattern *role = NULL, *table = NULL;
  rc_view_options view = RC_VIEW_OPTIONS_INIT;
  loaded L;
  int code, error = RC_OK;

  if (rc_cli_parse_format(strcmp(o->command, "roles") ? RC_VIEW_MATRIX
                                                      : RC_VIEW_ROLES,
                          o->format, &view.format) < 0)
    return rc_cli_usage_error("format '%s' is not available for this command",
                              o->format);
  if (o->role &&
      (error = rc_pattern_new_from(&role, ctx, o->role, "--role")) < 0)
    return rc_cli_fail(ctx, error);
  if (o->table &&
      (error = rc_pattern_new_from(&table, ctx, o->table, "--table")) < 0) {
    rc_pattern_free(role);
    return rc_cli_fail(ctx, error);
  }
  view.role = role;
  view.table = table;
  view.ascii = o->ascii;
  code = rc_cli_load_inputs(ctx, o, nin, in, &L);
  if (!code) {
    view_report r = {&L, &view, !strcmp(o->command, "roles")};
    code = rc_exit_max(L.code, rc_cli_write(ctx, o->output, render_view, &r));
    if (code != RC_EXIT_INTERNAL)
      rc_cli_scan_summary(&L, NULL);
  }
  rc_cli_free_inputs(&L);
  rc_pattern_free(role);
  rc_pattern_free(table);
  return code;
}

int rc_cli_cmd_rules(rc_ctx *ctx, const cli_options *o, int nin, char **in)
{
  (void)nin; /* rules takes no input */
  (void)in;
  rule_setup s;
  rc_format format;
  int code;
  if (rc_cli_parse_format(RC_VIEW_RULES, o->format, &format) < 0)
    return rc_cli_usage_error("format '%s' is not available for rules",
                              o->format);
  code = rc_cli_setup_rules(ctx, o, &s);
  if (code >= 0) {
    rc_setup_dispose(&s);
    return code;
  }
  code = rc_view_rules(stdout, ctx, s.pack, format, RC_DOCS_BASE_URL);
  code = code < 0 ? rc_cli_fail(ctx, code) : rc_cli_flush_stdout();
  rc_setup_dispose(&s);
  return code;
}

int rc_cli_cmd_explain(rc_ctx *ctx, const cli_options *o, int nin, char **in)
{
  int error;
  (void)o;
  if (nin != 1)
    return rc_cli_usage_error("%s", "explain needs one rule id, e.g. TM001");
  error = rc_explain(stdout, ctx, in[0]);
  if (error < 0)
    return rc_cli_fail(ctx, error);
  return rc_cli_flush_stdout();
}
