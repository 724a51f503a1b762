/* Dataverse Web API pages of systemusers (with systemuserroles_association
 * and teammembership_association expanded) and teams (with
 * teamroles_association), read as JSON events: a page becomes rows of the
 * fields rolecheck reads, and nothing else is kept. The parse runs on any
 * thread; the rows join the set in page order (rc_principals__page_add). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/principals_int.h"
#include "parse/json_events.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#define MAX_FILE ((size_t)64 << 20)

enum { NAV_USER_ROLES, NAV_MEMBERSHIP, NAV_TEAM_ROLES, NAVS };
static const char *const nav_names[NAVS] = {"systemuserroles_association",
                                            "teammembership_association",
                                            "teamroles_association"};

/* The fields read, at each level of a page; a key once per object. */
enum {
  /* the page */
  K_CONTEXT,
  K_VALUE,
  /* a row: strings */
  K_SYSTEMUSERID,
  K_DOMAINNAME,
  K_FULLNAME,
  K_OBJECTID,
  K_APPLICATIONID,
  K_BUSINESSUNIT,
  K_TEAMID,
  K_NAME,
  /* a row: others */
  K_ISDISABLED,
  K_ACCESSMODE,
  K_TEAMTYPE,
  K_NAV,                     /* + NAV_*: an expanded list */
  K_NEXTLINK = K_NAV + NAVS, /* + NAV_*: its next page */
  /* an item of an expanded list */
  K_ROLEID = K_NEXTLINK + NAVS,
  K_ROOTROLE,
  K_ITEM_NAME,
  K_ITEM_BUSINESSUNIT,
  K_ITEM_TEAMID,
  K_COUNT,
  K_NONE = K_COUNT
};

/* The string fields of a row and of an item, in K_* order from each's
 * first. */
#define ROW_STRINGS  (K_NAME - K_SYSTEMUSERID + 1)
#define ITEM_STRINGS (K_ITEM_TEAMID - K_ROLEID + 1)

typedef struct {
  const char *name;
  size_t len;
  int key;
} key_name;

#define KEY(s, k)                                                              \
  {                                                                            \
    s, sizeof(s) - 1, k                                                        \
  }
static const key_name page_keys[] = {KEY("@odata.context", K_CONTEXT),
                                     KEY("value", K_VALUE)};
static const key_name row_keys[] = {
    KEY("systemuserid", K_SYSTEMUSERID),
    KEY("domainname", K_DOMAINNAME),
    KEY("fullname", K_FULLNAME),
    KEY("azureactivedirectoryobjectid", K_OBJECTID),
    KEY("applicationid", K_APPLICATIONID),
    KEY("_businessunitid_value", K_BUSINESSUNIT),
    KEY("teamid", K_TEAMID),
    KEY("name", K_NAME),
    KEY("isdisabled", K_ISDISABLED),
    KEY("accessmode", K_ACCESSMODE),
    KEY("teamtype", K_TEAMTYPE),
    KEY("systemuserroles_association", K_NAV + NAV_USER_ROLES),
    KEY("teammembership_association", K_NAV + NAV_MEMBERSHIP),
    KEY("teamroles_association", K_NAV + NAV_TEAM_ROLES),
    KEY("systemuserroles_association@odata.nextLink",
        K_NEXTLINK + NAV_USER_ROLES),
    KEY("teammembership_association@odata.nextLink",
        K_NEXTLINK + NAV_MEMBERSHIP),
    KEY("teamroles_association@odata.nextLink", K_NEXTLINK + NAV_TEAM_ROLES)};
static const key_name item_keys[] = {
    KEY("roleid", K_ROLEID), KEY("_parentrootroleid_value", K_ROOTROLE),
    KEY("name", K_ITEM_NAME), KEY("_businessunitid_value", K_ITEM_BUSINESSUNIT),
    KEY("teamid", K_ITEM_TEAMID)};

