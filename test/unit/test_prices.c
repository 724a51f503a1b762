/* Licence prices and what they say of a role: the built-in list, a
 * client's list in another currency, bad lists, the cheapest licence or
 * licences (base and attach prices, Power Apps per app against Premium),
 * and the cheapest change (fixtures/whatif: a role that needs Customer
 * Service Enterprise only for one knowledge-article privilege). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"
#include "rolecheck/rolecheck.h"

static size_t licence(const rc_rulepack *pack, const char *id)
{
  size_t k;
  for (k = 0; k < rc_rulepack_licence_count(pack); k++)
    if (!strcmp(rc_rulepack_licence(pack, k)->id, id))
      return k;
  fail_msg("no licence %s", id);
  return 0;
}

/* A list written to a temporary file. */
static const char *write_list(const char *text)
{
  static char path[1024];
  write_temp(path, sizeof(path), "rc-prices", text);
  return path;
}

/* The built-in list: Microsoft's list prices in USD, base and attach. */
static void test_prices__built_in(void **state)
{
  rc_ctx *ctx = NULL;
  rc_prices *p = NULL;
  rc_rulepack *pack = NULL;
  (void)state;
  assert_int_equal(rc_ctx_new(&ctx), RC_OK);
  assert_int_equal(rc_rulepack_load(&pack, ctx, NULL), RC_OK);
  assert_int_equal(rc_prices_load(&p, ctx, NULL), RC_OK);
  assert_string_equal(rc_prices_source(p), "built-in");
  assert_string_equal(rc_prices_currency(p), "USD");
  assert_string_equal(rc_prices_as_of(p), "2026-08-13");
  assert_true(rc_prices_of(p, pack, licence(pack, "team-member"), 0) == 8);
  assert_true(rc_prices_of(p, pack, licence(pack, "power-apps"), 0) == 20);
  assert_true(rc_prices_per_app(p) == 5);
  assert_true(rc_prices_of(p, pack, licence(pack, "CSE"), 0) == 105);
  assert_true(rc_prices_of(p, pack, licence(pack, "CSE"), 1) == 20);
  assert_true(rc_prices_of(p, pack, licence(pack, "FS"), 1) == 20);
  /* the first row of a licence wins: Field Service, not its contractor
   * licence; Power Apps Premium, not its volume tier */
  assert_true(rc_prices_of(p, pack, licence(pack, "FS"), 0) == 105);
  /* no Marketing row */
  assert_true(rc_prices_of(p, pack, licence(pack, "MKT"), 0) < 0);
  rc_prices_free(p);
  rc_rulepack_free(pack);
  rc_ctx_free(ctx);
}

/* A loader that must refuse the file: its result, nothing loaded. */
static int refuse_prices(rc_ctx *ctx, const char *path)
{
  rc_prices *p = NULL;
  int error = rc_prices_load(&p, ctx, path);
  assert_null(p);
  return error;
}

static int refuse_users(rc_ctx *ctx, const char *path)
{
  rc_role_users *u = NULL;
  int error = rc_role_users_load(&u, ctx, path);
  assert_null(u);
  return error;
}

/* text as a file is refused with RC_EINPUT and a message naming the file
 * and saying says. */
static void expect_refused(int (*refuse)(rc_ctx *, const char *),
                           const char *text, const char *says)
{
  rc_ctx *ctx = NULL;
  const char *path = write_list(text);
  assert_int_equal(rc_ctx_new(&ctx), RC_OK);
  assert_int_equal(refuse(ctx, path), RC_EINPUT);
  if (!strstr(rc_ctx_error(ctx), says) || !strstr(rc_ctx_error(ctx), path))
    fail_msg("\"%s\" does not say \"%s\"", rc_ctx_error(ctx), says);
  unlink(path);
  rc_ctx_free(ctx);
}

static void expect_bad(const char *text, const char *says)
{
  expect_refused(refuse_prices, text, says);
}

/* A client's list in euros, with a BOM, CRLF, quotes and a row for a
 * licence it does not know (a warning); then lists that are not. */
