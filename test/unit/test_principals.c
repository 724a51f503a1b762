/* The role side of a tenant: Web API systemusers and teams pages and a
 * Configuration Migration data.xml (bare and zipped) on fixtures/users,
 * roles through teams, business-unit copies of roles, user kinds,
 * incomplete expanded lists, the Web API reader's JSON shapes (fields in
 * any order, nested values it does not read, escapes, types it ignores),
 * and bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zip.h>

#include "helpers.h"
#include "rolecheck/rolecheck.h"
#include "util/sys.h"

#define USERS   RC_FIXTURES "/users/"
#define ROLE(n) "1a000000-0000-4000-8000-0000000000" #n
#define TEAM(n) "7e000000-0000-4000-8000-0000000000" #n
#define BU(n)   "0b000000-0000-4000-8000-0000000000" #n

static size_t warnings;
static void count_warning(const char *message, void *payload)
{
  (void)payload;
  (void)message;
  warnings++;
}

static rc_principals *load(rc_ctx *ctx, const char *const *files, size_t n)
{
  rc_principals *p = NULL;
  size_t i;
  assert_int_equal(rc_principals_new(&p), RC_OK);
  for (i = 0; i < n; i++) {
    char path[1024];
    snprintf(path, sizeof(path), USERS "%s", files[i]);
    assert_int_equal(rc_principals_add_file(p, ctx, path), RC_OK);
  }
  return p;
}

/* "role/root/name/bu/team" for each grant, joined with '|' */
static const char *grants_of(const rc_role_grant *g, size_t n)
{
  static char out[4096];
  size_t i;
  out[0] = '\0';
  for (i = 0; i < n; i++) {
    char one[512];
    snprintf(one, sizeof(one), "%s%s/%s/%s/%s/%s", i ? "|" : "", g[i].role_id,
             g[i].root_role_id, g[i].name, g[i].business_unit, g[i].team_id);
    strcat(out, one);
  }
  return out;
}

static const char *effective_of(const rc_principals *p, const char *key)
{
  size_t n;
  const rc_principal_user *u = rc_principals_find_user(p, key);
  const rc_role_grant *g;
  assert_non_null(u);
  g = rc_principals_effective_roles(p, u, &n);
  return grants_of(g, n);
}