/* An element of an expanded list. */
typedef struct {
  const char *s[ITEM_STRINGS]; /* NULL: absent or not a string */
  unsigned char object;
} item;

enum { NAV_ABSENT, NAV_NULL, NAV_ARRAY, NAV_OTHER };
typedef struct {
  unsigned char state, more;
  size_t first, n; /* the page's items [first, first + n) */
} nav;

/* A row of the page's value. */
typedef struct {
  const char *s[ROW_STRINGS];     /* NULL: absent or not a string */
  int disabled;                   /* -1 when absent or not a boolean */
  long long accessmode, teamtype; /* -1 when absent or not an integer */
  unsigned char object, has_userid, has_teamid;
  nav navs[NAVS];
} row;

struct rc_webapi_page {
  rc_arena arena;
  const char *context; /* @odata.context, or NULL */
  int object, value;   /* the page is an object; its value an array */
  row *rows;
  size_t nrows, caprows;
  item *items;
  size_t nitems, capitems;
};

void rc_principals__page_free(rc_webapi_page *page)
{
  if (!page)
    return;
  rc_arena_dispose(&page->arena);
  rc_free(page->rows);
  rc_free(page->items);
  rc_free(page);
}

/* ---- the parse: events to rows ---- */

enum { FR_PAGE, FR_VALUE, FR_ROW, FR_NAV, FR_ITEM };

typedef struct {
  rc_ctx *ctx;
  const char *file;
  rc_webapi_page *page;
  int frame[5];       /* FR_* of each open container read from */
  unsigned seen[5];   /* its keys read so far, one bit each */
  int depth;          /* open containers read from */
  unsigned long skip; /* open containers inside one not read from */
  int key;            /* the current object's key, K_* */
  int nav;            /* the open expanded list, NAV_* */
} reader;

static int key_of(const key_name *keys, size_t n, const char *s, size_t len)
{
  size_t i;
  for (i = 0; i < n; i++)
    if (keys[i].len == len && !memcmp(keys[i].name, s, len))
      return keys[i].key;
  return K_NONE;
}

static int push(reader *r, int frame)
{
  r->frame[r->depth] = frame;
  r->seen[r->depth] = 0;
  r->depth++;
  r->key = K_NONE;
  return RC_OK;
}

static row *row_new(reader *r, int object)
{
  rc_webapi_page *pg = r->page;
  row *w;
  if (rc_array_reserve((void **)&pg->rows, &pg->caprows, pg->nrows + 1,
                       sizeof(*pg->rows)))
    return NULL;
  w = &pg->rows[pg->nrows++];
  memset(w, 0, sizeof(*w));
  w->disabled = -1;
  w->accessmode = w->teamtype = -1;
  w->object = (unsigned char)object;
  return w;
}

static item *item_new(reader *r, int object)
{
  rc_webapi_page *pg = r->page;
  item *it;
  if (rc_array_reserve((void **)&pg->items, &pg->capitems, pg->nitems + 1,
                       sizeof(*pg->items)))
    return NULL;
  it = &pg->items[pg->nitems++];
  memset(it, 0, sizeof(*it));
  it->object = (unsigned char)object;
  pg->rows[pg->nrows - 1].navs[r->nav].n++;
  return it;
}

/* A string value kept: a copy, refused when it holds U+0000. */
static int keep(reader *r, const rc_json_event *e, const char **slot)
{
  if (memchr(e->s, '\0', e->len))
    return rc_fail(r->ctx, RC_EINPUT, "%s:%lu: a string holds U+0000", r->file,
                   rc_json_line(e->parser));
  *slot = rc_arena_strndup(&r->page->arena, e->s, e->len);
  return *slot ? RC_OK : rc_fail_nomem(r->ctx);
}

