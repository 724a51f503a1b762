/* A Configuration Migration data.xml or data.zip: systemuser, team and
 * role records and their many-to-many relationships, read with the SAX
 * layer into the set (rc_principals__read_cmt). */
#include <stdlib.h>
#include <string.h>

#include "model/principals_int.h"
#include "parse/xml.h"
#include "source/source.h"
#include "util/arena.h"
#include "util/error.h"

enum { E_OTHER, E_USER, E_TEAM, E_ROLE };

typedef struct {
  rc_principals *p;
  rc_ctx *ctx;
  const char *file;
  int entity;
  size_t cur;   /* the record's user, team or role: its index + 1 */
  int rel;      /* L_* of the m2mrelationship, or -1 */
  int reversed; /* the source is the relationship's second side */
  const char *source;
  char text[128];
  size_t text_len;
} cmt;

static const rc_xml_attr *attr(const rc_xml_attr *a, size_t n, const char *name)
{
  size_t i;
  for (i = 0; i < n; i++)
    if (!strcmp(a[i].name, name))
      return &a[i];
  return NULL;
}

static int attr_is(const rc_xml_attr *a, const char *s)
{
  return a && a->len == strlen(s) && !memcmp(a->value, s, a->len);
}

static int flag_of(const rc_xml_attr *a)
{
  if (attr_is(a, "True") || attr_is(a, "true") || attr_is(a, "1"))
    return 1;
  if (attr_is(a, "False") || attr_is(a, "false") || attr_is(a, "0"))
    return 0;
  return -1;
}

static int int_of(const rc_xml_attr *a, int max)
{
  if (a && a->len == 1 && a->value[0] >= '0' && a->value[0] <= '0' + max)
    return a->value[0] - '0';
  return -1;
}

/* The relationship named by a (either spelling), as L_*, or -1. */
static int rel_of(const rc_xml_attr *a)
{
  static const struct {
    const char *name;
    int kind;
  } names[] = {{"systemuserroles_association", L_USER_ROLE},
               {"systemuserroles", L_USER_ROLE},
               {"teamroles_association", L_TEAM_ROLE},
               {"teamroles", L_TEAM_ROLE},
               {"teammembership_association", L_MEMBER},
               {"teammembership", L_MEMBER}};
  size_t i;
  for (i = 0; a && i < sizeof(names) / sizeof(names[0]); i++)
    if (attr_is(a, names[i].name))
      return names[i].kind;
  return -1;
}

/* A field of the current record: plain text (names) or an id (lookups). */
static int cmt_set(cmt *c, const char **slot, int is_ref, const rc_xml_attr *v)
{
  *slot = is_ref ? rc_principals__ref(c->p, v->value, v->len)
                 : rc_principals__copy(c->p, v->value, v->len);
  return *slot ? RC_XML_SKIP : rc_fail_nomem(c->ctx);
}

static int cmt_field(cmt *c, const rc_xml_attr *a, size_t n)
{
  rc_principals *p = c->p;
  const rc_xml_attr *name = attr(a, n, "name"), *v = attr(a, n, "value");
  if (!name || !v || !c->cur)
    return RC_XML_SKIP;
  if (c->entity == E_USER) {
    user *u = &p->users[c->cur - 1];
    if (attr_is(name, "isdisabled"))
      u->pub.disabled = flag_of(v);
    else if (attr_is(name, "accessmode"))
      u->pub.access_mode = int_of(v, 5);
    else if (attr_is(name, "domainname"))
      return cmt_set(c, &u->pub.upn, 0, v);
    else if (attr_is(name, "fullname"))
      return cmt_set(c, &u->pub.full_name, 0, v);
    else if (attr_is(name, "azureactivedirectoryobjectid"))
      return cmt_set(c, &u->pub.object_id, 1, v);
    else if (attr_is(name, "applicationid"))
      return cmt_set(c, &u->pub.application_id, 1, v);
    else if (attr_is(name, "businessunitid"))
      return cmt_set(c, &u->pub.business_unit, 1, v);
  } else if (c->entity == E_TEAM) {
    team *t = &p->teams[c->cur - 1];
    if (attr_is(name, "teamtype"))
      t->pub.type = int_of(v, 3);
    else if (attr_is(name, "name"))
      return cmt_set(c, &t->pub.name, 0, v);
    else if (attr_is(name, "azureactivedirectoryobjectid"))
      return cmt_set(c, &t->pub.object_id, 1, v);
    else if (attr_is(name, "businessunitid"))
      return cmt_set(c, &t->pub.business_unit, 1, v);
  } else if (c->entity == E_ROLE) {
    role_rec *r = &p->roles[c->cur - 1];
    if (attr_is(name, "name"))
      return cmt_set(c, &r->name, 0, v);
    if (attr_is(name, "parentrootroleid"))
      return cmt_set(c, &r->root, 1, v);
    if (attr_is(name, "businessunitid"))
      return cmt_set(c, &r->bu, 1, v);
  }
  return RC_XML_SKIP;
}