static void test_principals__web_api(void **state)
{
  static const char *const files[] = {
      "systemusers-page1.json", "teams-page.json", "systemusers-page2.json"};
  static const char *const order[] = {"# app-integration", "ann@contoso.com",
                                      "Bob@contoso.com", "cara@contoso.com",
                                      "dan@contoso.com"};
  rc_ctx *ctx = NULL;
  rc_principals *p;
  const rc_principal_user *u;
  const rc_principal_team *t;
  size_t i;
  (void)state;
  assert_int_equal(rc_ctx_new(&ctx), RC_OK);
  warnings = 0;
  rc_ctx_set_warn(ctx, count_warning, NULL);
  p = load(ctx, files, 3);
  /* cara's roles and the group team's roles are cut short */
  assert_int_equal(warnings, 2);
  assert_int_equal(rc_principals_user_count(p), 5);
  for (i = 0; i < 5; i++)
    assert_string_equal(rc_principals_user(p, i)->upn, order[i]);

  /* ann: the child business unit's copy of Salesperson (braces and case
   * dropped), and Team Reader through Sales EMEA */
  u = rc_principals_find_user(p, "ANN@contoso.com");
  assert_non_null(u);
  assert_string_equal(u->id, "5e000000-0000-4000-8000-000000000001");
  assert_string_equal(u->object_id, "6f1c0e2a-0000-4000-8000-000000000001");
  assert_string_equal(u->full_name, "Ann Lee");
  assert_string_equal(u->business_unit, BU(02));
  assert_string_equal(u->application_id, "");
  assert_int_equal(u->disabled, 0);
  assert_int_equal(u->access_mode, 0);
  assert_int_equal(u->kinds, 0);
  assert_int_equal(u->incomplete, 0);
  assert_string_equal(u->file, USERS "systemusers-page1.json");
  assert_string_equal(grants_of(u->roles, u->role_count),
                      ROLE(02) "/" ROLE(01) "/Salesperson/" BU(02) "/");
  assert_int_equal(u->team_count, 1);
  assert_string_equal(u->teams[0], TEAM(01));
  assert_string_equal(effective_of(p, "ann@contoso.com"),
                      ROLE(02) "/" ROLE(01) "/Salesperson/" BU(02) "/|" ROLE(
                          05) "/" ROLE(04) "/Team Reader/" BU(02) "/" TEAM(01));

  /* an application user that is also non-interactive */
  u = rc_principals_find_user(p, "5E000000-0000-4000-8000-000000000002");
  assert_non_null(u);
  assert_string_equal(u->application_id,
                      "a9000000-0000-4000-8000-000000000001");
  assert_int_equal(u->kinds, RC_USER_APPLICATION | RC_USER_NON_INTERACTIVE);
  /* by object id; non-interactive */
  u = rc_principals_find_user(p, "6f1c0e2a-0000-4000-8000-000000000003");
  assert_non_null(u);
  assert_string_equal(u->upn, "Bob@contoso.com");
  assert_int_equal(u->kinds, RC_USER_NON_INTERACTIVE);
  /* disabled, and its roles list incomplete */
  u = rc_principals_find_user(p, "cara@contoso.com");
  assert_int_equal(u->kinds, RC_USER_DISABLED);
  assert_int_equal(u->incomplete, 1);
  assert_int_equal(u->role_count, 1);
  /* no direct role: only the team's; the group team gives none */
  u = rc_principals_find_user(p, "dan@contoso.com");
  assert_int_equal(u->role_count, 0);
  assert_int_equal(u->team_count, 2);
  assert_string_equal(
      effective_of(p, "dan@contoso.com"),
      ROLE(05) "/" ROLE(04) "/Team Reader/" BU(02) "/" TEAM(01));

  assert_int_equal(rc_principals_team_count(p), 2);
  t = rc_principals_team(p, 0);
  assert_string_equal(t->id, TEAM(01));
  assert_string_equal(t->name, "Sales EMEA");
  assert_int_equal(t->type, 0);
  assert_string_equal(t->object_id, "");
  assert_int_equal(t->incomplete, 0);
  assert_string_equal(grants_of(t->roles, t->role_count),
                      ROLE(05) "/" ROLE(04) "/Team Reader/" BU(02) "/");
  t = rc_principals_find_team(p, "{7E000000-0000-4000-8000-000000000002}");
  assert_non_null(t);
  assert_int_equal(t->type, 2);
  assert_string_equal(t->object_id, "6f1c0e2a-0000-4000-8000-0000000000aa");
  assert_int_equal(t->incomplete, 1);
  assert_int_equal(t->role_count, 0);
  assert_null(rc_principals_find_team(p, TEAM(99)));
  assert_null(rc_principals_find_user(p, "nobody@contoso.com"));

  /* the same page again: merged by id, nothing doubled */
  assert_int_equal(
      rc_principals_add_file(p, ctx, USERS "systemusers-page1.json"), RC_OK);
  assert_int_equal(rc_principals_user_count(p), 5);
  u = rc_principals_find_user(p, "ann@contoso.com");
  assert_int_equal(u->role_count, 1);
  assert_int_equal(u->team_count, 1);
  rc_principals_free(p);
  rc_ctx_free(ctx);
}