/* A JSON integer (no fraction, no exponent) that fits, else -1. */
static long long integer_of(const rc_json_event *e)
{
  char text[24];
  char *end;
  long long v;
  if (e->len == 0 || e->len >= sizeof(text) || memchr(e->s, '.', e->len) ||
      memchr(e->s, 'e', e->len) || memchr(e->s, 'E', e->len))
    return -1;
  memcpy(text, e->s, e->len);
  text[e->len] = '\0';
  v = strtoll(text, &end, 10);
  return *end ? -1 : v;
}

static int on_key(reader *r, const rc_json_event *e)
{
  int frame = r->frame[r->depth - 1];
  unsigned *seen = &r->seen[r->depth - 1];
  int key =
      frame == FR_PAGE
          ? key_of(page_keys, sizeof(page_keys) / sizeof(*page_keys), e->s,
                   e->len)
      : frame == FR_ROW
          ? key_of(row_keys, sizeof(row_keys) / sizeof(*row_keys), e->s, e->len)
          : key_of(item_keys, sizeof(item_keys) / sizeof(*item_keys), e->s,
                   e->len);
  r->key = key;
  if (key == K_NONE)
    return RC_OK;
  if (*seen & (1u << (key % 32)))
    return rc_fail(r->ctx, RC_EINPUT, "%s:%lu: duplicate key \"%.*s\"", r->file,
                   rc_json_line(e->parser), (int)e->len, e->s);
  *seen |= 1u << (key % 32);
  if (frame == FR_ROW) {
    row *w = &r->page->rows[r->page->nrows - 1];
    if (key == K_SYSTEMUSERID)
      w->has_userid = 1;
    else if (key == K_TEAMID)
      w->has_teamid = 1;
    else if (key >= K_NEXTLINK && key < K_NEXTLINK + NAVS) {
      w->navs[key - K_NEXTLINK].more = 1;
      r->key = K_NONE;
    }
  }
  return RC_OK;
}

/* A value in an object, for the key before it. */
static int on_member(reader *r, const rc_json_event *e)
{
  int frame = r->frame[r->depth - 1], key = r->key;
  int opens = e->type == RC_JSON_START_OBJECT || e->type == RC_JSON_START_ARRAY;
  r->key = K_NONE;
  if (frame == FR_PAGE && key == K_CONTEXT && e->type == RC_JSON_STRING)
    return keep(r, e, &r->page->context);
  if (frame == FR_PAGE && key == K_VALUE && e->type == RC_JSON_START_ARRAY) {
    r->page->value = 1;
    return push(r, FR_VALUE);
  }
  if (frame == FR_ROW) {
    row *w = &r->page->rows[r->page->nrows - 1];
    if (key >= K_SYSTEMUSERID && key <= K_NAME && e->type == RC_JSON_STRING)
      return keep(r, e, &w->s[key - K_SYSTEMUSERID]);
    if (key == K_ISDISABLED &&
        (e->type == RC_JSON_TRUE || e->type == RC_JSON_FALSE))
      w->disabled = e->type == RC_JSON_TRUE;
    else if (key == K_ACCESSMODE && e->type == RC_JSON_NUMBER)
      w->accessmode = integer_of(e);
    else if (key == K_TEAMTYPE && e->type == RC_JSON_NUMBER)
      w->teamtype = integer_of(e);
    else if (key >= K_NAV && key < K_NAV + NAVS) {
      nav *v = &w->navs[key - K_NAV];
      v->state = e->type == RC_JSON_NULL          ? NAV_NULL
                 : e->type == RC_JSON_START_ARRAY ? NAV_ARRAY
                                                  : NAV_OTHER;
      if (v->state == NAV_ARRAY) {
        v->first = r->page->nitems;
        r->nav = key - K_NAV;
        return push(r, FR_NAV);
      }
    }
  }
  if (frame == FR_ITEM && key >= K_ROLEID && key <= K_ITEM_TEAMID &&
      e->type == RC_JSON_STRING)
    return keep(r, e, &r->page->items[r->page->nitems - 1].s[key - K_ROLEID]);
  if (opens)
    r->skip = 1;
  return RC_OK;
}

