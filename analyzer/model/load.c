/* The router on top of the loader: picks an input's documents, parses
 * each, and hands every event to the document kind it belongs to
 * (load_solution.c, load_role.c, load_app.c, load_portal.c, all built on
 * loader.c). It also decides what a bare XML file is, from its root. */
#include <string.h>

#include "model/load_app.h"
#include "model/load_portal.h"
#include "model/load_role.h"
#include "model/load_solution.h"
#include "parse/handler.h"
#include "parse/xml.h"
#include "source/inputs.h"
#include "util/alloc.h"
#include "util/ascii.h"
#include "util/error.h"

static int on_event(void *payload, const rc_event *ev)
{
  rc_loader *L = payload;
  switch (ev->kind) {
  case RC_EV_CMT_ENTITY:
  case RC_EV_CMT_RECORD_BEGIN:
  case RC_EV_CMT_FIELD:
  case RC_EV_CMT_RECORD_END:
  case RC_EV_CMT_M2M:
  case RC_EV_CMT_TARGET:
    return rc_load__cmt_event(L, ev);
  case RC_EV_PPC_BEGIN:
  case RC_EV_PPC_CONTENT:
  case RC_EV_PPC_NAME:
  case RC_EV_PPC_TYPE:
  case RC_EV_PPC_END:
    return rc_load__ppc_event(L, ev);
  case RC_EV_ROLE_BEGIN:
  case RC_EV_PRIVILEGE:
  case RC_EV_ROLE_AUTOASSIGNED:
  case RC_EV_ROLE_END:
    return rc_load__role_event(L, ev);
  case RC_EV_ENTITY_BEGIN:
  case RC_EV_ENTITY_NAME:
  case RC_EV_ENTITY_DISPLAY:
  case RC_EV_ENTITY_INFO:
  case RC_EV_ENTITY_OWNERSHIP:
  case RC_EV_ENTITY_ACTIVITY:
  case RC_EV_ENTITY_BPF:
  case RC_EV_ENTITY_END:
    return rc_load__entity_event(L, ev);
  case RC_EV_APP_BEGIN:
  case RC_EV_APP_NAME:
  case RC_EV_APP_DISPLAY:
  case RC_EV_APP_COMPONENT:
  case RC_EV_APP_ROLE:
  case RC_EV_APP_END:
    return rc_load__app_event(L, ev);
  case RC_EV_PROFILE_BEGIN:
  case RC_EV_FIELD_PERMISSION:
  case RC_EV_PROFILE_END:
    return rc_load__profile_event(L, ev);
  default:
    return rc_load__solution_event(L, ev);
  }
}

/* root: the element the document must start with. display (may be NULL)
 * receives a copy of the name the document was read under. */
static int parse_doc_named(rc_loader *L, rc_container *c, size_t i,
                           const char *root, char **display)
{
  rc_stream *s;
  int error = rc_loader__open_doc(L, c, i, &s);
  if (!error && display) {
    *display = rc_strndup(s->display, strlen(s->display));
    if (!*display)
      error = rc_fail_nomem(L->ctx);
  }
  if (error < 0) {
    rc_stream_close(s);
    return error;
  }
  L->doc = s->display;
  rc_loader__reset(L);
  error = rc_parse_document(L->ctx, s, root, on_event, L);
  rc_load__app_drop_open(L);
  L->doc = NULL;
  rc_stream_close(s);
  return error;
}

static int parse_doc(rc_loader *L, rc_container *c, size_t i, const char *root)
{
  return parse_doc_named(L, c, i, root, NULL);
}

/* A "<x>_managed.xml" document whose "<x>.xml" twin is present. */
static int managed_twin(const rc_container *c, const char *name)
{
  size_t n = strlen(name);
  char twin[1024];
  if (n < 12 || n >= sizeof(twin) ||
      rc_ascii_casecmp(name + n - 12, "_managed.xml"))
    return 0;
  memcpy(twin, name, n - 12);
  memcpy(twin + n - 12, ".xml", 5);
  return rc_container_find(c, twin) >= 0;
}

static int parse_named(rc_loader *L, rc_container *c, const char *rel,
                       int required, const char *root)
{
  long i = rc_container_find(c, rel);
  if (i < 0)
    return required ? rc_fail(L->ctx, RC_EINPUT, "%s: no %s", c->path, rel)
                    : RC_OK;
  return parse_doc(L, c, (size_t)i, root);
}

static int load_unpacked(rc_loader *L, rc_container *c)
{
  size_t i;
  int error = parse_named(L, c, "Other/Solution.xml", 1, "ImportExportXml");
  if (!error)
    error = parse_named(L, c, "Other/Customizations.xml", 0, "ImportExportXml");
  if (!error)
    error = parse_named(L, c, "Other/FieldSecurityProfiles.xml", 0,
                        "FieldSecurityProfiles");
  /* documents are sorted by name, so Roles/ files come in name order */
  for (i = 0; !error && i < c->ndocs; i++) {
    const char *d = c->docs[i];
    if (managed_twin(c, d))
      continue;
    if (rc_loader__doc_matches(d, "Entities", "Entity.xml"))
      error = parse_doc(L, c, i, "Entity");
    else if (rc_loader__doc_matches(d, "Roles", "*.xml"))
      error = parse_doc(L, c, i, "Role");
    else if (rc_loader__doc_matches(d, "AppModules", "AppModule.xml"))
      error = parse_doc(L, c, i, "AppModule");
    else if (rc_loader__doc_matches(d, "powerpagecomponents",
                                    "powerpagecomponent.xml"))
      error = parse_doc(L, c, i, "powerpagecomponent");
  }
  return error;
}

