/* Shared by the fuzz targets: small limits, a per-process scratch folder
 * under /tmp for inputs that must be files, a fixed sample model, and a
 * walk over a loaded model that checks the invariants model.h promises. */
#ifndef RC_FUZZ_COMMON_H
#define RC_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "rolecheck/rolecheck.h"

/* The libFuzzer entry point each fuzz_<target>.c defines. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort (a crash libFuzzer reports) when a promise of the library is
 * broken; the harness never silently ignores one. */
#define FUZZ_CHECK(expr)                                                       \
  do {                                                                         \
    if (!(expr))                                                               \
      fuzz_fail(__FILE__, __LINE__, #expr);                                    \
  } while (0)

void fuzz_fail(const char *file, int line, const char *what);

/* Read every byte of s (NULL-safe), so ASan sees a dangling or unterminated
 * string. */
void fuzz_touch(const char *s);

/* A context with the fuzzing limits: every ceiling low enough that one
 * input cannot take seconds. Free with rc_ctx_free(). */
rc_ctx *fuzz_ctx_new(void);

/* Write data to rel inside the scratch folder (parents created), replacing
 * the file. The folder and everything written are removed at exit.
 * @return the absolute path; borrowed, valid until the next call. */
const char *fuzz_write(const char *rel, const void *data, size_t size);

/* The absolute path of rel inside the scratch folder; borrowed, valid until
 * the next call of fuzz_path() or fuzz_write(). */
const char *fuzz_path(const char *rel);

/* Classify rel (in the scratch folder) as rolecheck does
 * (rc_input_list_add), load every input it holds, check each model and
 * analyse it with the built-in rule pack.
 * @return the first error (< 0) or RC_OK. */
int fuzz_load_and_check(rc_ctx *ctx, const char *rel);

/* A failed call returned a known code and left a one-line message. With
 * RC_FUZZ_VERBOSE set in the environment, the message goes to stderr. */
void fuzz_check_error(const rc_ctx *ctx, int error);

/* Check the model's invariants and touch every string it holds. */
void fuzz_check_model(const rc_model *model);

/* An empty model, as rc_model_load() starts one, for the targets that add
 * portal records directly. Free with rc_model_free(). */
rc_model *fuzz_model_new(void);

/* The built-in rule pack, loaded once. Borrowed; freed at exit. */
const rc_rulepack *fuzz_builtin_pack(void);

/* A small fixed model (roles, tables, an app), loaded once from
 * fuzz_sample_customizations. Borrowed; freed at exit. */
rc_model *fuzz_sample_model(void);

/* Analyse the models with pack and assign, check the findings and fits,
 * and apply config's suppressions when config is not NULL. */
void fuzz_analyze(rc_ctx *ctx, const rc_rulepack *pack,
                  const rc_assignments *assign, rc_model *const *models,
                  size_t count, const rc_config *config);

/* Fixed documents the targets place beside the fuzzed one. */
extern const char fuzz_sample_customizations[];
extern const char fuzz_sample_manifest[];

#endif