/* An element of an array. */
static int on_element(reader *r, const rc_json_event *e)
{
  int frame = r->frame[r->depth - 1];
  int object = e->type == RC_JSON_START_OBJECT;
  if (frame == FR_VALUE ? !row_new(r, object) : !item_new(r, object))
    return rc_fail_nomem(r->ctx);
  if (object)
    return push(r, frame == FR_VALUE ? FR_ROW : FR_ITEM);
  if (e->type == RC_JSON_START_ARRAY)
    r->skip = 1;
  return RC_OK;
}

static int on_event(void *payload, const rc_json_event *e)
{
  reader *r = payload;
  int closes = e->type == RC_JSON_END_OBJECT || e->type == RC_JSON_END_ARRAY;
  if (r->skip) {
    if (e->type == RC_JSON_START_OBJECT || e->type == RC_JSON_START_ARRAY)
      r->skip++;
    else if (closes)
      r->skip--;
    return RC_OK;
  }
  if (closes) {
    r->depth--;
    r->key = K_NONE;
    return RC_OK;
  }
  if (!r->depth) { /* the document */
    if (e->type == RC_JSON_START_OBJECT) {
      r->page->object = 1;
      return push(r, FR_PAGE);
    }
    if (e->type == RC_JSON_START_ARRAY)
      r->skip = 1;
    return RC_OK;
  }
  if (e->type == RC_JSON_KEY)
    return on_key(r, e);
  switch (r->frame[r->depth - 1]) {
  case FR_VALUE:
  case FR_NAV:
    return on_element(r, e);
  default:
    return on_member(r, e);
  }
}

int rc_principals__page_parse(rc_ctx *ctx, const char *path, size_t skip,
                              rc_webapi_page **out)
{
  rc_buf text;
  reader r;
  int error;
  *out = NULL;
  memset(&r, 0, sizeof(r));
  r.ctx = ctx;
  r.file = path;
  r.key = K_NONE;
  r.page = rc_calloc(1, sizeof(*r.page));
  if (!r.page)
    return rc_fail_nomem(ctx);
  rc_arena_init(&r.page->arena);
  rc_buf_init(&text, MAX_FILE);
  error = rc_buf_read_file(&text, ctx, path, "a Web API page", RC_ELIMIT);
  if (error >= 0 && text.len < skip)
    skip = text.len; /* the file changed since its head was read */
  if (error >= 0)
    error = rc_json_parse(ctx, path, rc_buf_cstr(&text) + skip, text.len - skip,
                          on_event, &r);
  rc_buf_dispose(&text);
  if (error < 0) {
    rc_principals__page_free(r.page);
    return error;
  }
  *out = r.page;
  return RC_OK;
}

/* ---- rows to users and teams ---- */

/* 1 systemusers, 2 teams, 0 neither: @odata.context's entity set, else the
 * keys of the first row. */
static int page_kind(const rc_webapi_page *pg)
{
  const char *h = pg->context ? strchr(pg->context, '#') : NULL;
  if (!pg->object || !pg->value)
    return 0;
  if (h && !strncmp(h, "#systemusers", 12) &&
      (h[12] == '\0' || h[12] == '(' || h[12] == '/'))
    return 1;
  if (h && !strncmp(h, "#teams", 6) &&
      (h[6] == '\0' || h[6] == '(' || h[6] == '/'))
    return 2;
  if (pg->nrows && pg->rows[0].has_userid)
    return 1;
  if (pg->nrows && pg->rows[0].has_teamid)
    return 2;
  return 0;
}

static const char *copy_of(rc_principals *p, const char *s)
{
  return s ? rc_principals__copy(p, s, strlen(s)) : "";
}

static const char *ref_of(rc_principals *p, const char *s)
{
  return s ? rc_principals__ref(p, s, strlen(s)) : "";
}

