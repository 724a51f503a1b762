/* Utilities: capped buffers, interning, arena, GUIDs, ASCII helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/escape.h"
#include "rolecheck/error.h"
#include "rolecheck/report.h"
#include "util/alloc.h"
#include "util/arena.h"
#include "util/ascii.h"
#include "util/buf.h"
#include "util/intern.h"
#include "util/sys.h"

#ifdef _WIN32
#include <windows.h>
#endif

static void test_util__buf_stops_at_cap(void **state)
{
  rc_buf b;
  (void)state;
  rc_buf_init(&b, 8);
  assert_string_equal(rc_buf_cstr(&b), "");
  assert_int_equal(rc_buf_puts(&b, "12345"), RC_OK);
  assert_int_equal(rc_buf_puts(&b, "6789"), RC_ELIMIT);
  assert_string_equal(rc_buf_cstr(&b), "12345");
  assert_int_equal(rc_buf_puts(&b, "678"), RC_OK);
  assert_int_equal(b.len, 8);
  rc_buf_clear(&b);
  assert_int_equal(b.len, 0);
  rc_buf_dispose(&b);
}

/* A failed append is remembered until the buffer is disposed, so a caller
 * that appends many pieces can check once (rc_buf_copy() gives NULL); later
 * appends still run. */
static void test_util__buf_error_is_sticky(void **state)
{
  rc_buf b;
  rc_arena arena;
  (void)state;
  rc_arena_init(&arena);
  rc_buf_init(&b, 4);
  assert_int_equal(rc_buf_error(&b), RC_OK);
  assert_string_equal(rc_buf_copy(&b, &arena), "");
  assert_int_equal(rc_buf_puts(&b, "12345"), RC_ELIMIT);
  assert_int_equal(rc_buf_puts(&b, "12"), RC_OK);
  assert_string_equal(rc_buf_cstr(&b), "12");
  assert_int_equal(rc_buf_error(&b), RC_ELIMIT);
  assert_null(rc_buf_copy(&b, &arena));
  rc_buf_clear(&b);
  assert_int_equal(rc_buf_error(&b), RC_ELIMIT);
  rc_buf_dispose(&b);
  assert_int_equal(rc_buf_error(&b), RC_OK);
  /* running out of memory while growing: the first failure is kept */
  rc_buf_init(&b, 1024);
  rc_alloc_fail_after(1);
  assert_int_equal(rc_buf_puts(&b, "abc"), RC_ENOMEM);
  rc_alloc_fail_after(0);
  assert_int_equal(rc_buf_puts(&b, "de"), RC_OK);
  assert_string_equal(rc_buf_cstr(&b), "de");
  assert_int_equal(rc_buf_error(&b), RC_ENOMEM);
  rc_buf_dispose(&b);
  rc_buf_init(&b, 1024);
  rc_buf_puts(&b, "ok");
  assert_string_equal(rc_buf_copy(&b, &arena), "ok");
  rc_buf_dispose(&b);
  rc_arena_dispose(&arena);
}

static void test_util__intern_dense_indexes(void **state)
{
  rc_intern in;
  rc_arena arena;
  size_t idx, i;
  int added;
  char key[32];
  (void)state;
  rc_intern_init(&in);
  rc_arena_init(&arena);
  for (i = 0; i < 1000; i++) {
    snprintf(key, sizeof(key), "prvRead%zu", i);
    assert_int_equal(rc_intern_add(&in, &arena, key, strlen(key), &idx, &added),
                     RC_OK);
    assert_true(added);
    assert_int_equal(idx, i);
  }
  assert_int_equal(rc_intern_add(&in, &arena, "prvRead7xyz", 8, &idx, &added),
                   RC_OK);
  assert_false(added);
  assert_int_equal(idx, 7);
  assert_int_equal(rc_intern_find(&in, "prvRead999", 10), 999);
  assert_int_equal(rc_intern_find(&in, "prvRead1000", 11), -1);
  rc_intern_dispose(&in);
  rc_arena_dispose(&arena);
}

static void test_util__arena_large_and_small(void **state)
{
  rc_arena arena;
  char *big, *small;
  (void)state;
  rc_arena_init(&arena);
  small = rc_arena_strdup(&arena, "small");
  big = rc_arena_alloc(&arena, 200000);
  assert_non_null(big);
  memset(big, 'x', 200000);
  assert_string_equal(small, "small");
  assert_string_equal(rc_arena_strndup(&arena, "abcdef", 3), "abc");
  rc_arena_dispose(&arena);
}

