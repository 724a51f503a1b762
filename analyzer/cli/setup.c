/* The rule set-up shared by check, baseline, rules and diff: the rule
 * pack, the configuration, the licence profiles, the fail-on level and the
 * baseline, in their order of precedence. */
#include <rolecheck/rolecheck.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/exit.h"
#include "util/alloc.h"

void rc_cli_free_setup(rule_setup *s)
{
  rc_baseline_free(s->baseline);
  rc_assignments_free(s->assign);
  rc_rulepack_free(s->pack);
  rc_config_free(s->config);
}

static int parse_fail_on(const char *v, rc_severity *out)
{
  if (!strcmp(v, "never")) {
    *out = (rc_severity)0;
    return 0;
  }
  return rc_severity_parse(v, out);
}

int rc_cli_setup_rules(rc_ctx *ctx, const cli_options *o, rule_setup *s)
{
  const rc_config_info *ci = NULL;
  const char *config_path = o->config;
  const char *baseline = o->baseline;
  struct stat st;
  size_t i;
  int error;

  memset(s, 0, sizeof(*s));
  s->fail_on = RC_SEVERITY_ERROR;
  if (!config_path && !o->no_config && stat("rolecheck.xml", &st) == 0)
    config_path = "rolecheck.xml";
  if (config_path) {
    error = rc_config_load(&s->config, ctx, config_path);
    if (error < 0)
      return rc_cli_fail(ctx, error);
    ci = rc_config_get(s->config);
  }
  error = rc_rulepack_load(&s->pack, ctx,
                           o->rules ? o->rules
                           : ci     ? ci->rule_pack
                                    : NULL);
  if (error < 0)
    return rc_cli_fail(ctx, error);
  if (rc_assignments_new(&s->assign) < 0)
    return rc_cli_out_of_memory();
  /* command-line assignments first: the first match wins */
  for (i = 0; i < o->nassign; i++) {
    const char *eq = strrchr(o->assign[i], '=');
    char *pattern;
    const char *id = NULL;
    if (!eq || eq == o->assign[i] || !eq[1])
      return rc_cli_usage_error("--assign needs PATTERN=PROFILE, not '%s'",
                                o->assign[i]);
    pattern = rc_strndup(o->assign[i], (size_t)(eq - o->assign[i]));
    if (!pattern)
      return rc_cli_out_of_memory();
    /* a bare GUID names a role id */
    if (strlen(pattern) == 36 || (strlen(pattern) == 38 && pattern[0] == '{'))
      id = strchr(pattern, '-') ? pattern : NULL;
    error = rc_assignments_add(s->assign, ctx, s->pack, id ? NULL : pattern, id,
                               eq + 1, "--assign");
    rc_free(pattern);
    if (error < 0)
      return rc_cli_fail(ctx, error);
  }
  if (s->config &&
      (error = rc_config_apply(s->config, ctx, s->pack, s->assign)) < 0)
    return rc_cli_fail(ctx, error);
  if (o->assume &&
      (error = rc_assignments_assume(s->assign, ctx, s->pack, o->assume)) < 0)
    return rc_cli_fail(ctx, error);
  if (o->fail_on || (ci && ci->fail_on)) {
    const char *v = o->fail_on ? o->fail_on : ci->fail_on;
    if (parse_fail_on(v, &s->fail_on) < 0)
      return rc_cli_usage_error(
          "--fail-on takes error, warning, note or never, not "
          "'%s'",
          v);
  }
  if (!baseline && ci && ci->baseline)
    baseline = ci->baseline;
  if (baseline && strcmp(o->command, "baseline") &&
      (error = rc_baseline_load(&s->baseline, ctx, baseline)) < 0)
    return rc_cli_fail(ctx, error);
  return -1;
}
