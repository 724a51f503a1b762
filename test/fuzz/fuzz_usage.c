/* Fuzz target: the bytes are a Power Platform admin center non-conformant
 * usage download (CSV, header found by column name); the bytes are also
 * sniffed, and a download that loads is walked, then read again to check
 * that files add up in order. */
#include "fuzz_common.h"

#include <string.h>

#include <rolecheck/tenant.h>

static int has_upper(const char *s)
{
  for (; *s; s++)
    if (*s >= 'A' && *s <= 'Z')
      return 1;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  rc_ctx *ctx = fuzz_ctx_new();
  rc_usage *u = NULL;
  const char *path = fuzz_write("usage.csv", data, size);
  int sniffed = rc_usage_sniff((const char *)data, size);
  int error;
  size_t i, n;
  FUZZ_CHECK(sniffed == 0 || sniffed == 1);
  FUZZ_CHECK(rc_usage_new(&u) == RC_OK);
  error = rc_usage_add_file(u, ctx, path);
  if (error < 0) {
    fuzz_check_error(ctx, error);
    FUZZ_CHECK(rc_usage_row_count(u) == 0);
    goto done;
  }
  n = rc_usage_row_count(u);
  for (i = 0; i < n; i++) {
    const rc_usage_row *r = rc_usage_row_at(u, i);
    FUZZ_CHECK(r != NULL);
    fuzz_touch(r->user);
    fuzz_touch(r->user_name);
    fuzz_touch(r->date);
    FUZZ_CHECK(r->user[0] || r->user_name[0]);
    FUZZ_CHECK(!has_upper(r->user) && !has_upper(r->table));
    FUZZ_CHECK(r->table[0] && r->operation[0]);
    FUZZ_CHECK(r->right >= RC_RIGHT_CREATE && r->right < RC_RIGHT_COUNT);
    FUZZ_CHECK(!strcmp(r->file, path));
    FUZZ_CHECK(r->line >= 2);
    FUZZ_CHECK(!i || rc_usage_row_at(u, i - 1)->line < r->line);
  }
  FUZZ_CHECK(rc_usage_row_at(u, n) == NULL);
  /* the same file again: its rows follow the first copy's */
  FUZZ_CHECK(rc_usage_add_file(u, ctx, path) == RC_OK);
  FUZZ_CHECK(rc_usage_row_count(u) == 2 * n);
  for (i = 0; i < n; i++)
    FUZZ_CHECK(rc_usage_row_at(u, n + i)->line == rc_usage_row_at(u, i)->line);
done:
  rc_usage_free(u);
  rc_ctx_free(ctx);
  return 0;
}