/* The GUID of s (key: its field, for the message); NULL with *error. */
static const char *id_of(rc_principals *p, rc_ctx *ctx, const char *file,
                         size_t record, const char *s, const char *key,
                         int *error)
{
  const char *id;
  *error = RC_OK;
  if (rc_principals__guid(p, s, s ? strlen(s) : 0, &id) == RC_ENOMEM)
    *error = rc_fail_nomem(ctx);
  else if (!id)
    *error = rc_fail(ctx, RC_EINPUT, "%s: record %lu: no %s GUID", file,
                     (unsigned long)record, key);
  return id;
}

/* An expanded list: an error when it is there but not an array; a warning
 * (and *incomplete) when it has a next page. */
static int nav_check(rc_ctx *ctx, const char *file, size_t record, const nav *v,
                     int which, const char *who, const char *what,
                     int *incomplete)
{
  if (v->state == NAV_OTHER)
    return rc_fail(ctx, RC_EINPUT, "%s: record %lu: %s is not an array", file,
                   (unsigned long)record, nav_names[which]);
  if (v->more) {
    *incomplete = 1;
    rc_warn(ctx,
            "%s: record %lu (%s): %s has a next page that was not read: the "
            "%s are incomplete",
            file, (unsigned long)record, who, nav_names[which], what);
  }
  return RC_OK;
}

static int add_grants(rc_principals *p, rc_ctx *ctx, const char *file,
                      size_t record, const rc_webapi_page *pg, const nav *v,
                      grants *into)
{
  size_t i;
  for (i = 0; v->state == NAV_ARRAY && i < v->n; i++) {
    const item *it = &pg->items[v->first + i];
    const char *id = it->s[K_ROLEID - K_ROLEID];
    rc_role_grant g;
    memset(&g, 0, sizeof(g));
    if (!it->object || !id)
      return rc_fail(ctx, RC_EINPUT, "%s: record %lu: a role without a roleid",
                     file, (unsigned long)record);
    if (rc_principals__guid(p, id, strlen(id), &g.role_id) == RC_ENOMEM)
      return rc_fail_nomem(ctx);
    if (!g.role_id)
      return rc_fail(ctx, RC_EINPUT,
                     "%s: record %lu: roleid \"%s\" is not a GUID", file,
                     (unsigned long)record, id);
    g.root_role_id = ref_of(p, it->s[K_ROOTROLE - K_ROLEID]);
    g.name = copy_of(p, it->s[K_ITEM_NAME - K_ROLEID]);
    g.business_unit = ref_of(p, it->s[K_ITEM_BUSINESSUNIT - K_ROLEID]);
    g.team_id = "";
    if (!g.root_role_id || !g.name || !g.business_unit ||
        rc_principals__grant_add(into, &g) ||
        rc_principals__role_add(p, g.role_id, g.root_role_id, g.name,
                                g.business_unit))
      return rc_fail_nomem(ctx);
  }
  return RC_OK;
}

#define ROW_S(w, k) ((w)->s[(k)-K_SYSTEMUSERID])

