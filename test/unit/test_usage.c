/* The Power Platform admin center's non-conformant usage download: the
 * reader on fixtures/users (header spellings, combined cells, skipped
 * rows, files adding up), recognising it by content, bad input, and each
 * allocation failing in turn. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rolecheck/rolecheck.h"
#include "util/alloc.h"
#include "util/sys.h"

#define USERS RC_FIXTURES "/users/"

static size_t warnings;
static char warned[4096]; /* every warning, one a line */
static void count_warning(const char *message, void *payload)
{
  size_t n = strlen(warned);
  (void)payload;
  warnings++;
  snprintf(warned + n, sizeof(warned) - n, "%s\n", message);
}

/* A scratch folder for the inputs no fixture holds. */
static char scratch[512];

static int setup(void **state)
{
  (void)state;
  snprintf(scratch, sizeof(scratch), "%s/rolecheck-usage-XXXXXX",
           rc_sys_tmpdir());
  return rc_sys_mkdtemp(scratch) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
  (void)state;
  rc_sys_rmtree(scratch);
  return 0;
}

static const char *write_scratch(const char *name, const char *text)
{
  static char path[1024];
  FILE *f;
  snprintf(path, sizeof(path), "%s/%s", scratch, name);
  f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
  assert_int_equal(fclose(f), 0);
  return path;
}

static rc_ctx *ctx_new(void)
{
  rc_ctx *ctx = NULL;
  assert_int_equal(rc_ctx_new(&ctx), RC_OK);
  warnings = 0;
  warned[0] = '\0';
  rc_ctx_set_warn(ctx, count_warning, NULL);
  return ctx;
}

static void expect_row(const rc_usage *u, size_t i, const char *user,
                       const char *user_name, const char *table, rc_right right,
                       const char *operation, const char *date,
                       const char *file, unsigned long line)
{
  const rc_usage_row *r = rc_usage_row_at(u, i);
  assert_non_null(r);
  assert_string_equal(r->user, user);
  assert_string_equal(r->user_name, user_name);
  assert_string_equal(r->table, table);
  assert_int_equal(r->right, right);
  assert_string_equal(r->operation, operation);
  assert_string_equal(r->date, date);
  assert_string_equal(r->file, file);
  assert_int_equal(r->line, line);
}

#define NONCONFORMANT USERS "usage-nonconformant.csv"
#define SEMICOLON     USERS "usage-semicolon.csv"

/* The rows of usage-nonconformant.csv, from row `first` of u on. */
static void expect_nonconformant(const rc_usage *u, size_t first)
{
  expect_row(u, first, "ann@contoso.com", "Ann Lee", "incident",
             RC_RIGHT_CREATE, "Create", "2021-03-02", NONCONFORMANT, 2);
  /* the UPN in another case; Update is Write */
  expect_row(u, first + 1, "ann@contoso.com", "Ann Lee", "opportunity",
             RC_RIGHT_WRITE, "Update", "2021-03-02", NONCONFORMANT, 3);
  expect_row(u, first + 2, "dan@contoso.com", "Dan Mohr", "msdyn_workorder",
             RC_RIGHT_WRITE, "Write", "2021-03-03", NONCONFORMANT, 4);
  /* a quoted name with a comma; operation and table in one cell */
  expect_row(u, first + 3, "ann@contoso.com", "Lee, Ann", "msdyn_projecttask",
             RC_RIGHT_CREATE, "Create", "2021-03-04", NONCONFORMANT, 5);
  /* line 6 has no user; the table lower-cased, the operation as written */
  expect_row(u, first + 4, "dan@contoso.com", "Dan Mohr", "opportunity",
             RC_RIGHT_DELETE, "delete", "2021-03-05", NONCONFORMANT, 7);
}

static void expect_semicolon(const rc_usage *u, size_t first)
{
  expect_row(u, first, "dan@contoso.com", "Dan Mohr", "quote", RC_RIGHT_CREATE,
             "Create", "2021-04-01 09:15:00Z", SEMICOLON, 2);
  /* operation and table in the table column, the operation column empty */
  expect_row(u, first + 1, "dan@contoso.com", "Dan Mohr", "msdyn_project",
             RC_RIGHT_ASSIGN, "Assign", "2021-04-01 09:20:00Z", SEMICOLON, 3);
  /* "Append To" is AppendTo, not Append of a table "to" */
  expect_row(u, first + 2, "ann@contoso.com", "Ann Lee", "account",
             RC_RIGHT_APPENDTO, "Append To", "2021-04-02 14:00:00Z", SEMICOLON,
             4);
  /* lines 5 (no table) and 6 (Export) skipped, 7 empty; a user named
   * only by name */
  expect_row(u, first + 3, "", "Dan Mohr", "msdyn_workorder", RC_RIGHT_SHARE,
             "Share", "2021-04-03 08:00:00Z", SEMICOLON, 8);
}