static void test_prices__client_list(void **state)
{
  rc_ctx *ctx = NULL;
  rc_prices *p = NULL;
  rc_rulepack *pack = NULL;
  const char *path = write_list(
      "\xef\xbb\xbf"
      "code\tkind\tper_user_month\tcurrency\tas_of\r\n"
      "DYN365_ENTERPRISE_TEAM_MEMBERS\tbase\t7.2\tEUR\t2026-10\r\n"
      "\"DYN365_ENTERPRISE_CUSTOMER_SERVICE\"\tbase\t94.5\tEUR\t2026-11\r\n"
      "NOT_A_SKU\tbase\t1\tEUR\t2026-12\r\n"
      "(meter)\tcapacity\t3\tEUR\t2026-12\r\n");
  (void)state;
  assert_int_equal(rc_ctx_new(&ctx), RC_OK);
  assert_int_equal(rc_rulepack_load(&pack, ctx, NULL), RC_OK);
  assert_int_equal(rc_prices_load(&p, ctx, path), RC_OK);
  assert_string_equal(rc_prices_currency(p), "EUR");
  assert_string_equal(rc_prices_as_of(p), "2026-11");
  assert_true(rc_prices_of(p, pack, licence(pack, "team-member"), 0) == 7.2);
  assert_true(rc_prices_of(p, pack, licence(pack, "CSE"), 0) == 94.5);
  assert_true(rc_prices_of(p, pack, licence(pack, "power-apps"), 0) < 0);
  rc_prices_free(p);
  rc_rulepack_free(pack);
  rc_ctx_free(ctx);
  unlink(path);

  expect_bad("licence\tprice\nx\t1\n", ":1: not a price list");
  expect_bad("code\tkind\tusd_per_user_month\n"
             "DYN365_ENTERPRISE_TEAM_MEMBERS\tbase\tfree\n",
             ":2: no price in 'free'");
  expect_bad("code\tkind\tusd_per_user_month\n"
             "DYN365_ENTERPRISE_TEAM_MEMBERS\tbase\t-8\n",
             ":2: no price in '-8'");
  expect_bad("code\tkind\tper_user_month\tcurrency\n"
             "DYN365_ENTERPRISE_TEAM_MEMBERS\tbase\t8\tUSD\n"
             "POWERAPPS_PER_USER\tbase\t20\tEUR\n",
             ":3: a price in EUR in a list of prices in USD");
  expect_bad("", "not a price list: empty");
  expect_bad("code\tkind\tusd_per_user_month\n(meter)\tcapacity\t2\n",
             "no per-user price");
}

/* The cheapest way to license each fixture role. */
static void test_prices__role_cost(void **state)
{
  loaded l;
  rc_prices *p = NULL;
  rc_licence_cost c;
  const rc_role_fit *f;
  const rc_rulepack *pack;
  (void)state;
  /* needs CSE and FS together: CSE at base, FS at attach price */
  load_one(&l, RC_FIXTURES "/brief/input");
  pack = l.setup.pack;
  assert_int_equal(rc_prices_load(&p, l.ctx, NULL), RC_OK);
  f = rc_analysis_role_fit(l.an, 0, 0, 0);
  assert_non_null(f);
  rc_prices_role_cost(p, pack, f, 0, &c);
  assert_true(c.per_user_month == 125);
  assert_int_equal(c.licences,
                   (1u << licence(pack, "CSE")) | (1u << licence(pack, "FS")));
  assert_string_equal(c.label, "CSE+FS (FS at attach price)");
  unload_one(&l);

  /* Power Apps: per app for one or two apps, Premium from four */
  load_one(&l, RC_FIXTURES "/unpacked/input");
  pack = l.setup.pack;
  f = rc_analysis_role_fit(l.an, 0, 0, 0);
  assert_non_null(f);
  assert_int_equal(f->fit[licence(pack, "power-apps")], RC_FIT_YES);
  assert_int_equal(f->fit[licence(pack, "team-member")], RC_FIT_NO);
  rc_prices_role_cost(p, pack, f, 1, &c);
  assert_true(c.per_user_month == 5);
  assert_int_equal(c.per_app, 1);
  assert_string_equal(c.label, "Power Apps per app x1 (Premium 20.00)");
  rc_prices_role_cost(p, pack, f, 4, &c);
  assert_true(c.per_user_month == 20);
  assert_int_equal(c.per_app, 0);
  assert_string_equal(c.label, "PA");
  unload_one(&l);
  rc_prices_free(p);
}

/* Loads fixture input dir with the built-in prices and works out its
 * what-if (the run's assignments); returns its first role's change. */
static const rc_what_if_role *what_if_of(loaded *l, rc_prices **p,
                                         rc_what_if **w, const char *dir)
{
  load_one(l, dir);
  assert_int_equal(rc_prices_load(p, l->ctx, NULL), RC_OK);
  assert_int_equal(rc_what_if_new(w, l->ctx, l->setup.pack, l->setup.assign,
                                  &l->model, 1, l->an, *p),
                   RC_OK);
  return rc_what_if_find(*w, 0, 0);
}

/* The acceptance case: one knowledge-article privilege is all that needs
 * Customer Service Enterprise; removing it makes Power Apps enough, which
 * takes fewer changes than Team Members (that also needs the account
 * writes gone). */
static void test_prices__what_if(void **state)
{
  loaded l;
  rc_prices *p = NULL;
  rc_what_if *w = NULL;
  const rc_what_if_role *r;
  const rc_rulepack *pack;
  (void)state;
  r = what_if_of(&l, &p, &w, RC_FIXTURES "/whatif/input");
  pack = l.setup.pack;
  assert_non_null(r);
  assert_string_equal(rc_rulepack_licence(pack, r->target)->id, "power-apps");
  assert_true(r->from == 105);
  assert_true(r->to == 20);
  assert_int_equal(r->change_count, 1);
  assert_string_equal(r->changes[0].privilege, "prvWriteKnowledgeArticle");
  assert_int_equal(r->changes[0].after, RC_DEPTH_NONE);
  assert_null(rc_what_if_find(w, 0, 1));
  /* the run's assignments are left as they were */
  rc_what_if_free(w);
  assert_int_equal(rc_what_if_new(&w, l.ctx, pack, NULL, &l.model, 1, l.an, p),
                   RC_OK);
  assert_non_null(rc_what_if_find(w, 0, 0));
  rc_what_if_free(w);
  rc_prices_free(p);
  unload_one(&l);
}

