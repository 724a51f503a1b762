/* Fuzz target: the bytes are the JSON <content> of a Power Pages component
 * (parse/record.c, jansson), added to a model both as a web role and as a
 * table permission (model/portal.c), then the model is finished, checked
 * and analysed with the built-in rule pack (the PP rules). */
#include "fuzz_common.h"
#include "model/model.h"
#include "parse/record.h"

/* Keys are set, lists NULL-terminated: what model/portal.c relies on. */
static void check_record(const rc_record *r)
{
  size_t i, k;
  for (i = 0; i < r->count; i++) {
    const rc_field *f = &r->fields[i];
    FUZZ_CHECK(f->key != NULL);
    FUZZ_CHECK(f->nlist == 0 || f->list != NULL);
    for (k = 0; k < f->nlist; k++)
      FUZZ_CHECK(f->list[k] != NULL);
    FUZZ_CHECK(!f->list || f->list[f->nlist] == NULL);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  rc_ctx *ctx = fuzz_ctx_new();
  rc_model *m = fuzz_model_new();
  rc_record rec;
  int error = rc_parse_json_record(ctx, "fuzz.json", 1, (const char *)data,
                                   size, &m->arena, &rec);
  if (error < 0) {
    fuzz_check_error(ctx, error);
    goto done;
  }
  check_record(&rec);
  error = rc_model__portal_record(m, ctx, 11, &rec, NULL, NULL, "fuzz.json",
                                  rec.line);
  if (!error)
    error = rc_model__portal_record(m, ctx, 18, &rec, NULL, NULL, "fuzz.json",
                                    rec.line);
  rc_record_dispose(&rec);
  if (!error)
    error = rc_model__finish(m, ctx);
  if (error < 0) {
    fuzz_check_error(ctx, error);
    goto done;
  }
  fuzz_check_model(m);
  fuzz_analyze(ctx, fuzz_builtin_pack(), NULL, &m, 1, NULL);
done:
  rc_model_free(m);
  rc_ctx_free(ctx);
  return 0;
}