static int add_user(rc_principals *p, rc_ctx *ctx, const char *file,
                    size_t record, const rc_webapi_page *pg, const row *w)
{
  const nav *teams = &w->navs[NAV_MEMBERSHIP];
  const char *id, *who;
  int error, incomplete = 0;
  size_t i;
  user *u;
  if (!w->object)
    return rc_fail(ctx, RC_EINPUT, "%s: record %lu: not a user object", file,
                   (unsigned long)record);
  id = id_of(p, ctx, file, record, ROW_S(w, K_SYSTEMUSERID), "systemuserid",
             &error);
  if (!id)
    return error;
  u = rc_principals__user_new(p, id, file);
  if (!u)
    return rc_fail_nomem(ctx);
  u->pub.upn = copy_of(p, ROW_S(w, K_DOMAINNAME));
  u->pub.full_name = copy_of(p, ROW_S(w, K_FULLNAME));
  u->pub.object_id = ref_of(p, ROW_S(w, K_OBJECTID));
  u->pub.application_id = ref_of(p, ROW_S(w, K_APPLICATIONID));
  u->pub.business_unit = ref_of(p, ROW_S(w, K_BUSINESSUNIT));
  if (!u->pub.upn || !u->pub.full_name || !u->pub.object_id ||
      !u->pub.application_id || !u->pub.business_unit)
    return rc_fail_nomem(ctx);
  if (w->disabled >= 0)
    u->pub.disabled = w->disabled;
  if (w->accessmode >= 0 && w->accessmode <= 5)
    u->pub.access_mode = (int)w->accessmode;
  who = *u->pub.upn ? u->pub.upn : id;
  error = nav_check(ctx, file, record, &w->navs[NAV_USER_ROLES], NAV_USER_ROLES,
                    who, "user's roles", &incomplete);
  if (error >= 0)
    error = add_grants(p, ctx, file, record, pg, &w->navs[NAV_USER_ROLES],
                       &u->roles);
  if (error >= 0)
    error = nav_check(ctx, file, record, teams, NAV_MEMBERSHIP, who,
                      "user's teams", &incomplete);
  u->pub.incomplete = incomplete;
  for (i = 0; error >= 0 && teams->state == NAV_ARRAY && i < teams->n; i++) {
    const item *it = &pg->items[teams->first + i];
    const char *tid =
        it->object ? id_of(p, ctx, file, record,
                           it->s[K_ITEM_TEAMID - K_ROLEID], "teamid", &error)
                   : NULL;
    if (!tid)
      return error < 0 ? error
                       : rc_fail(ctx, RC_EINPUT,
                                 "%s: record %lu: a team that is not an object",
                                 file, (unsigned long)record);
    if (rc_principals__str_add(&u->teams, tid))
      return rc_fail_nomem(ctx);
  }
  return error;
}

static int add_team(rc_principals *p, rc_ctx *ctx, const char *file,
                    size_t record, const rc_webapi_page *pg, const row *w)
{
  const char *id;
  int error, incomplete = 0;
  team *t;
  if (!w->object)
    return rc_fail(ctx, RC_EINPUT, "%s: record %lu: not a team object", file,
                   (unsigned long)record);
  id = id_of(p, ctx, file, record, ROW_S(w, K_TEAMID), "teamid", &error);
  if (!id)
    return error;
  t = rc_principals__team_new(p, id, file);
  if (!t)
    return rc_fail_nomem(ctx);
  t->pub.name = copy_of(p, ROW_S(w, K_NAME));
  t->pub.object_id = ref_of(p, ROW_S(w, K_OBJECTID));
  t->pub.business_unit = ref_of(p, ROW_S(w, K_BUSINESSUNIT));
  if (!t->pub.name || !t->pub.object_id || !t->pub.business_unit)
    return rc_fail_nomem(ctx);
  if (w->teamtype >= 0 && w->teamtype <= 3)
    t->pub.type = (int)w->teamtype;
  error =
      nav_check(ctx, file, record, &w->navs[NAV_TEAM_ROLES], NAV_TEAM_ROLES,
                *t->pub.name ? t->pub.name : id, "team's roles", &incomplete);
  t->pub.incomplete = incomplete;
  if (error < 0)
    return error;
  return add_grants(p, ctx, file, record, pg, &w->navs[NAV_TEAM_ROLES],
                    &t->roles);
}

int rc_principals__page_add(rc_principals *p, rc_ctx *ctx, const char *file,
                            const rc_webapi_page *page)
{
  int kind = page_kind(page), error = RC_OK;
  size_t i;
  if (!kind)
    return rc_fail(ctx, RC_EINPUT,
                   "%s: neither a systemusers nor a teams page of the "
                   "Dataverse Web API",
                   file);
  for (i = 0; i < page->nrows && error >= 0; i++)
    error = kind == 1 ? add_user(p, ctx, file, i + 1, page, &page->rows[i])
                      : add_team(p, ctx, file, i + 1, page, &page->rows[i]);
  return error;
}
