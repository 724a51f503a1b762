/* JSON as events: yajl's parser, with its allocations made safe. yajl
 * does not check that an allocation succeeded, so its allocator here
 * never returns NULL: a failure jumps back to rc_json_parse(), which frees
 * every block yajl holds (kept in a list) and reports out of memory. */
#include "parse/json_events.h"

#include <setjmp.h>
#include <stddef.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "util/alloc.h"
#include "util/error.h"

/* A block of yajl's, after its link in the parser's list. */
typedef union block {
  struct {
    union block *prev, *next;
  } link;
  max_align_t align;
} block;

struct rc_json_parser {
  rc_ctx *ctx;
  const char *file;
  const char *text;
  size_t len;
  rc_json_fn fn;
  void *payload;
  yajl_handle h;
  block blocks; /* the list's head: every block yajl holds */
  jmp_buf oom;
  int error;            /* the handler's, when it stopped the parse */
  int ended;            /* in yajl_complete_parse(): at the end */
  int jumped;           /* an allocation failed: yajl's state is lost */
  size_t line_at, line; /* rc_json_line()'s last answer: line at offset */
};

/* ---- yajl's allocator ---- */

static void link_in(rc_json_parser *jp, block *b)
{
  b->link.prev = &jp->blocks;
  b->link.next = jp->blocks.link.next;
  jp->blocks.link.next->link.prev = b;
  jp->blocks.link.next = b;
}

static void link_out(block *b)
{
  b->link.prev->link.next = b->link.next;
  b->link.next->link.prev = b->link.prev;
}

static void *y_malloc(void *ctx, size_t size)
{
  rc_json_parser *jp = ctx;
  block *b = size <= (size_t)-1 - sizeof(block)
                 ? rc_malloc(sizeof(block) + size)
                 : NULL;
  if (!b)
    longjmp(jp->oom, 1);
  link_in(jp, b);
  return b + 1;
}

static void y_free(void *ctx, void *ptr)
{
  block *b;
  (void)ctx;
  if (!ptr)
    return;
  b = (block *)ptr - 1;
  link_out(b);
  rc_free(b);
}

static void *y_realloc(void *ctx, void *ptr, size_t size)
{
  rc_json_parser *jp = ctx;
  block *b, *grown;
  if (!ptr)
    return y_malloc(ctx, size);
  b = (block *)ptr - 1;
  link_out(b);
  grown = size <= (size_t)-1 - sizeof(block)
              ? rc_realloc(b, sizeof(block) + size)
              : NULL;
  if (!grown) {
    link_in(jp, b); /* still yajl's, freed with the rest */
    longjmp(jp->oom, 1);
  }
  link_in(jp, grown);
  return grown + 1;
}

/* ---- events ---- */

static int emit(rc_json_parser *jp, rc_json_type type, const void *s,
                size_t len)
{
  rc_json_event e;
  int error;
  e.type = type;
  e.s = s;
  e.len = len;
  e.parser = jp;
  error = jp->fn(jp->payload, &e);
  if (error < 0) {
    jp->error = error;
    return 0; /* yajl stops: yajl_status_client_canceled */
  }
  return 1;
}

static int on_null(void *ctx)
{
  return emit(ctx, RC_JSON_NULL, NULL, 0);
}

static int on_boolean(void *ctx, int value)
{
  return emit(ctx, value ? RC_JSON_TRUE : RC_JSON_FALSE, NULL, 0);
}

static int on_number(void *ctx, const char *s, size_t len)
{
  return emit(ctx, RC_JSON_NUMBER, s, len);
}

static int on_string(void *ctx, const unsigned char *s, size_t len)
{
  return emit(ctx, RC_JSON_STRING, s, len);
}

static int on_key(void *ctx, const unsigned char *s, size_t len)
{
  return emit(ctx, RC_JSON_KEY, s, len);
}

static int on_start_map(void *ctx)
{
  return emit(ctx, RC_JSON_START_OBJECT, NULL, 0);
}

static int on_end_map(void *ctx)
{
  return emit(ctx, RC_JSON_END_OBJECT, NULL, 0);
}

static int on_start_array(void *ctx)
{
  return emit(ctx, RC_JSON_START_ARRAY, NULL, 0);
}

static int on_end_array(void *ctx)
{
  return emit(ctx, RC_JSON_END_ARRAY, NULL, 0);
}

static const yajl_callbacks callbacks = {
    on_null,    on_boolean,     NULL,         NULL,
    on_number,  on_string,      on_start_map, on_key,
    on_end_map, on_start_array, on_end_array};

unsigned long rc_json_line(const rc_json_parser *parser)
{
  rc_json_parser *jp = (rc_json_parser *)parser;
  size_t at = jp->ended || !jp->h ? jp->len : yajl_get_bytes_consumed(jp->h);
  if (at > jp->len)
    at = jp->len;
  if (at < jp->line_at) {
    jp->line_at = 0;
    jp->line = 1;
  }
  for (; jp->line_at < at; jp->line_at++)
    jp->line += jp->text[jp->line_at] == '\n';
  return (unsigned long)jp->line;
}

/* yajl's message, without its line end and full stop. */
static int parse_error(rc_json_parser *jp)
{
  unsigned char *text = yajl_get_error(jp->h, 0, NULL, 0);
  size_t n = text ? strlen((const char *)text) : 0;
  int error;
  while (n && (text[n - 1] == '\n' || text[n - 1] == '.'))
    n--;
  error = rc_fail(jp->ctx, RC_EINPUT, "%s:%lu: %.*s", jp->file,
                  rc_json_line(jp), (int)n, text ? (const char *)text : "");
  yajl_free_error(jp->h, text);
  return error;
}

/* The parse, where an allocation that fails lands (jp is the caller's:
 * nothing this function changes after setjmp() is read after a jump). */
static int run(rc_json_parser *jp)
{
  yajl_alloc_funcs funcs;
  yajl_status status;
  if (setjmp(jp->oom)) {
    jp->jumped = 1;
    return RC_ENOMEM;
  }
  funcs.malloc = y_malloc;
  funcs.realloc = y_realloc;
  funcs.free = y_free;
  funcs.ctx = jp;
  jp->h = yajl_alloc(&callbacks, &funcs, jp);
  status = yajl_parse(jp->h, (const unsigned char *)jp->text, jp->len);
  if (status == yajl_status_ok) {
    jp->ended = 1;
    status = yajl_complete_parse(jp->h);
  }
  if (status == yajl_status_client_canceled)
    return jp->error;
  return status == yajl_status_ok ? RC_OK : parse_error(jp);
}

int rc_json_parse(rc_ctx *ctx, const char *file, const char *text, size_t len,
                  rc_json_fn fn, void *payload)
{
  rc_json_parser jp;
  int error;
  memset(&jp, 0, sizeof(jp));
  jp.ctx = ctx;
  jp.file = file;
  jp.text = text;
  jp.len = len;
  jp.fn = fn;
  jp.payload = payload;
  jp.line = 1;
  jp.blocks.link.prev = jp.blocks.link.next = &jp.blocks;
  error = run(&jp);
  if (jp.jumped) {
    /* its blocks are freed here, not by yajl */
    while (jp.blocks.link.next != &jp.blocks) {
      block *b = jp.blocks.link.next;
      link_out(b);
      rc_free(b);
    }
    return rc_fail_nomem(ctx);
  }
  yajl_free(jp.h);
  return error;
}
