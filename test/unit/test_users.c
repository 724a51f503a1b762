/* The pieces of rolecheck users below the command: the fit of a set of
 * licences (rc_role_fit_level), a role made of several (rc_model_union),
 * and the judgement through the library on the worked example of
 * fixtures/tenant, whose README says what each user exercises. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "rolecheck/rolecheck.h"

#define TENANT RC_FIXTURES "/tenant/"

static size_t role_named(const rc_model *m, const char *name)
{
  size_t r;
  for (r = 0; r < rc_model_role_count(m); r++) {
    if (!strcmp(rc_model_role(m, r)->name, name))
      return r;
  }
  fail_msg("no role %s", name);
  return 0;
}

/* The pack's bits of licence ids, e.g. bits(pack, "SE", "CSE", NULL). */
static uint32_t bits(const rc_rulepack *pack, ...)
{
  va_list ap;
  const char *id;
  uint32_t out = 0;
  va_start(ap, pack);
  while ((id = va_arg(ap, const char *)) != NULL) {
    size_t k;
    for (k = 0; k < rc_rulepack_licence_count(pack); k++) {
      if (!strcmp(rc_rulepack_licence(pack, k)->id, id))
        out |= 1u << k;
    }
  }
  va_end(ap);
  return out;
}

/* One licence alone is its own fit, for every role of several inputs; no
 * licence covers nothing. */
static void test_users__fit_level_alone(void **state)
{
  static const char *const inputs[] = {
      TENANT "solution", RC_FIXTURES "/extracted/input",
      RC_FIXTURES "/unpacked/input",
      RC_FIXTURES "/rules/fit-field-agent/input.xml"};
  size_t i, f, k, checked = 0;
  (void)state;
  for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
    loaded l;
    load_one(&l, inputs[i]);
    for (f = 0; f < rc_analysis_fit_count(l.an); f++) {
      const rc_role_fit *fit = rc_analysis_fit(l.an, f);
      for (k = 0; k < rc_rulepack_licence_count(l.setup.pack); k++) {
        assert_int_equal(rc_role_fit_level(l.setup.pack, fit, 1u << k),
                         fit->fit[k]);
        checked++;
      }
      assert_int_equal(rc_role_fit_level(l.setup.pack, fit, 0), RC_FIT_NO);
    }
    unload_one(&l);
  }
  assert_true(checked > 100);
}

/* Several Dynamics 365 licences combine: each restricted table needs one
 * of them. Case Worker writes every case: CSP or CSE covers it, SE does
 * not, SE with CSE does. */
static void test_users__fit_level_combines(void **state)
{
  loaded l;
  const rc_role_fit *fit;
  const rc_rulepack *pack;
  (void)state;
  load_one(&l, TENANT "solution");
  pack = l.setup.pack;
  fit = rc_analysis_role_fit(l.an, 0, role_named(l.model, "Case Worker"), 0);
  assert_non_null(fit);
  assert_true(fit->need_count > 0);
  assert_int_equal(rc_role_fit_level(pack, fit, bits(pack, "SE", NULL)),
                   RC_FIT_NO);
  assert_int_equal(
      rc_role_fit_level(pack, fit, bits(pack, "SE", "SP", "team-member", NULL)),
      RC_FIT_NO);
  assert_int_equal(rc_role_fit_level(pack, fit, bits(pack, "SE", "CSE", NULL)),
                   RC_FIT_YES);
  assert_int_equal(
      rc_role_fit_level(pack, fit, bits(pack, "team-member", "CSP", NULL)),
      RC_FIT_YES);
  /* Case Worker with Technician: cases need CSP or CSE, work orders FS;
   * no licence alone covers both, CSE with FS does */
  {
    rc_role_ref refs[2];
    rc_model *u = NULL;
    rc_analysis *an = NULL;
    refs[0].model = refs[1].model = l.model;
    refs[0].role = role_named(l.model, "Case Worker");
    refs[1].role = role_named(l.model, "Technician");
    assert_int_equal(rc_model_union(&u, l.ctx, refs, 2,
                                    "0a000000-0000-4000-8000-000000000005",
                                    "Case Worker + Technician"),
                     RC_OK);
    assert_int_equal(rc_analyze(&an, l.ctx, pack, l.setup.assign, &u, 1),
                     RC_OK);
    fit = rc_analysis_role_fit(an, 0, 0, 0);
    assert_int_not_equal(rc_role_fit_level(pack, fit, bits(pack, "CSE", NULL)),
                         RC_FIT_YES);
    assert_int_equal(rc_role_fit_level(pack, fit, bits(pack, "FS", NULL)),
                     RC_FIT_NO);
    assert_int_equal(
        rc_role_fit_level(pack, fit, bits(pack, "CSE", "FS", NULL)),
        RC_FIT_YES);
    rc_analysis_free(an);
    rc_model_free(u);
  }
  unload_one(&l);
}

/* The union of roles: every privilege once at its highest depth; TM008
 * over the union when each role alone is under the limit. */
