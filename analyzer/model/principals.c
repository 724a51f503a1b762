/* The role side of a tenant: Dataverse users and teams and the security
 * roles they hold (include/rolecheck/tenant.h): the set, its building and
 * settling, and which reader each file goes to (principals_webapi.c: Web
 * API JSON pages; principals_cmt.c: a Configuration Migration data.xml or
 * data.zip). */
#include "rolecheck/tenant.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pthread.h>
#include <stdatomic.h>

#include "model/principals_int.h"
#include "util/alloc.h"
#include "util/arena.h"
#include "util/ascii.h"
#include "util/error.h"
#include "util/sys.h"

/* JSON pages parsed at once, on two threads, before they are read in order:
 * two parsed pages in memory at most */
#define PARSE_AHEAD 2

int rc_principals_new(rc_principals **out)
{
  rc_principals *p = rc_calloc(1, sizeof(*p));
  *out = NULL;
  if (!p)
    return RC_ENOMEM;
  rc_arena_init(&p->arena);
  *out = p;
  return RC_OK;
}

static void user_dispose(user *u)
{
  rc_free(u->roles.items);
  rc_free(u->effective.items);
  rc_free(u->teams.items);
}

void rc_principals_free(rc_principals *p)
{
  size_t i;
  if (!p)
    return;
  for (i = 0; i < p->nu; i++)
    user_dispose(&p->users[i]);
  for (i = 0; i < p->nt; i++)
    rc_free(p->teams[i].roles.items);
  rc_free(p->users);
  rc_free(p->teams);
  rc_free(p->roles);
  rc_free(p->links);
  rc_arena_dispose(&p->arena);
  rc_free(p);
}

size_t rc_principals_user_count(const rc_principals *p)
{
  return p ? p->nu : 0;
}

const rc_principal_user *rc_principals_user(const rc_principals *p, size_t i)
{
  return p && i < p->nu ? &p->users[i].pub : NULL;
}

size_t rc_principals_team_count(const rc_principals *p)
{
  return p ? p->nt : 0;
}

const rc_principal_team *rc_principals_team(const rc_principals *p, size_t i)
{
  return p && i < p->nt ? &p->teams[i].pub : NULL;
}

