/* Fuzz target: the bytes are a solution .zip. It is classified and loaded as
 * rolecheck does (libzip, the inflate ring, the XML handler, portal
 * components), then every entry is opened and streamed to its end, whatever
 * the zip holds. */
#include "fuzz_common.h"
#include "source/source.h"

/* Stream every document of the zip, as the loader streams the ones it
 * reads; the limits in ctx bound entries, sizes and the ratio. */
static void read_every_entry(rc_ctx *ctx, const char *path)
{
  rc_container *c = NULL;
  size_t i;
  int error = rc_zip__open(&c, ctx, path);
  if (error < 0) {
    fuzz_check_error(ctx, error);
    FUZZ_CHECK(c == NULL);
    return;
  }
  for (i = 0; i < c->ndocs; i++) {
    rc_stream *s = NULL;
    const char *chunk;
    size_t len;
    FUZZ_CHECK(c->docs[i] && c->docs[i][0]);
    FUZZ_CHECK(rc_container_find(c, c->docs[i]) >= 0);
    error = rc_container_open_doc(&s, ctx, c, i);
    if (error < 0) {
      fuzz_check_error(ctx, error);
      continue;
    }
    do {
      error = rc_stream_next(s, ctx, &chunk, &len);
    } while (!error && len);
    if (error < 0)
      fuzz_check_error(ctx, error);
    rc_stream_close(s);
  }
  rc_container_close(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  rc_ctx *ctx = fuzz_ctx_new();
  /* a component that cannot be read is skipped, so the rest is loaded */
  rc_ctx_set_keep_going(ctx, 1);
  fuzz_write("input.zip", data, size);
  fuzz_load_and_check(ctx, "input.zip");
  read_every_entry(ctx, fuzz_path("input.zip"));
  rc_ctx_free(ctx);
  return 0;
}