static void test_usage__nonconformant(void **state)
{
  rc_ctx *ctx = ctx_new();
  rc_usage *u = NULL;
  (void)state;
  assert_int_equal(rc_usage_new(&u), RC_OK);
  assert_int_equal(rc_usage_add_file(u, ctx, NONCONFORMANT), RC_OK);
  assert_int_equal(rc_usage_row_count(u), 5);
  expect_nonconformant(u, 0);
  assert_null(rc_usage_row_at(u, 5));
  assert_int_equal(warnings, 1);
  assert_non_null(
      strstr(warned, "usage-nonconformant.csv:6: no user: row skipped\n"));
  rc_usage_free(u);
  rc_ctx_free(ctx);
}

static void test_usage__semicolon_bom_crlf(void **state)
{
  rc_ctx *ctx = ctx_new();
  rc_usage *u = NULL;
  (void)state;
  assert_int_equal(rc_usage_new(&u), RC_OK);
  assert_int_equal(rc_usage_add_file(u, ctx, SEMICOLON), RC_OK);
  assert_int_equal(rc_usage_row_count(u), 4);
  expect_semicolon(u, 0);
  assert_int_equal(warnings, 2);
  assert_non_null(
      strstr(warned, "usage-semicolon.csv:5: no table: row skipped\n"));
  assert_non_null(strstr(warned, "usage-semicolon.csv:6: operation \"Export\" "
                                 "is not Create, Read, Write, Update, Delete, "
                                 "Append, AppendTo, Assign or Share: row "
                                 "skipped\n"));
  rc_usage_free(u);
  rc_ctx_free(ctx);
}

static void test_usage__empty_is_no_usage(void **state)
{
  rc_ctx *ctx = ctx_new();
  rc_usage *u = NULL;
  (void)state;
  assert_int_equal(rc_usage_new(&u), RC_OK);
  assert_int_equal(rc_usage_add_file(u, ctx, USERS "usage-empty.csv"), RC_OK);
  assert_int_equal(rc_usage_add_file(u, ctx, write_scratch("zero.csv", "")),
                   RC_OK);
  assert_int_equal(
      rc_usage_add_file(u, ctx, write_scratch("bom.csv", "\xef\xbb\xbf\r\n")),
      RC_OK);
  assert_int_equal(rc_usage_row_count(u), 0);
  assert_int_equal(warnings, 0);
  rc_usage_free(u);
  rc_ctx_free(ctx);
}

static void test_usage__files_add_up_in_order(void **state)
{
  rc_ctx *ctx = ctx_new();
  rc_usage *u = NULL;
  (void)state;
  assert_int_equal(rc_usage_new(&u), RC_OK);
  assert_int_equal(rc_usage_add_file(u, ctx, SEMICOLON), RC_OK);
  assert_int_equal(rc_usage_add_file(u, ctx, USERS "usage-empty.csv"), RC_OK);
  assert_int_equal(rc_usage_add_file(u, ctx, NONCONFORMANT), RC_OK);
  assert_int_equal(rc_usage_row_count(u), 9);
  expect_semicolon(u, 0);
  expect_nonconformant(u, 4);
  assert_int_equal(warnings, 3);
  rc_usage_free(u);
  assert_int_equal(rc_usage_row_count(NULL), 0);
  assert_null(rc_usage_row_at(NULL, 0));
  rc_usage_free(NULL);
  rc_ctx_free(ctx);
}

/* A bare "User" column: a value without '@' is the user's name. */
static void test_usage__bare_user_column(void **state)
{
  rc_ctx *ctx = ctx_new();
  rc_usage *u = NULL;
  const char *path = write_scratch("bare-user.csv", "User,Entity,Operation\n"
                                                    "Ann Lee,incident,Create\n"
                                                    "Ann@Contoso.com,incident,"
                                                    "Read\n");
  (void)state;
  assert_int_equal(rc_usage_new(&u), RC_OK);
  assert_int_equal(rc_usage_add_file(u, ctx, path), RC_OK);
  assert_int_equal(rc_usage_row_count(u), 2);
  expect_row(u, 0, "", "Ann Lee", "incident", RC_RIGHT_CREATE, "Create", "",
             path, 2);
  expect_row(u, 1, "ann@contoso.com", "", "incident", RC_RIGHT_READ, "Read", "",
             path, 3);
  assert_int_equal(warnings, 0);
  rc_usage_free(u);
  rc_ctx_free(ctx);
}

static int sniff_file(const char *name)
{
  char path[1024], data[8192];
  size_t n;
  FILE *f;
  snprintf(path, sizeof(path), USERS "%s", name);
  f = fopen(path, "rb");
  assert_non_null(f);
  n = fread(data, 1, sizeof(data), f);
  fclose(f);
  return rc_usage_sniff(data, n);
}

static int sniff(const char *text)
{
  return rc_usage_sniff(text, strlen(text));
}

