/* A run's rule set-up, in the order of precedence the command line uses:
 * the rule pack (--rules, else the configuration's, else the built-in
 * one), the configuration (given, else ./rolecheck.xml), the licence
 * profiles (the caller's assignments first, then the configuration's, then
 * --assume over all), the fail-on level and the baseline. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "rolecheck/rules.h"
#include "util/alloc.h"
#include "util/error.h"

void rc_setup_dispose(rc_setup *s)
{
  if (!s)
    return;
  rc_baseline_free(s->baseline);
  rc_assignments_free(s->assign);
  rc_rulepack_free(s->pack);
  rc_config_free(s->config);
  memset(s, 0, sizeof(*s));
}

static int parse_fail_on(const char *v, rc_severity *out)
{
  if (!strcmp(v, "never")) {
    *out = (rc_severity)0;
    return 0;
  }
  return rc_severity_parse(v, out);
}

/* "PATTERN=PROFILE", or "GUID=PROFILE" for a role id. */
static int add_assign(rc_setup *s, rc_ctx *ctx, const char *spec)
{
  const char *eq = strrchr(spec, '=');
  char *pattern;
  const char *id = NULL;
  int error;
  if (!eq || eq == spec || !eq[1])
    return rc_fail(ctx, RC_EUSAGE, "--assign needs PATTERN=PROFILE, not '%s'",
                   spec);
  pattern = rc_strndup(spec, (size_t)(eq - spec));
  if (!pattern)
    return rc_fail_nomem(ctx);
  /* a bare GUID names a role id */
  if (strlen(pattern) == 36 || (strlen(pattern) == 38 && pattern[0] == '{'))
    id = strchr(pattern, '-') ? pattern : NULL;
  error = rc_assignments_add(s->assign, ctx, s->pack, id ? NULL : pattern, id,
                             eq + 1, "--assign");
  rc_free(pattern);
  return error;
}

static int load(rc_setup *s, rc_ctx *ctx, const rc_setup_options *o)
{
  const rc_config_info *ci = NULL;
  const char *config_path = o->config;
  const char *baseline = o->baseline;
  struct stat st;
  size_t i;
  int error;

  s->fail_on = RC_SEVERITY_ERROR;
  if (!config_path && !o->no_config && stat("rolecheck.xml", &st) == 0)
    config_path = "rolecheck.xml";
  if (config_path) {
    if ((error = rc_config_load(&s->config, ctx, config_path)) < 0)
      return error;
    ci = rc_config_get(s->config);
  }
  error = rc_rulepack_load(&s->pack, ctx,
                           o->rules ? o->rules
                           : ci     ? ci->rule_pack
                                    : NULL);
  if (error < 0)
    return error;
  if (rc_assignments_new(&s->assign) < 0)
    return rc_fail_nomem(ctx);
  /* the caller's assignments first: the first match wins */
  for (i = 0; i < o->assign_count; i++) {
    if ((error = add_assign(s, ctx, o->assign[i])) < 0)
      return error;
  }
  if (s->config &&
      (error = rc_config_apply(s->config, ctx, s->pack, s->assign)) < 0)
    return error;
  if (o->assume &&
      (error = rc_assignments_assume(s->assign, ctx, s->pack, o->assume)) < 0)
    return error;
  if (o->fail_on || (ci && ci->fail_on)) {
    const char *v = o->fail_on ? o->fail_on : ci->fail_on;
    if (parse_fail_on(v, &s->fail_on) < 0)
      return rc_fail(ctx, RC_EUSAGE,
                     "--fail-on takes error, warning, note or never, not '%s'",
                     v);
  }
  if (!baseline && ci && ci->baseline)
    baseline = ci->baseline;
  if (baseline && !o->no_baseline &&
      (error = rc_baseline_load(&s->baseline, ctx, baseline)) < 0)
    return error;
  return RC_OK;
}

int rc_setup_load(rc_setup *out, rc_ctx *ctx, const rc_setup_options *opts)
{
  int error;
  RC_ASSERT_ARG(ctx, out && opts);
  memset(out, 0, sizeof(*out));
  error = load(out, ctx, opts);
  if (error < 0)
    rc_setup_dispose(out);
  return error;
}
