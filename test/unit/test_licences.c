/* The licence side of a tenant: the admin center CSV and Graph JSON
 * readers on fixtures/users, classification by service plans, merging,
 * and bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "rolecheck/rolecheck.h"

#define USERS RC_FIXTURES "/users/"

static size_t warnings;
static void count_warning(const char *message, void *payload)
{
  (void)payload;
  (void)message;
  warnings++;
}

static rc_licences *load_all(rc_ctx *ctx)
{
  static const char *const files[] = {"semicolon-bom.csv", "comma-quoted.csv",
                                      "graph-page1.json", "graph-page2.json"};
  rc_licences *l = NULL;
  size_t i;
  assert_int_equal(rc_licences_new(&l), RC_OK);
  for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
    char path[1024];
    snprintf(path, sizeof(path), USERS "%s", files[i]);
    assert_int_equal(rc_licences_add_file(l, ctx, path), RC_OK);
  }
  return l;
}

static void expect(const rc_licences *l, const char *upn, unsigned classes,
                   int enabled, int guest, const char *skus,
                   const char *unknown)
{
  const rc_licence_holder *u = rc_licences_find(l, upn);
  char got[2048] = "";
  size_t i;
  assert_non_null(u);
  assert_int_equal(u->classes, classes);
  assert_int_equal(u->enabled, enabled);
  assert_int_equal(u->guest, guest);
  for (i = 0; i < u->sku_count; i++) {
    strcat(got, i ? "|" : "");
    strcat(got, u->skus[i]);
  }
  assert_string_equal(got, skus);
  got[0] = '\0';
  for (i = 0; i < u->unknown_count; i++) {
    strcat(got, i ? "|" : "");
    strcat(got, u->unknown[i]);
  }
  assert_string_equal(got, unknown);
}

static void test_licences__every_user(void **state)
{
  rc_ctx *ctx = NULL;
  rc_licences *l;
  const rc_licence_holder *u;
  static const char *const order[] = {
      "ann@contoso.com",
      "bob@contoso.com",
      "cara@contoso.com",
      "dan@contoso.com",
      "eve_fabrikam.com#EXT#@contoso.onmicrosoft.com",
      "finn@contoso.com",
      "gil@contoso.com",
      "hal@contoso.com",
      "ivy@contoso.com"};
  size_t i;
  (void)state;
  assert_int_equal(rc_ctx_new(&ctx), RC_OK);
  warnings = 0;
  rc_ctx_set_warn(ctx, count_warning, NULL);
  l = load_all(ctx);
  assert_int_equal(rc_licences_user_count(l), 9);
  for (i = 0; i < 9; i++)
    assert_string_equal(rc_licences_user(l, i)->upn, order[i]);
  assert_int_equal(rc_licences_deleted_count(l), 1);
  assert_null(rc_licences_find(l, "gone@contoso.com"));
  /* ann: three times (CSV, CSV in another case, JSON), merged twice; Team
   * Members never gives Field Service; the JSON's Team Members has its
   * plan disabled and adds nothing */
  assert_int_equal(warnings, 2);
  expect(l, "Ann@Contoso.com", RC_LIC_TM | RC_LIC_SP, 1, 0,
         "D365_SALES_PRO|DYN365_TEAM_MEMBERS", "Microsoft 365 E3");
  u = rc_licences_find(l, "ann@contoso.com");
  assert_string_equal(u->object_id, "6f1c0e2a-0000-4000-8000-000000000001");
  assert_string_equal(u->display_name, "Ann Lee");
  assert_string_equal(u->file, USERS "semicolon-bom.csv");
  assert_int_equal(u->line, 2);
  /* Sales Enterprise with DYN365_ENTERPRISE_SALES disabled */
  expect(l, "bob@contoso.com", 0, 0, 0, "DYN365_ENTERPRISE_SALES", "");
  /* Customer Engagement Plan, blocked */
  expect(l, "cara@contoso.com", RC_LIC_SE | RC_LIC_CSE | RC_LIC_FS | RC_LIC_PO,
         0, 0, "DYN365_ENTERPRISE_PLAN1", "");
  /* an alias, and an unknown name kept as a note */
  expect(l, "dan@contoso.com", RC_LIC_PA_PER_APP, 1, 0, "POWERAPPS_PER_APP_NEW",
         "Contoso Imaginary Suite");
  expect(l, "eve_fabrikam.com#EXT#@contoso.onmicrosoft.com", 0, 1, 1, "", "");
  /* a comma and a '+' inside names */
  expect(l, "finn@contoso.com", RC_LIC_PA_PREMIUM, 1, 0,
         "POWERAPPS_PER_USER|Power_Pages_authenticated_users_T3_min_1,000_"
         "units_100_users/per_site/month_capacity_pack",
         "Enterprise Mobility + Security E3");
  /* an attach SKU: recorded, its classes kept apart too */
  expect(l, "gil@contoso.com", RC_LIC_SE | RC_LIC_CSE, -1, 0,
         "D365_SALES_ENT_ATTACH|DYN365_ENTERPRISE_CUSTOMER_SERVICE", "");
  u = rc_licences_find(l, "gil@contoso.com");
  assert_int_equal(u->attach, 1);
  assert_int_equal(u->attach_classes, RC_LIC_SE);
  assert_int_equal(rc_licences_find(l, "cara@contoso.com")->attach, 0);
  /* Team Members Enterprise: no Field Service; an unknown skuId */
  expect(l, "hal@contoso.com", RC_LIC_TM, 1, 0,
         "DYN365_ENTERPRISE_TEAM_MEMBERS",
         "05e9a617-0261-4cee-bb44-138d3ef5d965");
  /* PascalCase page, a guest by userType, found by object id */
  expect(l, "ivy@contoso.com", RC_LIC_SE | RC_LIC_CSE | RC_LIC_FS | RC_LIC_PO,
         1, 1, "DYN365_ENTERPRISE_PLAN1", "");
  u = rc_licences_find(l, "0a9e0000-0000-4000-8000-00000000000A");
  assert_non_null(u);
  assert_string_equal(u->upn, "ivy@contoso.com");
  rc_licences_free(l);
  rc_ctx_free(ctx);
}