static void test_users__union(void **state)
{
  loaded l;
  rc_model *u = NULL;
  rc_role_ref refs[2];
  rc_analysis *an = NULL;
  rc_assignments *a = NULL;
  size_t i, g, found = 0;
  (void)state;
  load_one(&l, TENANT "solution");
  refs[0].model = refs[1].model = l.model;
  refs[0].role = role_named(l.model, "Stock Clerk");
  refs[1].role = role_named(l.model, "Bin Clerk");
  assert_int_equal(rc_model_union(&u, l.ctx, refs, 2,
                                  "{0A000000-0000-4000-8000-000000000001}",
                                  "Stock Clerk + Bin Clerk"),
                   RC_OK);
  assert_int_equal(rc_model_role_count(u), 1);
  assert_string_equal(rc_model_role(u, 0)->guid,
                      "0a000000-0000-4000-8000-000000000001");
  assert_int_equal(rc_model_role(u, 0)->grant_count, 72);
  assert_int_equal(rc_assignments_new(&a), RC_OK);
  assert_int_equal(rc_assignments_assume(a, l.ctx, l.setup.pack, "team-member"),
                   RC_OK);
  assert_int_equal(rc_analyze(&an, l.ctx, l.setup.pack, a, &u, 1), RC_OK);
  for (i = 0; i < rc_analysis_finding_count(an); i++)
    found += !strcmp(rc_analysis_finding(an, i)->rule->id, "TM008");
  assert_int_equal(found, 1);
  rc_analysis_free(an);
  rc_model_free(u);

  /* the same role twice is that role; depths are the highest granted */
  refs[0].role = role_named(l.model, "Service Reader");
  refs[1].role = role_named(l.model, "Case Worker");
  assert_int_equal(rc_model_union(&u, l.ctx, refs, 2,
                                  "0a000000-0000-4000-8000-000000000002",
                                  "Service Reader + Case Worker"),
                   RC_OK);
  for (g = 0; g < rc_model_role(u, 0)->grant_count; g++) {
    const rc_grant *gr = rc_model_grant(u, 0, g);
    const char *name = rc_model_privilege(u, gr->privilege)->name;
    if (!strcmp(name, "prvWriteIncident") || !strcmp(name, "prvReadIncident"))
      assert_int_equal(gr->depth, RC_DEPTH_GLOBAL);
  }
  rc_model_free(u);
  refs[1].role = refs[0].role;
  assert_int_equal(rc_model_union(&u, l.ctx, refs, 2,
                                  "0a000000-0000-4000-8000-000000000003", "x"),
                   RC_OK);
  assert_int_equal(rc_model_role(u, 0)->grant_count,
                   rc_model_role(l.model, refs[0].role)->grant_count);
  rc_model_free(u);

  /* no roles, or no GUID: refused */
  assert_int_equal(rc_model_union(&u, l.ctx, refs, 0,
                                  "0a000000-0000-4000-8000-000000000004", "x"),
                   RC_EUSAGE);
  assert_int_equal(rc_model_union(&u, l.ctx, refs, 1, "not-a-guid", "x"),
                   RC_EUSAGE);
  assert_null(u);
  rc_assignments_free(a);
  unload_one(&l);
}

/* The judgement through the library: the same verdict counts as the
 * command's worked example, and the same answer on one thread and on
 * four. */
static void test_users__judge(void **state)
{
  static const char *const licences[] = {"licences.csv", "graph-users.json"};
  static const char *const roles[] = {TENANT "exports/systemusers-1.json",
                                      TENANT "exports/systemusers-2.json",
                                      TENANT "exports/teams.json"};
  static const size_t want[RC_VERDICT_COUNT] = {4, 2, 1, 1, 2, 5, 4};
  loaded l;
  rc_licences *lic;
  rc_principals *p;
  rc_users_input in;
  rc_users *one = NULL, *four = NULL;
  size_t i;
  int v;
  (void)state;
  load_one(&l, TENANT "solution");
  assert_int_equal(rc_licences_new(&lic), RC_OK);
  for (i = 0; i < 2; i++) {
    char path[512];
    snprintf(path, sizeof(path), TENANT "exports/%s", licences[i]);
    assert_int_equal(rc_licences_add_file(lic, l.ctx, path), RC_OK);
  }
  assert_int_equal(rc_principals_new(&p), RC_OK);
  assert_int_equal(rc_principals_add_files(p, l.ctx, roles, 3), RC_OK);
  memset(&in, 0, sizeof(in));
  in.setup = &l.setup;
  in.models = &l.model;
  in.model_count = 1;
  in.analysis = l.an;
  in.principals = p;
  in.licences = lic;
  in.jobs = 1;
  assert_int_equal(rc_users_judge(&one, l.ctx, &in), RC_OK);
  in.jobs = 4;
  assert_int_equal(rc_users_judge(&four, l.ctx, &in), RC_OK);
  assert_int_equal(rc_users_count(one), 19);
  for (v = 0; v < RC_VERDICT_COUNT; v++)
    assert_int_equal(rc_users_verdict_count(one, (rc_verdict)v), want[v]);
  for (i = 0; i < rc_users_count(one); i++) {
    const rc_user_verdict *a = rc_users_at(one, i), *b = rc_users_at(four, i);
    assert_string_equal(a->user->id, b->user->id);
    assert_int_equal(a->verdict, b->verdict);
    assert_string_equal(a->fit ? a->fit->minimum : "",
                        b->fit ? b->fit->minimum : "");
  }
  rc_users_free(one);
  rc_users_free(four);
  rc_principals_free(p);
  rc_licences_free(lic);
  unload_one(&l);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_users__fit_level_alone),
      cmocka_unit_test(test_users__fit_level_combines),
      cmocka_unit_test(test_users__union),
      cmocka_unit_test(test_users__judge),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