static void test_util__guid_normalize(void **state)
{
  char g[37];
  (void)state;
  assert_int_equal(
      rc_guid_normalize(g, "{627090FF-40A3-4053-8790-584EDC5BE201}", 38), 0);
  assert_string_equal(g, "627090ff-40a3-4053-8790-584edc5be201");
  assert_int_equal(
      rc_guid_normalize(g, " 627090ff-40a3-4053-8790-584edc5be201 ", 38), 0);
  assert_int_equal(rc_guid_normalize(g, "{627090ff-40a3}", 15), -1);
  assert_int_equal(
      rc_guid_normalize(g, "627090ff_40a3-4053-8790-584edc5be201", 36), -1);
  assert_int_equal(
      rc_guid_normalize(g, "627090fg-40a3-4053-8790-584edc5be201", 36), -1);
}

static void test_util__ascii_is_locale_free(void **state)
{
  char out[8];
  (void)state;
  assert_int_equal(rc_ascii_casecmp("Account", "aCCOUNT"), 0);
  assert_true(rc_ascii_casecmp("Account", "Accounts") < 0);
  assert_int_equal(rc_ascii_lower(out, sizeof(out), "AbC\xc3\x84", 5), 0);
  assert_string_equal(out, "abc\xc3\x84");
  assert_int_equal(rc_ascii_lower(out, sizeof(out), "12345678", 8), -1);
}

/* What f holds, as a string (a temporary file: fmemopen is POSIX only). */
static char *contents(FILE *f)
{
  static char buf[512];
  size_t n;
  rewind(f);
  n = fread(buf, 1, sizeof(buf) - 1, f);
  buf[n] = '\0';
  fclose(f);
  return buf;
}

static char *render(void (*put)(FILE *, const char *), const char *s)
{
  FILE *f = rc_sys_tmpfile();
  assert_non_null(f);
  put(f, s);
  return contents(f);
}

static char *render_cmd(const char *s, rc_esc_kind kind)
{
  FILE *f = rc_sys_tmpfile();
  assert_non_null(f);
  rc_put_cmd(f, s, kind);
  return contents(f);
}

static void test_util__ci_command_escaping(void **state)
{
  const char *s = "50% a:b,c;d]e\r\nf";
  (void)state;
  /* % first, then CR and LF; properties also : and , (GitHub) */
  assert_string_equal(render_cmd(s, RC_ESC_GITHUB_DATA),
                      "50%25 a:b,c;d]e%0D%0Af");
  assert_string_equal(render_cmd(s, RC_ESC_GITHUB_PROP),
                      "50%25 a%3Ab%2Cc;d]e%0D%0Af");
  /* Azure: %AZP25, and ; ] in properties */
  assert_string_equal(render_cmd(s, RC_ESC_AZURE_DATA),
                      "50%AZP25 a:b,c;d]e%0D%0Af");
  assert_string_equal(render_cmd(s, RC_ESC_AZURE_PROP),
                      "50%AZP25 a:b,c%3Bd%5De%0D%0Af");
  assert_string_equal(render_cmd("Außendienst", RC_ESC_GITHUB_PROP),
                      "Außendienst");
}

static void test_util__markup_escaping(void **state)
{
  rc_buf b;
  (void)state;
  assert_string_equal(render(rc_put_xml, "a<b>&\"c\x01"),
                      "a&lt;b&gt;&amp;&quot;c");
  assert_string_equal(render(rc_put_md, "a|b*c_`<x>"),
                      "a\\|b\\*c\\_\\`\\<x\\>");
  assert_string_equal(render(rc_put_csv, "=SUM(A1)"), "\"'=SUM(A1)\"");
  assert_string_equal(render(rc_put_csv, "a,\"b\""), "\"a,\"\"b\"\"\"");
  rc_buf_init(&b, 1024);
  assert_int_equal(rc_uri_encode(&b, "Roles/Sales TM!ü.xml", 21), RC_OK);
  assert_string_equal(rc_buf_cstr(&b), "Roles/Sales%20TM%21%C3%BC.xml");
  rc_buf_dispose(&b);
}

/* ---- rc_sys_run: arguments arrive as given (Windows quotes them into
 * one command line), standard error goes to the file, the exit code counts.
 * The child is this program, started with --child. ---- */

static const char *const tricky[] = {"plain",
                                     "two words",
                                     "",
                                     "say \"hi\"",
                                     "trailing\\",
                                     "back\\slash\\ and space\\",
                                     "tab\there",
                                     "\\\"quoted backslash",
                                     "--format=tar"};
