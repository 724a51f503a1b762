/* Power Pages sites in their three forms: powerpagecomponent.xml (a JSON
 * record per component), Configuration Migration data.xml (records linked
 * at the end of the document) and a pac pages download (YAML files). Each
 * web role and table permission becomes a portal record (model/portal.c). */
#include "model/load_portal.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/ascii.h"
#include "util/error.h"

/* A record that cannot be read: an input error, or with --keep-going a
 * warning and the component is skipped. */
static int record_error(rc_loader *L, int error)
{
  if (error == RC_EINPUT && L->ctx->keep_going) {
    rc_warn(L->ctx, "%s; skipped (--keep-going)", rc_ctx_error(L->ctx));
    return RC_OK;
  }
  return error;
}

int rc_load__ppc_event(rc_loader *L, const rc_event *ev)
{
  rc_record rec;
  int error;
  switch (ev->kind) {
  case RC_EV_PPC_BEGIN:
    L->in_ppc = 1;
    rc_loader__copy(L->ppc_id, sizeof(L->ppc_id), ev->ppc.id);
    rc_free(L->ppc_name);
    L->ppc_name = NULL;
    L->ppc_type = 0;
    L->ppc_line = ev->line;
    rc_buf_clear(&L->ppc_content);
    return RC_OK;
  case RC_EV_PPC_CONTENT:
    L->ppc_content_line = ev->line;
    rc_buf_clear(&L->ppc_content);
    error = rc_buf_put(&L->ppc_content, ev->text.s, ev->text.len);
    return error < 0 ? rc_fail_nomem(L->ctx) : RC_OK;
  case RC_EV_PPC_NAME:
    rc_free(L->ppc_name);
    L->ppc_name = rc_strndup(ev->text.s, ev->text.len);
    return L->ppc_name ? RC_OK : rc_fail_nomem(L->ctx);
  case RC_EV_PPC_TYPE:
    L->ppc_type = ev->text.len && ev->text.len < 6 ? atoi(ev->text.s) : 0;
    return RC_OK;
  default:
    break;
  }
  /* the end: only web roles (11) and table permissions (18) matter */
  L->in_ppc = 0;
  if (!L->ppc_type && !L->ppc_content.len) {
    rc_warn(L->ctx, "%s:%lu: component without content or type skipped", L->doc,
            L->ppc_line);
    return RC_OK;
  }
  if (L->ppc_type != 11 && L->ppc_type != 18)
    return RC_OK;
  error = rc_parse_json_record(L->ctx, L->doc, L->ppc_content_line,
                               rc_buf_cstr(&L->ppc_content), L->ppc_content.len,
                               &L->m->arena, &rec);
  if (error < 0)
    return record_error(L, error);
  error = rc_model__portal_record(L->m, L->ctx, L->ppc_type, &rec,
                                  L->ppc_id[0] ? L->ppc_id : NULL, L->ppc_name,
                                  L->doc, L->ppc_line);
  rc_record_dispose(&rec);
  return error;
}

static rc_cmt_pending *cmt_find(rc_loader *L, int type, const char *id)
{
  size_t i;
  for (i = 0; i < L->ncmt; i++) {
    if (L->cmt[i].type == type && !rc_ascii_casecmp(L->cmt[i].id, id))
      return &L->cmt[i];
  }
  return NULL;
}