/* Toward a cheaper Dynamics 365 licence: the brief fixture's role needs
 * Customer Service Enterprise and Field Service (125.00); without its four
 * privileges on the two tables only CSE covers (entitlement,
 * knowledgearticle), Field Service alone is enough (105.00). Dropping the
 * eight Field Service tables instead would take more changes. */
static void test_prices__what_if_d365(void **state)
{
  loaded l;
  rc_prices *p = NULL;
  rc_what_if *w = NULL;
  const rc_what_if_role *r;
  const rc_rulepack *pack;
  size_t i;
  (void)state;
  r = what_if_of(&l, &p, &w, RC_FIXTURES "/brief/input");
  pack = l.setup.pack;
  assert_non_null(r);
  assert_string_equal(rc_rulepack_licence(pack, r->target)->id, "FS");
  assert_true(r->from == 125);
  assert_true(r->to == 105);
  assert_int_equal(r->change_count, 4);
  for (i = 0; i < r->change_count; i++) {
    assert_true(!strcmp(r->changes[i].table, "entitlement") ||
                !strcmp(r->changes[i].table, "knowledgearticle"));
    assert_int_equal(r->changes[i].after, RC_DEPTH_NONE);
  }
  rc_what_if_free(w);
  rc_prices_free(p);
  unload_one(&l);
}

static void expect_bad_users(const char *text, const char *says)
{
  expect_refused(refuse_users, text, says);
}

/* Users per role: by id (any case, braces or not) before name (ASCII case
 * aside), the first row of a name, rows that name no role; CSV with a BOM
 * and CRLF, TSV, semicolons; then lists that are not. */
static void test_prices__role_users(void **state)
{
  static const char *const lists[] = {
      "\xef\xbb\xbfsolution,role,users\r\nX,Field Agent,60\r\n"
      "X,{A49DEBBA-6893-4BD0-81F3-E3AC8373BF00},12\r\nX,field agent,7\r\n"
      "\r\nX,Nobody,3\r\n",
      "role\tusers\tnote\nField Agent\t60\t\"a, b\"\n"
      "a49debba-6893-4bd0-81f3-e3ac8373bf00\t12\t\nNobody\t3\t\n",
      "users;role\n60;Field Agent\n12;a49debba-6893-4bd0-81f3-e3ac8373bf00\n"
      "3;Nobody\n",
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof(lists) / sizeof(*lists); i++) {
    rc_ctx *ctx = NULL;
    rc_role_users *u = NULL;
    const char *path = write_list(lists[i]), *key = NULL;
    unsigned long line = 0;
    assert_int_equal(rc_ctx_new(&ctx), RC_OK);
    assert_int_equal(rc_role_users_load(&u, ctx, path), RC_OK);
    assert_int_equal(rc_role_users_count(u,
                                         "{7d1c2f0a-0000-4000-8000-"
                                         "000000000001}",
                                         "FIELD AGENT"),
                     60);
    assert_int_equal(rc_role_users_count(u,
                                         "{a49debba-6893-4bd0-81f3-"
                                         "e3ac8373bf00}",
                                         "Field Agent"),
                     12);
    assert_int_equal(rc_role_users_count(u, NULL, "Supervisor"), -1);
    assert_int_equal(rc_role_users_count(NULL, NULL, "Field Agent"), -1);
    assert_int_equal(rc_role_users_unused(u, 0, &line, &key), 1);
    assert_string_equal(key, "Nobody");
    assert_string_equal(rc_role_users_file(u), path);
    rc_role_users_free(u);
    unlink(path);
    rc_ctx_free(ctx);
  }
  expect_bad_users("name,count\nA,1\n", ":1: not a users-per-role list");
  expect_bad_users("role,users\nA,many\n", ":2: users is not a whole number");
  expect_bad_users("role,users\nA,-1\n", ":2: users is not a whole number");
  expect_bad_users("role,users\nA,1.5\n", ":2: users is not a whole number");
  expect_bad_users("role,users\nA,1\n,4\n", ":3: no role");
  expect_bad_users("role,users\n\"A,1\n", "");
  expect_bad_users("", "not a users-per-role list");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_prices__built_in),
      cmocka_unit_test(test_prices__client_list),
      cmocka_unit_test(test_prices__role_cost),
      cmocka_unit_test(test_prices__what_if),
      cmocka_unit_test(test_prices__what_if_d365),
      cmocka_unit_test(test_prices__role_users),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
