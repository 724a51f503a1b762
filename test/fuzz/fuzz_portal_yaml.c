/* Fuzz target: the bytes are a pac pages YAML file (one record, or the older
 * list of records) read by parse/record.c (libyaml); each record is added to
 * a model both as a web role and as a table permission (model/portal.c),
 * then the model is finished, checked and analysed. */
#include "fuzz_common.h"
#include "model/model.h"
#include "parse/record.h"

typedef struct {
  rc_model *m;
  rc_ctx *ctx;
  size_t records;
} target;

static int add_record(const rc_record *r, void *payload)
{
  target *t = payload;
  size_t i, k;
  int error;
  for (i = 0; i < r->count; i++) {
    const rc_field *f = &r->fields[i];
    FUZZ_CHECK(f->key != NULL);
    FUZZ_CHECK(f->nlist == 0 || f->list != NULL);
    for (k = 0; k < f->nlist; k++)
      FUZZ_CHECK(f->list[k] != NULL);
    FUZZ_CHECK(!f->list || f->list[f->nlist] == NULL);
  }
  t->records++;
  error = rc_model__portal_record(t->m, t->ctx, 11, r, NULL, NULL, "fuzz.yml",
                                  r->line);
  if (!error)
    error = rc_model__portal_record(t->m, t->ctx, 18, r, NULL, NULL, "fuzz.yml",
                                    r->line);
  return error;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  target t;
  int error;
  t.ctx = fuzz_ctx_new();
  t.m = fuzz_model_new();
  t.records = 0;
  error = rc_parse_yaml_records(t.ctx, "fuzz.yml", (const char *)data, size,
                                &t.m->arena, add_record, &t);
  if (!error)
    error = rc_model__finish(t.m, t.ctx);
  if (error < 0) {
    fuzz_check_error(t.ctx, error);
    goto done;
  }
  FUZZ_CHECK(rc_model_webrole_count(t.m) == t.records);
  fuzz_check_model(t.m);
  fuzz_analyze(t.ctx, fuzz_builtin_pack(), NULL, &t.m, 1, NULL);
done:
  rc_model_free(t.m);
  rc_ctx_free(t.ctx);
  return 0;
}
