/* The loader's shared state and the helpers every document kind uses:
 * spans into model values, role keys, the files read. */
#include "model/loader.h"

#include <string.h>

#include "util/alloc.h"
#include "util/ascii.h"
#include "util/error.h"

void rc_loader__init(rc_loader *L, rc_model *m, rc_ctx *ctx)
{
  memset(L, 0, sizeof(*L));
  rc_buf_init(&L->ppc_content, ctx->limits.max_text_len);
  L->m = m;
  L->ctx = ctx;
  L->role = L->app = L->profile = -1;
}

void rc_loader__dispose(rc_loader *L)
{
  size_t i;
  rc_buf_dispose(&L->ppc_content);
  rc_free(L->ppc_name);
  L->ppc_name = NULL;
  for (i = 0; i < L->ncmt; i++)
    rc_record_dispose(&L->cmt[i].record);
  rc_free(L->cmt);
  L->cmt = NULL;
  L->ncmt = L->cmt_cap = 0;
}

void rc_loader__reset(rc_loader *L)
{
  L->role = -1;
  L->app = -1;
  L->profile = -1;
  L->in_entity = 0;
}

char *rc_loader__dup(const rc_loader *L, rc_span span)
{
  return rc_arena_strndup(&L->m->arena, span.s ? span.s : "",
                          span.s ? span.len : 0);
}

int rc_loader__flag(rc_span span)
{
  const char *s = span.s;
  size_t len = span.len;
  if (!s)
    return -1;
  if (len == 1 && s[0] == '1')
    return 1;
  if (len == 1 && s[0] == '0')
    return 0;
  if (len == 4 && !strncmp(s, "true", 4))
    return 1;
  if (len == 5 && !strncmp(s, "false", 5))
    return 0;
  return -1;
}

void rc_loader__copy(char *dst, size_t cap, rc_span span)
{
  const char *s = span.s;
  size_t len = span.len;
  if (!s || len >= cap)
    len = 0;
  if (s && len)
    memcpy(dst, s, len);
  dst[len] = '\0';
}

int rc_loader__is_1033(rc_span code)
{
  return code.s && code.len == 4 && !strncmp(code.s, "1033", 4);
}

int rc_loader__is_table_type(rc_span type)
{
  return type.s && type.len == 1 && type.s[0] == '1';
}

void rc_loader__role_key(char *key, size_t cap, const char *id, size_t len)
{
  if (len && rc_guid_normalize(key, id, len) == 0)
    return;
  if (len >= 2 && id[0] == '{' && id[len - 1] == '}') {
    id++;
    len -= 2;
  }
  if (rc_ascii_lower(key, cap, id, len) < 0)
    key[0] = '\0';
}

/* Remember the file document i of c is read from. */
static int note_file(rc_loader *L, const rc_container *c, size_t i)
{
  char *file = rc_container_doc_file(c, i);
  int error;
  if (!file)
    return rc_fail_nomem(L->ctx);
  error = rc_model__add_file(L->m, L->ctx, file);
  rc_free(file);
  return error;
}

int rc_loader__open_doc(rc_loader *L, rc_container *c, size_t i,
                        rc_stream **out)
{
  int error = rc_container_open_doc(out, L->ctx, c, i);
  if (!error)
    error = note_file(L, c, i);
  if (error < 0) {
    rc_stream_close(*out);
    *out = NULL;
  }
  return error;
}

int rc_loader__doc_matches(const char *name, const char *dir, const char *file)
{
  size_t dl = strlen(dir);
  const char *rest, *slash;
  char head[64];
  if (strlen(name) <= dl || name[dl] != '/' || dl >= sizeof(head))
    return 0;
  memcpy(head, name, dl);
  head[dl] = '\0';
  if (rc_ascii_casecmp(head, dir))
    return 0;
  rest = name + dl + 1;
  slash = strchr(rest, '/');
  if (file[0] == '*') {
    /* "*.xml": any file with that extension directly in dir */
    size_t n = strlen(rest), e = strlen(file + 1);
    return !slash && n > e && !rc_ascii_casecmp(rest + n - e, file + 1);
  }
  return slash && !strchr(slash + 1, '/') && !rc_ascii_casecmp(slash + 1, file);
}
