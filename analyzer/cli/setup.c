/* The rule set-up shared by check, baseline, rules and diff: the options
 * handed to the library's rc_setup_load(), which owns the precedence. */
#include <rolecheck/rolecheck.h>
#include <string.h>

#include "cli/cli.h"

int rc_cli_setup_rules(rc_ctx *ctx, const cli_options *o, rule_setup *s)
{
  rc_setup_options so = RC_SETUP_OPTIONS_INIT;
  int error;
  so.rules = o->rules;
  so.config = o->config;
  so.no_config = o->no_config;
  so.assign = o->assign;
  so.assign_count = o->nassign;
  so.assume = o->assume;
  so.fail_on = o->fail_on;
  so.baseline = o->baseline;
  /* baseline create and update write the baseline rather than apply it */
  so.no_baseline = !strcmp(o->command, "baseline");
  error = rc_setup_load(s, ctx, &so);
  return error < 0 ? rc_cli_fail(ctx, error) : -1;
}