int rc_load__cmt_event(rc_loader *L, const rc_event *ev)
{
  rc_arena *a = &L->m->arena;
  char id[64], name[128], value[4096];
  rc_cmt_pending *p;
  switch (ev->kind) {
  case RC_EV_CMT_ENTITY:
    rc_loader__copy(name, sizeof(name), ev->cmt_entity.name);
    L->cmt_type = !rc_ascii_casecmp(name, "adx_webrole")            ? 11
                  : !rc_ascii_casecmp(name, "adx_entitypermission") ? 18
                                                                    : 0;
    return RC_OK;
  case RC_EV_CMT_RECORD_BEGIN: {
    void *items = L->cmt;
    L->cmt_in_record = 0;
    if (!L->cmt_type)
      return RC_OK;
    if (rc_array_reserve(&items, &L->cmt_cap, L->ncmt + 1, sizeof(*L->cmt)) < 0)
      return rc_fail_nomem(L->ctx);
    L->cmt = items;
    p = &L->cmt[L->ncmt++];
    memset(p, 0, sizeof(*p));
    p->type = L->cmt_type;
    rc_loader__copy(p->id, sizeof(p->id), ev->cmt_record.id);
    p->record.line = ev->line;
    L->cmt_in_record = 1;
    return RC_OK;
  }
  case RC_EV_CMT_FIELD:
    if (!L->cmt_in_record || !ev->cmt_field.name.s)
      return RC_OK;
    rc_loader__copy(name, sizeof(name), ev->cmt_field.name);
    rc_loader__copy(value, sizeof(value), ev->cmt_field.value);
    return rc_record_set(&L->cmt[L->ncmt - 1].record, a, name, value) < 0
               ? rc_fail_nomem(L->ctx)
               : RC_OK;
  case RC_EV_CMT_RECORD_END:
    L->cmt_in_record = 0;
    return RC_OK;
  case RC_EV_CMT_M2M:
    rc_loader__copy(name, sizeof(name), ev->cmt_m2m.relationship);
    L->cmt_link_dir = 0;
    if (rc_ascii_casecmp(name, "adx_entitypermission_webrole"))
      return RC_OK;
    rc_loader__copy(L->cmt_source, sizeof(L->cmt_source),
                    ev->cmt_m2m.source_id);
    L->cmt_link_dir = L->cmt_type == 18 ? 1 : L->cmt_type == 11 ? 2 : 0;
    return RC_OK;
  default: /* RC_EV_CMT_TARGET */
    if (!L->cmt_link_dir)
      return RC_OK;
    rc_loader__copy(id, sizeof(id), ev->text);
    p = L->cmt_link_dir == 1 ? cmt_find(L, 18, L->cmt_source)
                             : cmt_find(L, 18, id);
    if (!p) {
      rc_warn(L->ctx, "%s:%lu: link to an unknown table permission %s", L->doc,
              ev->line, L->cmt_link_dir == 1 ? L->cmt_source : id);
      return RC_OK;
    }
    return rc_record_push(&p->record, a, "adx_entitypermission_webrole",
                          L->cmt_link_dir == 1 ? id : L->cmt_source) < 0
               ? rc_fail_nomem(L->ctx)
               : RC_OK;
  }
}

int rc_load__cmt_place(rc_loader *L, const char *display)
{
  size_t k;
  int error = RC_OK;
  for (k = 0; !error && k < L->ncmt; k++) {
    rc_cmt_pending *p = &L->cmt[k];
    error = rc_model__portal_record(L->m, L->ctx, p->type, &p->record, p->id,
                                    NULL, display, p->record.line);
  }
  return error;
}

/* The whole document into buf (YAML records are small). */
static int read_doc(rc_loader *L, rc_container *c, size_t i, rc_buf *buf,
                    char **display)
{
  rc_stream *s;
  char chunk[65536];
  size_t got;
  int error = rc_loader__open_doc(L, c, i, &s);
  *display = NULL;
  if (error < 0)
    return error;
  rc_buf_clear(buf);
  for (;;) {
    error = rc_stream_read(s, L->ctx, chunk, sizeof(chunk), &got);
    if (error < 0 || !got)
      break;
    error = rc_buf_put(buf, chunk, got);
    if (error == RC_ELIMIT)
      error = rc_fail(L->ctx, RC_ELIMIT,
                      "%s: larger than %u bytes "
                      "(--max-text)",
                      s->display, L->ctx->limits.max_text_len);
    else if (error < 0)
      error = rc_fail_nomem(L->ctx);
    if (error < 0)
      break;
  }
  if (!error) {
    *display = rc_strndup(s->display, strlen(s->display));
    if (!*display)
      error = rc_fail_nomem(L->ctx);
  }
  rc_stream_close(s);
  return error;
}

typedef struct {
  rc_loader *L;
  int type;
  const char *display;
} yaml_target;

static int add_yaml_record(const rc_record *record, void *payload)
{
  yaml_target *t = payload;
  return rc_model__portal_record(t->L->m, t->L->ctx, t->type, record, NULL,
                                 NULL, t->display, record->line);
}

int rc_load__pages_site(rc_loader *L, rc_container *c)
{
  rc_buf buf;
  size_t i;
  int error = RC_OK;
  rc_buf_init(&buf, L->ctx->limits.max_text_len);
  for (i = 0; !error && i < c->ndocs; i++) {
    const char *d = c->docs[i];
    yaml_target t;
    char *display;
    t.type = rc_loader__doc_matches(d, "web-roles", "*.yml") ||
                     !rc_ascii_casecmp(d, "webrole.yml")
                 ? 11
             : rc_loader__doc_matches(d, "table-permissions", "*.yml") ? 18
                                                                       : 0;
    if (!t.type)
      continue;
    error = read_doc(L, c, i, &buf, &display);
    if (error < 0)
      break;
    t.L = L;
    t.display = display;
    error = rc_parse_yaml_records(L->ctx, display, rc_buf_cstr(&buf), buf.len,
                                  &L->m->arena, add_yaml_record, &t);
    error = record_error(L, error);
    rc_free(display);
  }
  rc_buf_dispose(&buf);
  return error;
}