static void check_cmt(const rc_principals *p)
{
  const rc_principal_user *u;
  const rc_principal_team *t;
  assert_int_equal(rc_principals_user_count(p), 2);
  assert_string_equal(rc_principals_user(p, 0)->upn, "eve@contoso.com");
  /* systemuserroles_association to a business-unit copy whose role record
   * names its root; teammembership_association */
  u = rc_principals_find_user(p, "eve@contoso.com");
  assert_string_equal(u->id, "5e000000-0000-4000-8000-000000000011");
  assert_string_equal(u->full_name, "Eve Ng");
  assert_string_equal(u->business_unit, BU(02));
  assert_int_equal(u->kinds, 0);
  assert_string_equal(grants_of(u->roles, u->role_count),
                      ROLE(06) "/" ROLE(07) "/Planner/" BU(02) "/");
  assert_string_equal(effective_of(p, "eve@contoso.com"),
                      ROLE(06) "/" ROLE(07) "/Planner/" BU(02) "/|" ROLE(
                          07) "//Planner/" BU(01) "/" TEAM(11));
  /* systemuserroles; teammembership written under the team */
  u = rc_principals_find_user(p, "fay@contoso.com");
  assert_int_equal(u->kinds, RC_USER_DISABLED | RC_USER_DELEGATED_ADMIN);
  assert_int_equal(u->access_mode, 5);
  assert_string_equal(grants_of(u->roles, u->role_count),
                      ROLE(07) "//Planner/" BU(01) "/");
  assert_int_equal(u->team_count, 1);
  assert_string_equal(u->teams[0], TEAM(11));
  /* teamroles_association; teamroles by m2mrelationshipschemaname, to a
   * role without a record */
  assert_int_equal(rc_principals_team_count(p), 2);
  t = rc_principals_find_team(p, TEAM(11));
  assert_string_equal(t->name, "Planning");
  assert_string_equal(grants_of(t->roles, t->role_count),
                      ROLE(07) "//Planner/" BU(01) "/");
  t = rc_principals_find_team(p, TEAM(12));
  assert_int_equal(t->type, 1);
  assert_string_equal(grants_of(t->roles, t->role_count), ROLE(08) "////");
}

static void test_principals__cmt(void **state)
{
  static const char *const files[] = {"cmt-data.xml"};
  rc_ctx *ctx = NULL;
  rc_principals *p;
  (void)state;
  assert_int_equal(rc_ctx_new(&ctx), RC_OK);
  p = load(ctx, files, 1);
  check_cmt(p);
  assert_string_equal(rc_principals_user(p, 0)->file, USERS "cmt-data.xml");
  rc_principals_free(p);
  rc_ctx_free(ctx);
}

static void test_principals__cmt_zip(void **state)
{
  char path[1024];
  rc_ctx *ctx = NULL;
  rc_principals *p = NULL;
  zip_t *z;
  int err = 0, fd;
  (void)state;
  snprintf(path, sizeof(path), "%s/rolecheck-cmt-XXXXXX", rc_sys_tmpdir());
  fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  z = zip_open(path, ZIP_TRUNCATE, &err);
  assert_non_null(z);
  assert_true(zip_file_add(z, "data_schema.xml",
                           zip_source_buffer(z, "<entities/>", 11, 0), 0) >= 0);
  assert_true(zip_file_add(z, "data.xml",
                           zip_source_file(z, USERS "cmt-data.xml", 0, -1),
                           0) >= 0);
  assert_int_equal(zip_close(z), 0);
  assert_int_equal(rc_ctx_new(&ctx), RC_OK);
  assert_int_equal(rc_principals_new(&p), RC_OK);
  assert_int_equal(rc_principals_add_file(p, ctx, path), RC_OK);
  check_cmt(p);
  assert_non_null(strstr(rc_principals_user(p, 0)->file, "!/data.xml"));
  rc_principals_free(p);
  rc_ctx_free(ctx);
  unlink(path);
}

/* A page written to a temporary file and read alone: RC_OK or the error,
 * its message in *msg. */
static int read_page(const char *json, rc_principals **out, const char **msg)
{
  static char message[1024];
  char path[1024];
  rc_ctx *ctx = NULL;
  int error;
  write_temp(path, sizeof(path), "rc-principals", json);
  assert_int_equal(rc_ctx_new(&ctx), RC_OK);
  warnings = 0;
  rc_ctx_set_warn(ctx, count_warning, NULL);
  assert_int_equal(rc_principals_new(out), RC_OK);
  error = rc_principals_add_file(*out, ctx, path);
  snprintf(message, sizeof(message), "%s", rc_ctx_error(ctx));
  *msg = message;
  rc_ctx_free(ctx);
  unlink(path);
  return error;
}

#define USER_ID "5e000000-0000-4000-8000-0000000000"