static int cmt_start(void *payload, const char *name, unsigned depth,
                     const rc_xml_attr *a, size_t n, unsigned long line)
{
  cmt *c = payload;
  rc_principals *p = c->p;
  if (depth == 0) {
    if (strcmp(name, "entities"))
      return rc_fail(c->ctx, RC_EINPUT,
                     "%s:%lu: root element <%s>: not a Configuration "
                     "Migration data.xml",
                     c->file, line, name);
    return RC_XML_FOLLOW;
  }
  if (depth == 1) {
    const rc_xml_attr *en = attr(a, n, "name");
    if (strcmp(name, "entity"))
      return RC_XML_SKIP;
    c->entity = attr_is(en, "systemuser") ? E_USER
                : attr_is(en, "team")     ? E_TEAM
                : attr_is(en, "role")     ? E_ROLE
                                          : E_OTHER;
    return c->entity == E_OTHER ? RC_XML_SKIP : RC_XML_FOLLOW;
  }
  if (depth == 2)
    return !strcmp(name, "records") || !strcmp(name, "m2mrelationships")
               ? RC_XML_FOLLOW
               : RC_XML_SKIP;
  if (depth == 3 && !strcmp(name, "record")) {
    const rc_xml_attr *ida = attr(a, n, "id");
    const char *id;
    if (rc_principals__guid(p, ida ? ida->value : NULL, ida ? ida->len : 0,
                            &id) == RC_ENOMEM)
      return rc_fail_nomem(c->ctx);
    if (!id)
      return rc_fail(c->ctx, RC_EINPUT, "%s:%lu: a record without a GUID id",
                     c->file, line);
    if (c->entity == E_USER) {
      if (!rc_principals__user_new(p, id, c->file))
        return rc_fail_nomem(c->ctx);
      c->cur = p->nu;
    } else if (c->entity == E_TEAM) {
      if (!rc_principals__team_new(p, id, c->file))
        return rc_fail_nomem(c->ctx);
      c->cur = p->nt;
    } else {
      if (rc_principals__role_add(p, id, "", "", ""))
        return rc_fail_nomem(c->ctx);
      c->cur = p->nr;
    }
    return RC_XML_FOLLOW;
  }
  if (depth == 3 && !strcmp(name, "m2mrelationship")) {
    const rc_xml_attr *src = attr(a, n, "sourceid");
    int kind = rel_of(attr(a, n, "m2mrelationshipname"));
    if (kind < 0)
      kind = rel_of(attr(a, n, "m2mrelationshipschemaname"));
    c->rel = kind;
    /* which side is the source: the entity the relationship sits under */
    c->reversed = (kind == L_USER_ROLE && c->entity == E_ROLE) ||
                  (kind == L_TEAM_ROLE && c->entity == E_ROLE) ||
                  (kind == L_MEMBER && c->entity == E_TEAM);
    if (kind < 0 || (kind == L_USER_ROLE && c->entity == E_TEAM) ||
        (kind == L_TEAM_ROLE && c->entity == E_USER) ||
        (kind == L_MEMBER && c->entity == E_ROLE))
      return RC_XML_SKIP;
    if (rc_principals__guid(p, src ? src->value : NULL, src ? src->len : 0,
                            &c->source) == RC_ENOMEM)
      return rc_fail_nomem(c->ctx);
    if (!c->source)
      return rc_fail(c->ctx, RC_EINPUT,
                     "%s:%lu: an m2mrelationship without a GUID sourceid",
                     c->file, line);
    return RC_XML_FOLLOW;
  }
  if (depth == 4 && c->entity != E_OTHER && !strcmp(name, "field"))
    return cmt_field(c, a, n);
  if (depth == 4 && !strcmp(name, "targetids"))
    return RC_XML_FOLLOW;
  if (depth == 5 && !strcmp(name, "targetid")) {
    c->text_len = 0;
    return RC_XML_TEXT;
  }
  return RC_XML_SKIP;
}

static int cmt_text(void *payload, const char *s, size_t len)
{
  cmt *c = payload;
  if (len > sizeof(c->text) - c->text_len)
    len = sizeof(c->text) - c->text_len;
  memcpy(c->text + c->text_len, s, len);
  c->text_len += len;
  return RC_OK;
}

static int cmt_end(void *payload, const char *name, unsigned depth)
{
  cmt *c = payload;
  if (depth == 3 && !strcmp(name, "record"))
    c->cur = 0;
  if (depth == 5 && !strcmp(name, "targetid")) {
    const char *target, *a, *b;
    if (rc_principals__guid(c->p, c->text, c->text_len, &target) == RC_ENOMEM)
      return rc_fail_nomem(c->ctx);
    a = c->reversed ? target : c->source;
    b = c->reversed ? c->source : target;
    if (!target)
      return rc_fail(c->ctx, RC_EINPUT, "%s: a targetid that is not a GUID",
                     c->file);
    if (rc_principals__link_add(c->p, c->rel, a, b))
      return rc_fail_nomem(c->ctx);
  }
  return RC_OK;
}

int rc_principals__read_cmt(rc_principals *p, rc_ctx *ctx, const char *path,
                            int zip)
{
  static const rc_xml_handler h = {cmt_start, cmt_end, cmt_text, NULL};
  rc_container *con = NULL;
  rc_stream *s = NULL;
  cmt c;
  long doc = 0;
  int error =
      zip ? rc_zip__open(&con, ctx, path) : rc_file__open(&con, ctx, path);
  if (error < 0)
    return error;
  if (zip) {
    doc = rc_container_find(con, "data.xml");
    if (doc < 0) {
      rc_container_close(con);
      return rc_fail(ctx, RC_EINPUT,
                     "%s: no data.xml: not a Configuration Migration data "
                     "zip",
                     path);
    }
  }
  error = rc_container_open_doc(&s, ctx, con, (size_t)doc);
  if (error >= 0) {
    memset(&c, 0, sizeof(c));
    c.p = p;
    c.ctx = ctx;
    c.rel = -1;
    c.file = rc_arena_strdup(&p->arena, s->display);
    error = c.file ? rc_xml_parse(ctx, s, &h, &c) : rc_fail_nomem(ctx);
  }
  rc_stream_close(s);
  rc_container_close(con);
  return error;
}