#define NTRICKY (sizeof(tricky) / sizeof(tricky[0]))
static char self[4096];

static int child(int argc, char **argv)
{
  size_t i;
  fputs("child stderr\n", stderr);
  if ((size_t)argc != NTRICKY + 3) {
    int k;
    fprintf(stderr, "%d arguments:", argc);
    for (k = 2; k < argc; k++)
      fprintf(stderr, " [%s]", argv[k]);
    fputc('\n', stderr);
    return 2;
  }
  for (i = 0; i < NTRICKY; i++) {
    if (strcmp(argv[i + 2], tricky[i])) {
      fprintf(stderr, "argument %lu is [%s], not [%s]\n", (unsigned long)i,
              argv[i + 2], tricky[i]);
      return 3;
    }
  }
  return atoi(argv[argc - 1]);
}

static void test_util__run_passes_arguments(void **state)
{
  char *args[NTRICKY + 4], err[4200], line[256] = "";
  FILE *f;
  size_t i;
  int rc;
  (void)state;
  args[0] = self;
  args[1] = "--child";
  for (i = 0; i < NTRICKY; i++)
    args[i + 2] = (char *)tricky[i];
  args[NTRICKY + 2] = NULL;
  snprintf(err, sizeof(err), "%s/rolecheck-run-%lu.err", rc_sys_tmpdir(),
           rc_sys_pid());
  /* the last argument is checked, not counted: the child exits 2 */
  assert_int_equal(rc_sys_run(args, err), -1);
  args[NTRICKY + 2] = "0";
  args[NTRICKY + 3] = NULL;
  rc = rc_sys_run(args, err);
  f = fopen(err, "r");
  assert_non_null(f);
  assert_non_null(fgets(line, sizeof(line), f));
  if (rc && fgets(line, sizeof(line), f))
    fprintf(stderr, "the child said: %s", line); /* which argument */
  fclose(f);
  assert_int_equal(rc, 0);
  assert_string_equal(line, "child stderr\n");
  args[0] = "rolecheck-no-such-program";
  assert_int_equal(rc_sys_run(args, err), -1);
  remove(err);
}

/* The format table: every rc_format value has exactly one row, names are
 * unique, and a lookup by name finds the row that serves the command. */
static void test_util__format_table(void **state)
{
  unsigned seen = 0;
  size_t i, k;
  (void)state;
  assert_true(rc_format_count() > 0);
  for (i = 0; i < rc_format_count(); i++) {
    const rc_format_info *f = rc_format_at(i);
    unsigned v, serves = 0;
    assert_non_null(f);
    assert_false(seen & (1u << f->format));
    seen |= 1u << f->format;
    for (k = 0; k < i; k++)
      assert_string_not_equal(rc_format_at(k)->name, f->name);
    for (v = RC_VIEW_CHECK; v <= RC_VIEW_RULES; v <<= 1) {
      if (!rc_format_serves(f, (rc_view_kind)v))
        continue;
      serves = 1;
      assert_ptr_equal(rc_format_find(f->name, (rc_view_kind)v), f);
    }
    assert_true(serves);
    /* a --NAME FILE report of check has a label for --help */
    if (rc_format_serves(f, RC_VIEW_CHECK))
      assert_true(f->label[0] != '\0');
  }
  assert_null(rc_format_at(rc_format_count()));
  assert_int_equal(seen, (1u << (RC_FORMAT_FIT_CSV + 1)) - 1);
  assert_null(rc_format_find("tsv", RC_VIEW_CHECK));
  assert_null(rc_format_find("nope", RC_VIEW_CHECK));
}

int main(int argc, char **argv)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_util__run_passes_arguments),
      cmocka_unit_test(test_util__ci_command_escaping),
      cmocka_unit_test(test_util__markup_escaping),
      cmocka_unit_test(test_util__buf_stops_at_cap),
      cmocka_unit_test(test_util__buf_error_is_sticky),
      cmocka_unit_test(test_util__intern_dense_indexes),
      cmocka_unit_test(test_util__arena_large_and_small),
      cmocka_unit_test(test_util__guid_normalize),
      cmocka_unit_test(test_util__ascii_is_locale_free),
      cmocka_unit_test(test_util__format_table),
  };
  if (argc > 1 && !strcmp(argv[1], "--child"))
    return child(argc, argv);
#ifdef _WIN32
  GetModuleFileNameA(NULL, self, sizeof(self));
#else
  snprintf(self, sizeof(self), "%s", argv[0]);
#endif
  return cmocka_run_group_tests(tests, NULL, NULL);
}