const rc_principal_user *rc_principals_find_user(const rc_principals *p,
                                                 const char *key)
{
  size_t i, lo = 0, hi;
  char guid[37];
  int is_guid;
  if (!p || !key)
    return NULL;
  /* the users are sorted by UPN, case aside */
  hi = p->nu;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (rc_ascii_casecmp(p->users[mid].pub.upn, key) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (*key && lo < p->nu && !rc_ascii_casecmp(p->users[lo].pub.upn, key))
    return &p->users[lo].pub;
  is_guid = !rc_guid_normalize(guid, key, strlen(key));
  for (i = 0; is_guid && i < p->nu; i++)
    if (!strcmp(p->users[i].pub.id, guid) ||
        !strcmp(p->users[i].pub.object_id, guid))
      return &p->users[i].pub;
  return NULL;
}

/* The index of the record whose id (the string at offset at in each of n
 * records of size bytes, sorted by it) is id, or -1. */
static long by_id(const void *base, size_t n, size_t size, size_t at,
                  const char *id)
{
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(*(const char *const *)(const void *)((const char *)base +
                                                        mid * size + at),
                   id);
    if (!c)
      return (long)mid;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return -1;
}

static team *team_by_id(const rc_principals *p, const char *id)
{
  long i =
      by_id(p->teams, p->nt, sizeof(*p->teams), offsetof(team, pub.id), id);
  return i < 0 ? NULL : &p->teams[i];
}

const rc_principal_team *rc_principals_find_team(const rc_principals *p,
                                                 const char *team_id)
{
  char guid[37];
  team *t;
  if (!p || !team_id || rc_guid_normalize(guid, team_id, strlen(team_id)))
    return NULL;
  t = team_by_id(p, guid);
  return t ? &t->pub : NULL;
}

const rc_role_grant *rc_principals_effective_roles(const rc_principals *p,
                                                   const rc_principal_user *u,
                                                   size_t *count)
{
  const user *rec;
  *count = 0;
  if (!p || !u || !p->nu)
    return NULL;
  /* u is the pub of one of p's users: find it in constant time */
  rec = (const user *)(const void *)((const char *)u - offsetof(user, pub));
  if ((uintptr_t)rec < (uintptr_t)p->users ||
      (uintptr_t)rec >= (uintptr_t)(p->users + p->nu) ||
      ((uintptr_t)rec - (uintptr_t)p->users) % sizeof(*rec))
    return NULL;
  *count = rec->effective.n;
  return *count ? rec->effective.items : NULL;
}

/* ---- building ---- */

int rc_principals__grant_add(grants *g, const rc_role_grant *r)
{
  if (rc_array_reserve((void **)&g->items, &g->cap, g->n + 1,
                       sizeof(*g->items)))
    return RC_ENOMEM;
  g->items[g->n++] = *r;
  return RC_OK;
}

int rc_principals__str_add(strs *s, const char *v)
{
  if (rc_array_reserve((void **)&s->items, &s->cap, s->n + 1,
                       sizeof(*s->items)))
    return RC_ENOMEM;
  s->items[s->n++] = v;
  return RC_OK;
}

int rc_principals__role_add(rc_principals *p, const char *id, const char *root,
                            const char *name, const char *bu)
{
  role_rec *r;
  if (rc_array_reserve((void **)&p->roles, &p->capr, p->nr + 1,
                       sizeof(*p->roles)))
    return RC_ENOMEM;
  r = &p->roles[p->nr++];
  r->id = id;
  r->root = root;
  r->name = name;
  r->bu = bu;
  return RC_OK;
}

int rc_principals__link_add(rc_principals *p, int kind, const char *a,
                            const char *b)
{
  m2m_link *l;
  if (rc_array_reserve((void **)&p->links, &p->capl, p->nl + 1,
                       sizeof(*p->links)))
    return RC_ENOMEM;
  l = &p->links[p->nl++];
  l->kind = kind;
  l->a = a;
  l->b = b;
  return RC_OK;
}

user *rc_principals__user_new(rc_principals *p, const char *id,
                              const char *file)
{
  user *u;
  if (rc_array_reserve((void **)&p->users, &p->capu, p->nu + 1, sizeof(*u)))
    return NULL;
  u = &p->users[p->nu++];
  memset(u, 0, sizeof(*u));
  u->pub.id = id;
  u->pub.upn = u->pub.object_id = u->pub.full_name = "";
  u->pub.application_id = u->pub.business_unit = "";
  u->pub.disabled = u->pub.access_mode = -1;
  u->pub.file = file;
  u->seq = p->seq++;
  return u;
}

team *rc_principals__team_new(rc_principals *p, const char *id,
                              const char *file)
{
  team *t;
  if (rc_array_reserve((void **)&p->teams, &p->capt, p->nt + 1, sizeof(*t)))
    return NULL;
  t = &p->teams[p->nt++];
  memset(t, 0, sizeof(*t));
  t->pub.id = id;
  t->pub.name = t->pub.object_id = t->pub.business_unit = "";
  t->pub.type = -1;
  t->pub.file = file;
  t->seq = p->seq++;
  return t;
}

/* A copy of s[0..len) without surrounding spaces. */
const char *rc_principals__copy(rc_principals *p, const char *s, size_t len)
{
  while (len && rc_ascii_isspace((unsigned char)*s)) {
    s++;
    len--;
  }
  while (len && rc_ascii_isspace((unsigned char)s[len - 1]))
    len--;
  return rc_arena_strndup(&p->arena, s, len);
}

/* An id: normalised when it has a GUID's shape, else NULL into *bad. */
/* The normalised GUID s spells (white space around it aside): 1, or 0
 * when it is none. */
static int guid_text(char guid[37], const char *s, size_t len)
{
  while (len && rc_ascii_isspace((unsigned char)*s)) {
    s++;
    len--;
  }
  while (len && rc_ascii_isspace((unsigned char)s[len - 1]))
    len--;
  return !rc_guid_normalize(guid, s, len);
}

int rc_principals__guid(rc_principals *p, const char *s, size_t len,
                        const char **out)
{
  char guid[37];
  *out = NULL;
  if (!s || !guid_text(guid, s, len))
    return RC_EINPUT;
  *out = rc_arena_strdup(&p->arena, guid);
  return *out ? RC_OK : RC_ENOMEM;
}

/* A lookup or object id: normalised when it is a GUID, kept as given
 * otherwise; "" for nothing. */
const char *rc_principals__ref(rc_principals *p, const char *s, size_t len)
{
  const char *g;
  if (!s)
    return "";
  return rc_principals__guid(p, s, len, &g) == RC_EINPUT
             ? rc_principals__copy(p, s, len)
             : g;
}

/* ---- settling: merge, join, sort, publish ---- */

static int cmp_user_id(const void *a, const void *b)
{
  const user *x = a, *y = b;
  int c = strcmp(x->pub.id, y->pub.id);
  return c ? c : x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_user_upn(const void *a, const void *b)
{
  const user *x = a, *y = b;
  int c = rc_ascii_casecmp(x->pub.upn, y->pub.upn);
  return c ? c : strcmp(x->pub.id, y->pub.id);
}

/* The comparison sort_users() sorts addresses by (qsort has no payload
 * argument; settling is never done on two threads at once for one set,
 * and this is only read during that sort). */
static _Thread_local int (*cmp_users_by)(const void *, const void *);

static int cmp_user_ptr(const void *a, const void *b)
{
  return cmp_users_by(*(const user *const *)a, *(const user *const *)b);
}

static int cmp_team_id(const void *a, const void *b)
{
  const team *x = a, *y = b;
  int c = strcmp(x->pub.id, y->pub.id);
  return c ? c : x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_role(const void *a, const void *b)
{
  return strcmp(((const role_rec *)a)->id, ((const role_rec *)b)->id);
}

static int cmp_grant(const void *a, const void *b)
{
  return strcmp(((const rc_role_grant *)a)->role_id,
                ((const rc_role_grant *)b)->role_id);
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

#define FILL(into, from)                                                       \
  do {                                                                         \
    if (!*(into))                                                              \
      (into) = (from);                                                         \
  } while (0)

static const role_rec *role_by_id(const rc_principals *p, const char *id)
{
  long i =
      by_id(p->roles, p->nr, sizeof(*p->roles), offsetof(role_rec, id), id);
  return i < 0 ? NULL : &p->roles[i];
}

/* Fill each grant from the role table, sort by role id, drop repeats. */
static void grants_tidy(const rc_principals *p, grants *g)
{
  size_t i, o = 0;
  for (i = 0; i < g->n; i++) {
    rc_role_grant *r = &g->items[i];
    const role_rec *rec = role_by_id(p, r->role_id);
    if (rec) {
      FILL(r->root_role_id, rec->root);
      FILL(r->name, rec->name);
      FILL(r->business_unit, rec->bu);
    }
  }
  if (g->n)
    qsort(g->items, g->n, sizeof(*g->items), cmp_grant);
  for (i = 0; i < g->n; i++)
    if (!o || strcmp(g->items[o - 1].role_id, g->items[i].role_id))
      g->items[o++] = g->items[i];
  g->n = o;
}

static void strs_tidy(strs *s)
{
  size_t i, o = 0;
  if (s->n)
    qsort(s->items, s->n, sizeof(*s->items), cmp_str);
  for (i = 0; i < s->n; i++)
    if (!o || strcmp(s->items[o - 1], s->items[i]))
      s->items[o++] = s->items[i];
  s->n = o;
}

static int grants_append(grants *into, const grants *from)
{
  size_t i;
  for (i = 0; i < from->n; i++)
    if (rc_principals__grant_add(into, &from->items[i]))
      return RC_ENOMEM;
  return RC_OK;
}

static int merge_user(user *into, user *from)
{
  size_t i;
  FILL(into->pub.upn, from->pub.upn);
  FILL(into->pub.object_id, from->pub.object_id);
  FILL(into->pub.full_name, from->pub.full_name);
  FILL(into->pub.application_id, from->pub.application_id);
  FILL(into->pub.business_unit, from->pub.business_unit);
  if (into->pub.disabled < 0)
    into->pub.disabled = from->pub.disabled;
  if (into->pub.access_mode < 0)
    into->pub.access_mode = from->pub.access_mode;
  into->pub.incomplete |= from->pub.incomplete;
  if (grants_append(&into->roles, &from->roles))
    return RC_ENOMEM;
  for (i = 0; i < from->teams.n; i++)
    if (rc_principals__str_add(&into->teams, from->teams.items[i]))
      return RC_ENOMEM;
  return RC_OK;
}

static int merge_team(team *into, team *from)
{
  FILL(into->pub.name, from->pub.name);
  FILL(into->pub.object_id, from->pub.object_id);
  FILL(into->pub.business_unit, from->pub.business_unit);
  if (into->pub.type < 0)
    into->pub.type = from->pub.type;
  into->pub.incomplete |= from->pub.incomplete;
  return grants_append(&into->roles, &from->roles);
}

static user *user_by_id(const rc_principals *p, const char *id)
{
  long i =
      by_id(p->users, p->nu, sizeof(*p->users), offsetof(user, pub.id), id);
  return i < 0 ? NULL : &p->users[i];
}

/* Sort the users with cmp through an array of their addresses, then move
 * each once: a user record is large, and qsort would move it many times. */
static int sort_users(rc_principals *p, int (*cmp)(const void *, const void *))
{
  const user **order;
  user *sorted;
  size_t i;
  if (p->nu < 2)
    return RC_OK;
  order = rc_malloc(p->nu * sizeof(*order));
  sorted = rc_malloc(p->capu * sizeof(*sorted));
  if (!order || !sorted) {
    rc_free(order);
    rc_free(sorted);
    return RC_ENOMEM;
  }
  for (i = 0; i < p->nu; i++)
    order[i] = &p->users[i];
  cmp_users_by = cmp;
  qsort(order, p->nu, sizeof(*order), cmp_user_ptr);
  for (i = 0; i < p->nu; i++)
    sorted[i] = *order[i];
  rc_free(order);
  rc_free(p->users);
  p->users = sorted;
  return RC_OK;
}

static int settle(rc_principals *p, rc_ctx *ctx)
{
  size_t i, o;
  /* users and teams by id, each met once */
  if (sort_users(p, cmp_user_id))
    return rc_fail_nomem(ctx);
  for (i = o = 0; i < p->nu; i++) {
    user *u = &p->users[i];
    if (o && !strcmp(p->users[o - 1].pub.id, u->pub.id)) {
      if (merge_user(&p->users[o - 1], u))
        return rc_fail_nomem(ctx);
      user_dispose(u);
      continue;
    }
    if (o != i)
      p->users[o] = *u;
    o++;
  }
  p->nu = o;
  if (p->nt)
    qsort(p->teams, p->nt, sizeof(*p->teams), cmp_team_id);
  for (i = o = 0; i < p->nt; i++) {
    team *t = &p->teams[i];
    if (o && !strcmp(p->teams[o - 1].pub.id, t->pub.id)) {
      if (merge_team(&p->teams[o - 1], t))
        return rc_fail_nomem(ctx);
      rc_free(t->roles.items);
      continue;
    }
    if (o != i)
      p->teams[o] = *t;
    o++;
  }
  p->nt = o;
  /* the role table: one row per id, the first met filled by the others */
  if (p->nr)
    qsort(p->roles, p->nr, sizeof(*p->roles), cmp_role);
  for (i = o = 0; i < p->nr; i++) {
    if (o && !strcmp(p->roles[o - 1].id, p->roles[i].id)) {
      role_rec *r = &p->roles[o - 1];
      FILL(r->root, p->roles[i].root);
      FILL(r->name, p->roles[i].name);
      FILL(r->bu, p->roles[i].bu);
      continue;
    }
    p->roles[o++] = p->roles[i];
  }
  p->nr = o;
  /* data.xml's relationships (again each time: repeats are dropped) */
  for (i = 0; i < p->nl; i++) {
    const m2m_link *l = &p->links[i];
    rc_role_grant g = {l->b, "", "", "", ""};
    int error = RC_OK;
    if (l->kind == L_TEAM_ROLE) {
      team *t = team_by_id(p, l->a);
      if (t)
        error = rc_principals__grant_add(&t->roles, &g);
    } else {
      user *u = user_by_id(p, l->a);
      if (u)
        error = l->kind == L_USER_ROLE
                    ? rc_principals__grant_add(&u->roles, &g)
                    : rc_principals__str_add(&u->teams, l->b);
    }
    if (error)
      return rc_fail_nomem(ctx);
  }
  for (i = 0; i < p->nt; i++) {
    team *t = &p->teams[i];
    grants_tidy(p, &t->roles);
    t->pub.roles = t->roles.items;
    t->pub.role_count = t->roles.n;
  }
  if (sort_users(p, cmp_user_upn))
    return rc_fail_nomem(ctx);
  for (i = 0; i < p->nu; i++) {
    user *u = &p->users[i];
    size_t k, j;
    grants_tidy(p, &u->roles);
    strs_tidy(&u->teams);
    u->effective.n = 0;
    if (grants_append(&u->effective, &u->roles))
      return rc_fail_nomem(ctx);
    for (k = 0; k < u->teams.n; k++) {
      const team *t = team_by_id(p, u->teams.items[k]);
      for (j = 0; t && j < t->roles.n; j++) {
        rc_role_grant g = t->roles.items[j];
        g.team_id = t->pub.id;
        if (rc_principals__grant_add(&u->effective, &g))
          return rc_fail_nomem(ctx);
      }
    }
    u->pub.roles = u->roles.items;
    u->pub.role_count = u->roles.n;
    u->pub.teams = u->teams.items;
    u->pub.team_count = u->teams.n;
    u->pub.kinds = (*u->pub.application_id ? RC_USER_APPLICATION : 0u) |
                   (u->pub.access_mode == 4 ? RC_USER_NON_INTERACTIVE : 0u) |
                   (u->pub.access_mode == 3 ? RC_USER_SUPPORT : 0u) |
                   (u->pub.access_mode == 5 ? RC_USER_DELEGATED_ADMIN : 0u) |
                   (u->pub.disabled == 1 ? RC_USER_DISABLED : 0u);
  }
  return RC_OK;
}

/* ---- one file ---- */

/* The first bytes of the file, to tell its kind. */
static int head_of(rc_ctx *ctx, const char *path, char *buf, size_t cap,
                   size_t *got)
{
  int fd = rc_sys_open_read(path, RC_SYS_NONBLOCK);
  long n;
  *got = 0;
  if (fd < 0)
    return rc_fail(ctx, RC_EINPUT, "%s: %s", path, strerror(errno));
  n = rc_sys_read(fd, buf, cap);
  close(fd);
  if (n < 0)
    return rc_fail(ctx, RC_EINPUT, "%s: %s", path, strerror(errno));
  *got = (size_t)n;
  return RC_OK;
}

static void drop_from(rc_principals *p, size_t nu, size_t nt, size_t nr,
                      size_t nl)
{
  while (p->nu > nu)
    user_dispose(&p->users[--p->nu]);
  while (p->nt > nt)
    rc_free(p->teams[--p->nt].roles.items);
  p->nr = nr;
  p->nl = nl;
}

/* A Web API page parsed (on any thread), or the reason it is not. */
typedef struct {
  const char *path;
  rc_webapi_page *page;
  int error; /* RC_OK, or the failure, its message in message */
  char message[512];
} parsed;

/* Read and parse a JSON page (its text after a byte order mark and white
 * space, from offset skip). */
static void parse_page(parsed *pg, rc_ctx *ctx, size_t skip)
{
  pg->error = rc_principals__page_parse(ctx, pg->path, skip, &pg->page);
  if (pg->error < 0)
    snprintf(pg->message, sizeof(pg->message), "%s", rc_ctx_error(ctx));
}

/* Read one file into p, unsettled; on failure p keeps what it had. pg:
 * the file already read and parsed, when it is a JSON page, or NULL. */
static int read_one(rc_principals *p, rc_ctx *ctx, const char *path, parsed *pg)
{
  char head[256];
  size_t got, i = 0, nu, nt, nr, nl;
  const char *file;
  int error;
  RC_ASSERT_ARG(ctx, p && path);
  nu = p->nu;
  nt = p->nt;
  nr = p->nr;
  nl = p->nl;
  file = rc_arena_strdup(&p->arena, path);
  if (!file)
    return rc_fail_nomem(ctx);
  error = head_of(ctx, path, head, sizeof(head), &got);
  if (error < 0)
    return error;
  if (got >= 3 && !memcmp(head, "\xef\xbb\xbf", 3))
    i = 3;
  while (i < got && rc_ascii_isspace((unsigned char)head[i]))
    i++;
  if (got >= 4 && !memcmp(head, "PK\3\4", 4)) {
    error = rc_principals__read_cmt(p, ctx, path, 1);
  } else if (i < got && head[i] == '<') {
    error = rc_principals__read_cmt(p, ctx, path, 0);
  } else if (i < got && head[i] == '{') {
    parsed own;
    if (!pg) {
      own.path = path;
      parse_page(&own, ctx, i);
      pg = &own;
    }
    error = pg->error;
    if (pg->error < 0 && pg != &own)
      error = rc_fail(ctx, pg->error, "%s", pg->message);
    if (!error)
      error = rc_principals__page_add(p, ctx, file, pg->page);
    rc_principals__page_free(pg->page);
    pg->page = NULL;
  } else {
    error = rc_fail(ctx, RC_EINPUT,
                    "%s: neither Web API JSON nor a Configuration Migration "
                    "data.xml or data.zip",
                    path);
  }
  if (error < 0)
    drop_from(p, nu, nt, nr, nl);
  return error;
}

void rc_principals_set_jobs(rc_principals *p, unsigned jobs)
{
  if (p)
    p->one_thread = jobs == 1;
}

int rc_principals_add_file(rc_principals *p, rc_ctx *ctx, const char *path)
{
  return rc_principals_add_files(p, ctx, &path, 1);
}

/* The JSON pages of a window, parsed in parallel: the parse is most of
 * the cost of a page. */
typedef struct {
  parsed *pages;
  size_t n;
  atomic_size_t next;
} window;

/* Where a page's JSON starts: after a byte order mark and white space;
 * 0 and not JSON for anything else (then read_one() tells it). */
static int json_start(const char *path, size_t *skip)
{
  char head[256];
  size_t got, i = 0;
  rc_ctx *ctx = NULL;
  int is_json = 0;
  if (rc_ctx_new(&ctx) < 0)
    return 0;
  if (head_of(ctx, path, head, sizeof(head), &got) >= 0) {
    if (got >= 3 && !memcmp(head, "\xef\xbb\xbf", 3))
      i = 3;
    while (i < got && rc_ascii_isspace((unsigned char)head[i]))
      i++;
    is_json = i < got && head[i] == '{';
  }
  rc_ctx_free(ctx);
  *skip = i;
  return is_json;
}

static void *parse_pages(void *arg)
{
  window *w = arg;
  size_t k;
  rc_ctx *ctx = NULL;
  if (rc_ctx_new(&ctx) < 0)
    return NULL; /* the pages it leaves are read on the calling thread */
  while ((k = atomic_fetch_add(&w->next, 1)) < w->n) {
    size_t skip;
    if (json_start(w->pages[k].path, &skip))
      parse_page(&w->pages[k], ctx, skip);
    else
      w->pages[k].error = 1; /* not JSON: read_one() reads it */
  }
  rc_ctx_free(ctx);
  return NULL;
}

/* Parse pages [first, first + n) on two threads. */
static void parse_window(parsed *pages, size_t n)
{
  window w;
  pthread_t t;
  int started;
  w.pages = pages;
  w.n = n;
  atomic_init(&w.next, 0);
  started = n > 1 && !pthread_create(&t, NULL, parse_pages, &w);
  parse_pages(&w);
  if (started)
    pthread_join(t, NULL);
}

int rc_principals_add_files(rc_principals *p, rc_ctx *ctx,
                            const char *const *paths, size_t n)
{
  parsed pages[PARSE_AHEAD];
  size_t i, k;
  int error = RC_OK, settled;
  RC_ASSERT_ARG(ctx, p && (paths || !n));
  for (i = 0; i < n && !error; i += PARSE_AHEAD) {
    size_t m = n - i < PARSE_AHEAD ? n - i : PARSE_AHEAD;
    for (k = 0; k < m; k++) {
      pages[k].path = paths[i + k];
      pages[k].page = NULL;
      pages[k].error = 1; /* not parsed */
    }
    if (n > 1 && !p->one_thread)
      parse_window(pages, m);
    for (k = 0; k < m; k++) {
      parsed *pg = pages[k].error == 1 ? NULL : &pages[k];
      if (!error)
        error = read_one(p, ctx, paths[i + k], pg);
      /* read_one() may fail before it takes the tree */
      if (pg) {
        rc_principals__page_free(pg->page);
        pg->page = NULL;
      }
    }
  }
  /* merged, joined and sorted once, whatever the number of pages; after a
   * failure, its message is the one kept */
  if (error) {
    char message[512];
    snprintf(message, sizeof(message), "%s", rc_ctx_error(ctx));
    settle(p, ctx);
    return rc_fail(ctx, error, "%s", message);
  }
  settled = settle(p, ctx);
  return settled;
}