static void test_licences__class_names(void **state)
{
  unsigned b;
  size_t n = 0;
  (void)state;
  for (b = 1; b & RC_LIC_ALL; b <<= 1, n++)
    assert_non_null(rc_licence_class_name(b));
  assert_int_equal(n, 10);
  assert_string_equal(rc_licence_class_name(RC_LIC_FS), "FS");
  assert_null(rc_licence_class_name(0));
  assert_null(rc_licence_class_name(RC_LIC_SE | RC_LIC_CSE));
}

static void expect_bad(const char *name, const char *says)
{
  rc_ctx *ctx = NULL;
  rc_licences *l = NULL;
  char path[1024];
  const char *msg;
  snprintf(path, sizeof(path), USERS "%s", name);
  assert_int_equal(rc_ctx_new(&ctx), RC_OK);
  assert_int_equal(rc_licences_new(&l), RC_OK);
  assert_int_equal(rc_licences_add_file(l, ctx, USERS "semicolon-bom.csv"),
                   RC_OK);
  assert_int_equal(rc_licences_add_file(l, ctx, path), RC_EINPUT);
  msg = rc_ctx_error(ctx);
  assert_non_null(strstr(msg, path));
  assert_non_null(strstr(msg, says));
  assert_null(strchr(msg, '\n'));
  /* the set keeps the users read before */
  assert_int_equal(rc_licences_user_count(l), 4);
  rc_licences_free(l);
  rc_ctx_free(ctx);
}

static void test_licences__bad_input(void **state)
{
  (void)state;
  expect_bad("bad-truncated.json", "bad-truncated.json:2:");
  expect_bad("bad-no-licenses.csv", "\"Licenses\"");
  expect_bad("bad-unterminated.csv", "bad-unterminated.csv:2: a quoted field");
  expect_bad("no-such-file.csv", "no-such-file.csv");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_licences__every_user),
      cmocka_unit_test(test_licences__class_names),
      cmocka_unit_test(test_licences__bad_input),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