/* Power Pages components of a zip or extracted folder. */
static int load_components(rc_loader *L, rc_container *c)
{
  size_t i;
  int error = RC_OK;
  for (i = 0; !error && i < c->ndocs; i++) {
    if (rc_loader__doc_matches(c->docs[i], "powerpagecomponents",
                               "powerpagecomponent.xml"))
      error = parse_doc(L, c, i, "powerpagecomponent");
  }
  return error;
}

/* Configuration Migration data: data.xml holds the records. */
static int load_cmt(rc_loader *L, rc_container *c)
{
  long i = rc_container_find(c, "data.xml");
  int error;
  char *display = NULL;
  if (i < 0)
    return rc_fail(L->ctx, RC_EINPUT, "%s: no data.xml", c->path);
  /* the records are placed where the stream names data.xml
   * ("data.zip!/data.xml", "folder/data.xml") */
  error = parse_doc_named(L, c, (size_t)i, "entities", &display);
  if (!error)
    error = rc_load__cmt_place(L, display);
  rc_free(display);
  return error;
}

/* A bare XML file is a customizations.xml or a role file, as its root
 * element says. */
static int bare_file_kind(rc_ctx *ctx, rc_stream *doc, rc_input_kind *kind)
{
  char root[64];
  int error = rc_xml_root(ctx, doc, root, sizeof(root));
  if (error < 0)
    return error;
  if (!strcmp(root, "ImportExportXml")) {
    *kind = RC_INPUT_CUSTOMIZATIONS;
    return RC_OK;
  }
  if (!strcmp(root, "Role")) {
    *kind = RC_INPUT_ROLE_FILE;
    return RC_OK;
  }
  return rc_fail(ctx, RC_EINPUT,
                 "%s: not a solution file (root element <%s>, expected "
                 "<ImportExportXml> or <Role>)",
                 doc->display, root);
}

/* Declared in rolecheck/source.h; defined here, above parse, since what a
 * bare file is comes from its root element. */
int rc_input_list_add(rc_input_list *list, rc_ctx *ctx, const char *path)
{
  RC_ASSERT_ARG(ctx, list && path);
  return rc_input_list__add(list, ctx, path, bare_file_kind);
}

int rc_model_load(rc_model **out, rc_ctx *ctx, const rc_input_list *inputs,
                  size_t index)
{
  const rc_input *in;
  rc_container *c = NULL;
  rc_model *m = NULL;
  rc_loader L;
  int error;

  RC_ASSERT_ARG(ctx, out && inputs && index < inputs->count);
  in = &inputs->items[index];

  *out = NULL;
  m = rc_calloc(1, sizeof(*m));
  if (!m)
    return rc_fail_nomem(ctx);
  rc_loader__init(&L, m, ctx);
  rc_arena_init(&m->arena);
  m->solution.managed = -1;
  m->stats_hash = UINT64_C(0xcbf29ce484222325);
  m->solution.unique_name = m->solution.display_name = m->solution.version =
      m->solution.publisher = m->solution.prefix = "";
  m->path = rc_arena_strdup(&m->arena, in->path);
  if (!m->path) {
    error = rc_fail_nomem(ctx);
    goto done;
  }

  error = rc_container_open(&c, ctx, in);
  if (error < 0)
    goto done;
  switch (in->kind) {
  case RC_INPUT_ZIP:
  case RC_INPUT_EXTRACTED:
    error = parse_named(&L, c, "solution.xml", 1, "ImportExportXml");
    if (!error)
      error = parse_named(&L, c, "customizations.xml", 1, "ImportExportXml");
    if (!error)
      error = load_components(&L, c);
    break;
  case RC_INPUT_PAGES_SITE:
    error = rc_load__pages_site(&L, c);
    break;
  case RC_INPUT_CMT_DATA:
    error = load_cmt(&L, c);
    break;
  case RC_INPUT_UNPACKED:
    error = load_unpacked(&L, c);
    break;
  case RC_INPUT_CUSTOMIZATIONS:
  case RC_INPUT_ROLE_FILE:
    error = parse_doc(
        &L, c, 0, in->kind == RC_INPUT_ROLE_FILE ? "Role" : "ImportExportXml");
    break;
  }
  if (error < 0)
    goto done;
  error = rc_model__finish(m, ctx);
  if (error < 0)
    goto done;
  *out = m;
  m = NULL;
done:
  rc_loader__dispose(&L);
  rc_container_close(c);
  rc_model_free(m);
  return error;
}