static void test_usage__sniff(void **state)
{
  (void)state;
  assert_int_equal(sniff_file("usage-nonconformant.csv"), 1);
  assert_int_equal(sniff_file("usage-semicolon.csv"), 1);
  assert_int_equal(sniff_file("usage-empty.csv"), 1);
  assert_int_equal(sniff_file("bad-usage-no-table.csv"), 0);
  /* the licence exports, the role side */
  assert_int_equal(sniff_file("semicolon-bom.csv"), 0);
  assert_int_equal(sniff_file("comma-quoted.csv"), 0);
  assert_int_equal(sniff_file("graph-page1.json"), 0);
  assert_int_equal(sniff_file("cmt-data.xml"), 0);
  assert_int_equal(sniff(""), 0);
  assert_int_equal(rc_usage_sniff(NULL, 0), 0);
  /* quoted names, a delimiter inside quotes, no line end */
  assert_int_equal(sniff("\"User principal name\",\"Entity\""), 1);
  assert_int_equal(sniff("\"Entity, Operation\",Date\nann,incident\n"), 0);
  /* one combined column; a name alone; only the first line counts */
  assert_int_equal(sniff("Name;Operation\r\n"), 1);
  assert_int_equal(sniff("Date,Operation\nuser,Create account\n"), 0);
  /* a users export that happens to carry an entity column */
  assert_int_equal(sniff("User principal name,Licenses,Entity\n"), 0);
}

/* path is refused with code, naming path and saying says in one line;
 * the set keeps the rows read before. */
static void expect_bad(const char *path, int code, const char *says)
{
  rc_ctx *ctx = ctx_new();
  rc_usage *u = NULL;
  const char *msg;
  assert_int_equal(rc_usage_new(&u), RC_OK);
  assert_int_equal(rc_usage_add_file(u, ctx, NONCONFORMANT), RC_OK);
  assert_int_equal(rc_usage_add_file(u, ctx, path), code);
  msg = rc_ctx_error(ctx);
  assert_non_null(strstr(msg, path));
  assert_non_null(strstr(msg, says));
  assert_null(strchr(msg, '\n'));
  assert_int_equal(rc_usage_row_count(u), 5);
  expect_nonconformant(u, 0);
  rc_usage_free(u);
  rc_ctx_free(ctx);
}

static void test_usage__bad_input(void **state)
{
  char big[1024];
  FILE *f;
  (void)state;
  expect_bad(USERS "bad-usage-no-table.csv", RC_EINPUT,
             "bad-usage-no-table.csv:1: no table or operation column (");
  expect_bad(write_scratch("no-user.csv", "Date,Entity,Operation\n"
                                          "2021-03-02,incident,Create\n"),
             RC_EINPUT, "no-user.csv:1: no user column (");
  expect_bad(USERS "cmt-data.xml", RC_EINPUT,
             "no user column and no table or operation column");
  /* rows before the bad record are dropped with the file */
  expect_bad(write_scratch("unterminated.csv",
                           "UPN,Entity,Operation\n"
                           "ann@contoso.com,incident,Create\n"
                           "ann@contoso.com,\"incident,Create\n"),
             RC_EINPUT, "unterminated.csv:3: a quoted field is not closed");
  expect_bad(USERS "no-such-file.csv", RC_EINPUT, "no-such-file.csv");
  snprintf(big, sizeof(big), "%s/big.csv", scratch);
  f = fopen(big, "wb");
  assert_non_null(f);
  assert_int_equal(fseek(f, 64L << 20, SEEK_SET), 0);
  assert_int_equal(fputc('\n', f), '\n');
  assert_int_equal(fclose(f), 0);
  expect_bad(big, RC_ELIMIT, "larger than 67108864 bytes");
}

/* Each allocation of a read fails in turn: RC_ENOMEM, and the set keeps
 * the rows of the file read before, until the read needs no more (ASan
 * and valgrind see the leaks). */
static void test_usage__out_of_memory(void **state)
{
  rc_ctx *ctx = ctx_new();
  rc_usage *u = NULL;
  unsigned long n;
  int error = RC_ENOMEM;
  (void)state;
  rc_alloc_fail_after(1);
  assert_int_equal(rc_usage_new(&u), RC_ENOMEM);
  rc_alloc_fail_after(0);
  assert_null(u);
  assert_int_equal(rc_usage_new(&u), RC_OK);
  assert_int_equal(rc_usage_add_file(u, ctx, SEMICOLON), RC_OK);
  for (n = 1; error == RC_ENOMEM; n++) {
    rc_alloc_fail_after(n);
    error = rc_usage_add_file(u, ctx, NONCONFORMANT);
    rc_alloc_fail_after(0);
    if (error == RC_ENOMEM) {
      assert_string_equal(rc_ctx_error(ctx), "out of memory");
      assert_int_equal(rc_usage_row_count(u), 4);
    } else {
      assert_int_equal(error, RC_OK);
    }
  }
  assert_true(n > 2);
  assert_int_equal(rc_usage_row_count(u), 9);
  expect_semicolon(u, 0);
  expect_nonconformant(u, 4);
  rc_usage_free(u);
  rc_ctx_free(ctx);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_usage__nonconformant),
      cmocka_unit_test(test_usage__semicolon_bom_crlf),
      cmocka_unit_test(test_usage__empty_is_no_usage),
      cmocka_unit_test(test_usage__files_add_up_in_order),
      cmocka_unit_test(test_usage__bare_user_column),
      cmocka_unit_test(test_usage__sniff),
      cmocka_unit_test(test_usage__bad_input),
      cmocka_unit_test(test_usage__out_of_memory),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
