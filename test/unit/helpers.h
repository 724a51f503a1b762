/* What several unit tests share: one input loaded and analysed with the
 * built-in rules, and a text written to a temporary file. */
#ifndef RC_TEST_UNIT_HELPERS_H
#define RC_TEST_UNIT_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "rolecheck/rolecheck.h"
#include "util/sys.h"

/* One input, loaded, with the built-in rules' set-up. */
typedef struct {
  rc_ctx *ctx;
  rc_model *model;
  rc_setup setup;
  rc_analysis *an;
} loaded;

static inline void load_one(loaded *l, const char *path)
{
  rc_input_list *list;
  rc_setup_options opts = RC_SETUP_OPTIONS_INIT;
  opts.no_config = 1;
  assert_int_equal(rc_ctx_new(&l->ctx), RC_OK);
  assert_int_equal(rc_input_list_new(&list), RC_OK);
  assert_int_equal(rc_input_list_add(list, l->ctx, path), RC_OK);
  assert_int_equal(rc_model_load(&l->model, l->ctx, list, 0), RC_OK);
  rc_input_list_free(list);
  assert_int_equal(rc_setup_load(&l->setup, l->ctx, &opts), RC_OK);
  assert_int_equal(
      rc_analyze(&l->an, l->ctx, l->setup.pack, l->setup.assign, &l->model, 1),
      RC_OK);
}

static inline void unload_one(loaded *l)
{
  rc_analysis_free(l->an);
  rc_setup_dispose(&l->setup);
  rc_model_free(l->model);
  rc_ctx_free(l->ctx);
}

/* text written to a new temporary file "<tmp>/<prefix>-XXXXXX" (the path
 * is the test's to unlink), into path[cap]. */
static inline void write_temp(char *path, size_t cap, const char *prefix,
                              const char *text)
{
  FILE *f;
  int fd;
  snprintf(path, cap, "%s/%s-XXXXXX", rc_sys_tmpdir(), prefix);
  fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
  assert_int_equal(fclose(f), 0);
}

#endif