/* The reader keeps what it reads whatever surrounds it: the entity set
 * named after the rows, values of every JSON type under keys it does not
 * read (objects holding keys it does read among them), escapes, and types
 * it ignores for the fields it reads. */
static void test_principals__web_api_shapes(void **state)
{
  static const char page[] =
      "{\"value\": [\n"
      " {\"extra\": {\"systemuserid\": \"not this\", \"value\": [1, {}]},\n"
      "  \"domainname\": \"\\u00e9ve@contoso.com\",\n"
      "  \"fullname\": \"\\\"Eve\\\" \\\\ Q\",\n"
      "  \"isdisabled\": \"yes\", \"accessmode\": 4.0,\n"
      "  \"systemuserroles_association\": [\n"
      "    {\"nested\": [[{\"roleid\": \"x\"}]], \"roleid\": \"" ROLE(
          01) "\",\n"
              "     \"name\": \"Sales\", \"_businessunitid_value\": "
              "\"" BU(
                  01) "\"}],\n"
                      "  \"teammembership_association\": null,\n"
                      "  \"systemuserid\": \"" USER_ID
                      "01\", \"n\": [true, false, "
                      "null, -1.5e3, \"s\"]},\n"
                      " {\"systemuserid\": \"" USER_ID
                      "02\", \"domainname\": \"zed@contoso.com\",\n"
                      "  \"isdisabled\": true, \"accessmode\": 5,\n"
                      "  \"systemuserroles_association@odata.nextLink\": "
                      "\"https://x\",\n"
                      "  \"systemuserroles_association\": []}\n"
                      "],\n"
                      " \"@odata.nextLink\": {\"value\": []},\n"
                      " \"@odata.context\": "
                      "\"https://x/api/data/v9.2/$metadata#systemusers\"}\n";
  rc_principals *p = NULL;
  const rc_principal_user *u;
  const char *msg;
  (void)state;
  assert_int_equal(read_page(page, &p, &msg), RC_OK);
  assert_int_equal(warnings, 1); /* zed's roles are cut short */
  assert_int_equal(rc_principals_user_count(p), 2);
  /* sorted by UPN, bytes: "\xc3\xa9ve" after "zed" */
  u = rc_principals_user(p, 1);
  assert_string_equal(u->id, USER_ID "01");
  assert_string_equal(u->upn, "\xc3\xa9ve@contoso.com");
  assert_string_equal(u->full_name, "\"Eve\" \\ Q");
  assert_int_equal(u->disabled, -1);    /* a string is no boolean */
  assert_int_equal(u->access_mode, -1); /* 4.0 is no integer */
  assert_int_equal(u->incomplete, 0);
  assert_int_equal(u->team_count, 0);
  assert_string_equal(grants_of(u->roles, u->role_count),
                      ROLE(01) "//Sales/" BU(01) "/");
  u = rc_principals_user(p, 0);
  assert_string_equal(u->upn, "zed@contoso.com");
  assert_int_equal(u->disabled, 1);
  assert_int_equal(u->access_mode, 5);
  assert_int_equal(u->kinds, RC_USER_DISABLED | RC_USER_DELEGATED_ADMIN);
  assert_int_equal(u->incomplete, 1);
  assert_int_equal(u->role_count, 0);
  rc_principals_free(p);
}

static void expect_page_error(const char *json, const char *says)
{
  rc_principals *p = NULL;
  const char *msg;
  assert_int_equal(read_page(json, &p, &msg), RC_EINPUT);
  if (!strstr(msg, says))
    fail_msg("\"%s\" does not say \"%s\"", msg, says);
  assert_non_null(strstr(msg, "rc-principals-"));
  assert_null(strchr(msg, '\n'));
  assert_int_equal(rc_principals_user_count(p), 0);
  rc_principals_free(p);
}

