/* Fuzz target: the bytes are a rule-pack override file (--rules), loaded
 * over the built-in pack and validated against rulepack.xsd; a pack that
 * loads is walked and evaluated over the sample model. */
#include <string.h>

#include "fuzz_common.h"

static void check_pack(const rc_rulepack *pack)
{
  size_t i, n = rc_rulepack_rule_count(pack);
  const char *prev = NULL;
  FUZZ_CHECK(rc_rulepack_version(pack) && rc_rulepack_as_of(pack));
  for (i = 0; i < n; i++) {
    const rc_rule_info *r = rc_rulepack_rule(pack, i);
    FUZZ_CHECK(r && r->id && r->name && r->profile && r->summary &&
               r->message && r->fix);
    FUZZ_CHECK(r->severity >= RC_SEVERITY_NOTE &&
               r->severity <= RC_SEVERITY_ERROR);
    /* sorted by id, and each id found */
    FUZZ_CHECK(!prev || strcmp(prev, r->id) < 0);
    FUZZ_CHECK(rc_rulepack_find(pack, r->id) == r);
    prev = r->id;
    fuzz_touch(r->confidence);
    fuzz_touch(r->as_of);
    fuzz_touch(r->why);
    fuzz_touch(r->security_severity);
    if (r->sources) {
      /* each source id: its URL, if the pack lists it */
      char id[128];
      const char *s = r->sources;
      while (*s) {
        size_t len = strcspn(s, " ");
        if (len && len < sizeof(id)) {
          memcpy(id, s, len);
          id[len] = '\0';
          fuzz_touch(rc_rulepack_source_url(pack, id));
        }
        s += len;
        s += strspn(s, " ");
      }
    }
  }
  for (i = 0; i < rc_rulepack_licence_count(pack); i++) {
    const rc_licence_info *l = rc_rulepack_licence(pack, i);
    FUZZ_CHECK(l && l->id && l->name);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  rc_ctx *ctx = fuzz_ctx_new();
  rc_rulepack *pack = NULL;
  rc_assignments *assign = NULL;
  rc_model *sample = fuzz_sample_model();
  const char *path = fuzz_write("rules.xml", data, size);
  int error = rc_rulepack_load(&pack, ctx, path);
  if (error < 0) {
    fuzz_check_error(ctx, error);
    FUZZ_CHECK(pack == NULL);
    rc_ctx_free(ctx);
    return 0;
  }
  check_pack(pack);
  /* without a profile (solution rules, name-based team-member) and as
   * team-member, whose rules use most of the pack's sets */
  fuzz_analyze(ctx, pack, NULL, &sample, 1, NULL);
  FUZZ_CHECK(rc_assignments_new(&assign) == RC_OK);
  FUZZ_CHECK(rc_assignments_assume(assign, ctx, pack, "team-member") == RC_OK);
  fuzz_analyze(ctx, pack, assign, &sample, 1, NULL);
  rc_assignments_free(assign);
  rc_rulepack_free(pack);
  rc_ctx_free(ctx);
  return 0;
}