/* Each bad page: one line naming the file, with the line or the record. */
static void test_principals__web_api_errors(void **state)
{
  (void)state;
  expect_page_error("{\"value\": [\n{\"systemuserid\": \"" USER_ID "01\",\n",
                    ":3: parse error: premature EOF");
  expect_page_error("{\"value\": [\n{\"domainname\": \"a\xff\"}]}",
                    ":2: lexical error");
  expect_page_error("{\"value\": []} {}", ":1: parse error");
  expect_page_error("{\"value\": [\n{\"domainname\": \"a\",\n"
                    "\"domainname\": \"b\"}]}",
                    ":3: duplicate key \"domainname\"");
  expect_page_error("{\"value\": [], \"value\": []}",
                    ":1: duplicate key \"value\"");
  expect_page_error("{\"value\": [{\"systemuserid\": \"" USER_ID
                    "01\", \"domainname\": \"a\\u0000b\"}]}",
                    ":1: a string holds U+0000");
  expect_page_error("[{\"systemuserid\": \"" USER_ID "01\"}]",
                    "neither Web API JSON");
  expect_page_error("{\"value\": {\"systemuserid\": \"" USER_ID "01\"}}",
                    "neither a systemusers nor a teams page");
  expect_page_error("{\"value\": [{\"fullname\": \"a\"}]}",
                    "neither a systemusers nor a teams page");
  expect_page_error("{\"@odata.context\": \"x#systemusers\", \"value\": "
                    "[{\"fullname\": \"a\"}]}",
                    "record 1: no systemuserid GUID");
  expect_page_error("{\"@odata.context\": \"x#systemusers\", \"value\": "
                    "[{\"systemuserid\": \"" USER_ID "01\"}, 7]}",
                    "record 2: not a user object");
  expect_page_error("{\"value\": [{\"teamid\": \"" TEAM(
                        01) "\", "
                            "\"teamroles_association\": {}}]}",
                    "record 1: teamroles_association is not an array");
  expect_page_error("{\"value\": [{\"systemuserid\": \"" USER_ID "01\", "
                    "\"systemuserroles_association\": [\"" ROLE(01) "\"]}]}",
                    "record 1: a role without a roleid");
  expect_page_error("{\"value\": [{\"systemuserid\": \"" USER_ID "01\", "
                    "\"teammembership_association\": [[]]}]}",
                    "record 1: a team that is not an object");
  expect_page_error(
      "{\"value\": [{\"teamid\": \"" TEAM(
          01) "\", "
              "\"teamroles_association\": [{\"roleid\": \"r\"}]}]}",
      "record 1: roleid \"r\" is not a GUID");
}

static void expect_bad(const char *name, const char *says)
{
  rc_ctx *ctx = NULL;
  rc_principals *p = NULL;
  char path[1024];
  const char *msg;
  snprintf(path, sizeof(path), USERS "%s", name);
  assert_int_equal(rc_ctx_new(&ctx), RC_OK);
  assert_int_equal(rc_principals_new(&p), RC_OK);
  assert_int_equal(
      rc_principals_add_file(p, ctx, USERS "systemusers-page1.json"), RC_OK);
  assert_int_equal(rc_principals_add_file(p, ctx, path), RC_EINPUT);
  msg = rc_ctx_error(ctx);
  assert_non_null(strstr(msg, path));
  assert_non_null(strstr(msg, says));
  assert_null(strchr(msg, '\n'));
  /* the set keeps what was read before */
  assert_int_equal(rc_principals_user_count(p), 2);
  assert_int_equal(rc_principals_team_count(p), 0);
  rc_principals_free(p);
  rc_ctx_free(ctx);
}

static void test_principals__bad_input(void **state)
{
  (void)state;
  expect_bad("bad-truncated-systemusers.json", "bad-truncated-systemusers");
  expect_bad("bad-neither.json", "neither a systemusers nor a teams page");
  expect_bad("bad-malformed-data.xml", "malformed XML");
  expect_bad("semicolon-bom.csv", "neither Web API JSON");
  expect_bad("graph-page1.json", "neither a systemusers nor a teams page");
  expect_bad("no-such-file.json", "no-such-file.json");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_principals__web_api),
      cmocka_unit_test(test_principals__cmt),
      cmocka_unit_test(test_principals__cmt_zip),
      cmocka_unit_test(test_principals__bad_input),
      cmocka_unit_test(test_principals__web_api_shapes),
      cmocka_unit_test(test_principals__web_api_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
