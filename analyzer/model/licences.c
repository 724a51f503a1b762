/* The users of tenant exports and the licences they hold: the admin
 * center's "Export users" CSV and Microsoft Graph users JSON, merged and
 * sorted by UPN (include/rolecheck/tenant.h). */
#include "rolecheck/tenant.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "model/licence.h"
#include "util/alloc.h"
#include "util/arena.h"
#include "util/ascii.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/error.h"
#include "util/sys.h"

#define MAX_FILE     ((size_t)64 << 20) /* an export of 500,000 users is less */
#define MAX_PIECES   512 /* '+'-joined names in one Licenses cell */
#define MAX_DISABLED 256

typedef struct {
  const char **items;
  size_t n, cap;
} list;

typedef struct {
  rc_licence_holder pub;
  list skus, unknown;
  size_t seq; /* order of reading: the first met wins a merge */
} user;

struct rc_licences {
  rc_arena arena;
  user *users;
  size_t n, cap, seq;
  size_t deleted;
};

int rc_licences_new(rc_licences **out)
{
  rc_licences *l = rc_calloc(1, sizeof(*l));
  *out = NULL;
  if (!l)
    return RC_ENOMEM;
  rc_arena_init(&l->arena);
  *out = l;
  return RC_OK;
}

void rc_licences_free(rc_licences *l)
{
  size_t i;
  if (!l)
    return;
  for (i = 0; i < l->n; i++) {
    rc_free(l->users[i].skus.items);
    rc_free(l->users[i].unknown.items);
  }
  rc_free(l->users);
  rc_arena_dispose(&l->arena);
  rc_free(l);
}

size_t rc_licences_user_count(const rc_licences *l)
{
  return l ? l->n : 0;
}

const rc_licence_holder *rc_licences_user(const rc_licences *l, size_t i)
{
  return l && i < l->n ? &l->users[i].pub : NULL;
}

size_t rc_licences_deleted_count(const rc_licences *l)
{
  return l ? l->deleted : 0;
}

const char *rc_licence_class_name(unsigned class_bit)
{
  switch (class_bit) {
  case RC_LIC_TM:
    return "TM";
  case RC_LIC_PA_PREMIUM:
    return "PA-PREMIUM";
  case RC_LIC_PA_PER_APP:
    return "PA-PER-APP";
  case RC_LIC_SP:
    return "SP";
  case RC_LIC_SE:
    return "SE";
  case RC_LIC_CSP:
    return "CSP";
  case RC_LIC_CSE:
    return "CSE";
  case RC_LIC_FS:
    return "FS";
  case RC_LIC_PO:
    return "PO";
  case RC_LIC_MKT:
    return "MKT";
  default:
    return NULL;
  }
}

static const char *key_of(const user *u)
{
  return *u->pub.upn ? u->pub.upn : u->pub.object_id;
}

const rc_licence_holder *rc_licences_find(const rc_licences *l,
                                          const char *upn_or_object_id)
{
  size_t i;
  char guid[37];
  if (!l || !upn_or_object_id)
    return NULL;
  for (i = 0; i < l->n; i++)
    if (!rc_ascii_casecmp(l->users[i].pub.upn, upn_or_object_id))
      return &l->users[i].pub;
  if (rc_guid_normalize(guid, upn_or_object_id, strlen(upn_or_object_id)))
    return NULL;
  for (i = 0; i < l->n; i++)
    if (!strcmp(l->users[i].pub.object_id, guid))
      return &l->users[i].pub;
  return NULL;
}

/* ---- building users ---- */

static int list_add(list *ls, const char *s)
{
  if (rc_array_reserve((void **)&ls->items, &ls->cap, ls->n + 1,
                       sizeof(*ls->items)))
    return RC_ENOMEM;
  ls->items[ls->n++] = s;
  return RC_OK;
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void list_tidy(list *ls)
{
  size_t i, o = 0;
  if (ls->n)
    qsort(ls->items, ls->n, sizeof(*ls->items), cmp_str);
  for (i = 0; i < ls->n; i++)
    if (!o || strcmp(ls->items[o - 1], ls->items[i]))
      ls->items[o++] = ls->items[i];
  ls->n = o;
}

static user *user_new(rc_licences *l)
{
  user *u;
  if (rc_array_reserve((void **)&l->users, &l->cap, l->n + 1, sizeof(*u)))
    return NULL;
  u = &l->users[l->n++];
  memset(u, 0, sizeof(*u));
  u->pub.upn = u->pub.object_id = u->pub.display_name = "";
  u->pub.enabled = -1;
  u->seq = l->seq++;
  return u;
}

static const char *copy(rc_licences *l, const char *s, size_t len)
{
  rc_csv_trim(&s, &len);
  return rc_arena_strndup(&l->arena, s, len);
}

static int is_guest_upn(const char *upn)
{
  const char *p;
  for (p = upn; *p; p++)
    if (p[0] == '#' && rc_ascii_tolower((unsigned char)p[1]) == 'e' &&
        rc_ascii_tolower((unsigned char)p[2]) == 'x' &&
        rc_ascii_tolower((unsigned char)p[3]) == 't' && p[4] == '#')
      return 1;
  return 0;
}

static int hold(user *u, const rc_sku *sku, const char (*disabled)[37],
                size_t n)
{
  unsigned c = rc_sku__classify(sku, disabled, n);
  u->pub.classes |= c;
  if (rc_sku__is_attach(sku)) {
    u->pub.attach = 1;
    u->pub.attach_classes |= c;
  } else {
    u->pub.base_classes |= c;
  }
  return list_add(&u->skus, sku->id);
}

/* Sort the users by key, merge the ones met twice, publish the lists. */
static int cmp_user(const void *a, const void *b)
{
  const user *x = a, *y = b;
  int c = rc_ascii_casecmp(key_of(x), key_of(y));
  if (c)
    return c;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int merge(user *into, user *from)
{
  size_t i;
  int error = RC_OK;
  if (!*into->pub.upn)
    into->pub.upn = from->pub.upn;
  if (!*into->pub.object_id)
    into->pub.object_id = from->pub.object_id;
  if (!*into->pub.display_name)
    into->pub.display_name = from->pub.display_name;
  if (into->pub.enabled < 0)
    into->pub.enabled = from->pub.enabled;
  into->pub.guest |= from->pub.guest;
  into->pub.classes |= from->pub.classes;
  into->pub.attach_classes |= from->pub.attach_classes;
  into->pub.base_classes |= from->pub.base_classes;
  into->pub.attach |= from->pub.attach;
  for (i = 0; i < from->skus.n && !error; i++)
    error = list_add(&into->skus, from->skus.items[i]);
  for (i = 0; i < from->unknown.n && !error; i++)
    error = list_add(&into->unknown, from->unknown.items[i]);
  return error;
}

static int settle(rc_licences *l, rc_ctx *ctx)
{
  size_t i, o = 0;
  if (l->n)
    qsort(l->users, l->n, sizeof(*l->users), cmp_user);
  for (i = 0; i < l->n; i++) {
    user *u = &l->users[i];
    if (o && !rc_ascii_casecmp(key_of(&l->users[o - 1]), key_of(u))) {
      user *first = &l->users[o - 1];
      rc_warn(ctx, "%s:%lu: %s is also in %s:%lu: merged", u->pub.file,
              u->pub.line, key_of(u), first->pub.file, first->pub.line);
      if (merge(first, u))
        return rc_fail_nomem(ctx);
      rc_free(u->skus.items);
      rc_free(u->unknown.items);
      continue;
    }
    if (o != i)
      l->users[o] = *u;
    o++;
  }
  l->n = o;
  for (i = 0; i < l->n; i++) {
    user *u = &l->users[i];
    list_tidy(&u->skus);
    list_tidy(&u->unknown);
    u->pub.skus = u->skus.items;
    u->pub.sku_count = u->skus.n;
    u->pub.unknown = u->unknown.items;
    u->pub.unknown_count = u->unknown.n;
  }
  return RC_OK;
}

/* ---- CSV: the admin center's "Export users" ---- */

static int header_is(const char *h, const char *const *names)
{
  const char *s = h;
  size_t len = strlen(h);
  rc_csv_trim(&s, &len);
  for (; *names; names++)
    if (rc_csv_cell_is(s, len, *names))
      return 1;
  return 0;
}

/* The header names read (English, and the German ones a parser accepts). */
static const char *const h_upn[] = {"User principal name",
                                    "Benutzerprinzipalname", NULL};
static const char *const h_lic[] = {"Licenses", "Lizenzen", NULL};
static const char *const h_name[] = {"Display name", "Anzeigename", NULL};
static const char *const h_oid[] = {"Object Id", "ObjectId", NULL};
static const char *const h_block[] = {"Block credential",
                                      "Anmeldeinformationen blockieren", NULL};
static const char *const h_deleted[] = {"Soft deletion time stamp", NULL};

/* The Licenses cell: '+'-joined display names; a '+' inside a name is
 * re-joined by the longest known name, else when a space flanks it (the
 * export joins with none). Unknown names become notes. */
static int add_licence_names(rc_licences *l, user *u, const char *v)
{
  const char *cut[MAX_PIECES + 1];
  size_t np = 0, i = 0, len = strlen(v);
  const char *p;
  rc_csv_trim(&v, &len);
  if (!len || rc_csv_cell_is(v, len, "Unlicensed"))
    return RC_OK;
  cut[np++] = v; /* piece k is cut[k] .. cut[k+1]-1 ('+' excluded) */
  for (p = v; p < v + len; p++)
    if (*p == '+' && np < MAX_PIECES)
      cut[np++] = p + 1;
  cut[np] = v + len + 1;
  while (i < np) {
    size_t j;
    const rc_sku *sku = NULL;
    for (j = np; j-- > i;) {
      const char *s = cut[i];
      size_t n = (size_t)(cut[j + 1] - 1 - s);
      rc_csv_trim(&s, &n);
      sku = rc_sku__by_name(s, n);
      if (sku)
        break;
    }
    if (sku) {
      if (hold(u, sku, NULL, 0))
        return RC_ENOMEM;
    } else {
      const char *name;
      j = i;
      while (j + 1 < np && ((cut[j + 1] - 2 >= v && cut[j + 1][-2] == ' ') ||
                            cut[j + 1][0] == ' '))
        j++;
      name = copy(l, cut[i], (size_t)(cut[j + 1] - 1 - cut[i]));
      if (!name || (*name && list_add(&u->unknown, name)))
        return RC_ENOMEM;
    }
    i = j + 1;
  }
  return RC_OK;
}

static int read_csv(rc_licences *l, rc_ctx *ctx, const char *file,
                    const char *p, const char *end)
{
  rc_csv c;
  int upn = -1, lic = -1, name = -1, oid = -1, block = -1, del = -1;
  int eof, error;
  size_t i;
  rc_csv_init(&c, file, p, end, MAX_FILE);
  error = rc_csv_record(&c, ctx, &eof);
  if (error < 0)
    goto done;
  for (i = 0; !eof && i < c.n; i++) {
    const char *h = rc_csv_field(&c, (int)i);
    int *slot = header_is(h, h_upn)       ? &upn
                : header_is(h, h_lic)     ? &lic
                : header_is(h, h_name)    ? &name
                : header_is(h, h_oid)     ? &oid
                : header_is(h, h_block)   ? &block
                : header_is(h, h_deleted) ? &del
                                          : NULL;
    if (slot && *slot < 0)
      *slot = (int)i;
  }
  if (eof || upn < 0 || lic < 0) {
    error = rc_fail(ctx, RC_EINPUT,
                    "%s:1: no \"User principal name\" and \"Licenses\" "
                    "columns: not a Microsoft 365 admin center users export",
                    file);
    goto done;
  }
  for (;;) {
    const char *s;
    size_t n;
    user *u;
    error = rc_csv_record(&c, ctx, &eof);
    if (error < 0 || eof)
      break;
    if (c.n == 1 && !*rc_csv_field(&c, 0))
      continue; /* an empty line */
    if (c.n <= (size_t)(upn > lic ? upn : lic)) {
      error = rc_fail(ctx, RC_EINPUT,
                      "%s:%lu: %lu fields, too few for the "
                      "header's columns",
                      file, c.record_line, (unsigned long)c.n);
      break;
    }
    s = rc_csv_field(&c, del);
    n = strlen(s);
    rc_csv_trim(&s, &n);
    if (n) {
      l->deleted++;
      continue;
    }
    u = user_new(l);
    if (!u) {
      error = rc_fail_nomem(ctx);
      break;
    }
    u->pub.file = file;
    u->pub.line = c.record_line;
    u->pub.upn = copy(l, rc_csv_field(&c, upn), strlen(rc_csv_field(&c, upn)));
    u->pub.display_name =
        copy(l, rc_csv_field(&c, name), strlen(rc_csv_field(&c, name)));
    s = rc_csv_field(&c, oid);
    n = strlen(s);
    rc_csv_trim(&s, &n);
    {
      char guid[37];
      u->pub.object_id = !rc_guid_normalize(guid, s, n)
                             ? rc_arena_strdup(&l->arena, guid)
                             : copy(l, s, n);
    }
    if (!u->pub.upn || !u->pub.display_name || !u->pub.object_id) {
      error = rc_fail_nomem(ctx);
      break;
    }
    if (!*key_of(u)) {
      error = rc_fail(ctx, RC_EINPUT, "%s:%lu: no user principal name", file,
                      c.record_line);
      break;
    }
    u->pub.guest = is_guest_upn(u->pub.upn);
    if (block >= 0) {
      s = rc_csv_field(&c, block);
      n = strlen(s);
      rc_csv_trim(&s, &n);
      if (rc_csv_cell_is(s, n, "True") || rc_csv_cell_is(s, n, "Wahr"))
        u->pub.enabled = 0;
      else if (rc_csv_cell_is(s, n, "False") || rc_csv_cell_is(s, n, "Falsch"))
        u->pub.enabled = 1;
    }
    if (add_licence_names(l, u, rc_csv_field(&c, lic))) {
      error = rc_fail_nomem(ctx);
      break;
    }
  }
done:
  rc_csv_dispose(&c);
  return error;
}

/* ---- JSON: Microsoft Graph users (camelCase) or the PowerShell SDK's
 * objects (PascalCase) ---- */

static json_t *jget(json_t *obj, const char *camel)
{
  char pascal[64];
  json_t *v = json_object_get(obj, camel);
  size_t n = strlen(camel);
  if (v || n >= sizeof(pascal))
    return v;
  memcpy(pascal, camel, n + 1);
  if (pascal[0] >= 'a' && pascal[0] <= 'z')
    pascal[0] = (char)(pascal[0] - 'a' + 'A');
  return json_object_get(obj, pascal);
}

static const char *jstr(json_t *obj, const char *camel)
{
  const char *s = json_string_value(jget(obj, camel));
  return s ? s : "";
}

static int read_json_user(rc_licences *l, rc_ctx *ctx, const char *file,
                          size_t record, json_t *ju)
{
  user *u;
  json_t *lics, *jl, *en;
  size_t i;
  char guid[37];
  const char *id, *type;
  if (!json_is_object(ju))
    return rc_fail(ctx, RC_EINPUT, "%s: record %lu: not a user object", file,
                   (unsigned long)record);
  u = user_new(l);
  if (!u)
    return rc_fail_nomem(ctx);
  u->pub.file = file;
  u->pub.line = 0;
  u->pub.upn = copy(l, jstr(ju, "userPrincipalName"),
                    strlen(jstr(ju, "userPrincipalName")));
  u->pub.display_name =
      copy(l, jstr(ju, "displayName"), strlen(jstr(ju, "displayName")));
  id = jstr(ju, "id");
  u->pub.object_id = !rc_guid_normalize(guid, id, strlen(id))
                         ? rc_arena_strdup(&l->arena, guid)
                         : copy(l, id, strlen(id));
  if (!u->pub.upn || !u->pub.display_name || !u->pub.object_id)
    return rc_fail_nomem(ctx);
  if (!*key_of(u))
    return rc_fail(ctx, RC_EINPUT, "%s: record %lu: no userPrincipalName or id",
                   file, (unsigned long)record);
  type = jstr(ju, "userType");
  u->pub.guest = is_guest_upn(u->pub.upn) || !rc_ascii_casecmp(type, "Guest");
  en = jget(ju, "accountEnabled");
  u->pub.enabled = json_is_boolean(en) ? json_is_true(en) : -1;
  lics = jget(ju, "assignedLicenses");
  if (lics && !json_is_null(lics) && !json_is_array(lics))
    return rc_fail(ctx, RC_EINPUT,
                   "%s: record %lu: assignedLicenses is not "
                   "an array",
                   file, (unsigned long)record);
  json_array_foreach(lics, i, jl)
  {
    char disabled[MAX_DISABLED][37];
    size_t nd = 0, k;
    json_t *dp, *d;
    const char *sku_id = jstr(jl, "skuId");
    const rc_sku *sku;
    if (!json_is_object(jl) || !*sku_id)
      return rc_fail(ctx, RC_EINPUT,
                     "%s: record %lu: an assigned licence "
                     "without a skuId",
                     file, (unsigned long)record);
    dp = jget(jl, "disabledPlans");
    json_array_foreach(dp, k, d)
    {
      const char *s = json_string_value(d);
      if (nd == MAX_DISABLED)
        return rc_fail(ctx, RC_EINPUT,
                       "%s: record %lu: more than %d "
                       "disabled plans",
                       file, (unsigned long)record, MAX_DISABLED);
      if (s && !rc_guid_normalize(disabled[nd], s, strlen(s)))
        nd++;
    }
    sku = rc_guid_normalize(guid, sku_id, strlen(sku_id))
              ? NULL
              : rc_sku__by_guid(guid);
    if (sku) {
      if (hold(u, sku, (const char(*)[37])disabled, nd))
        return rc_fail_nomem(ctx);
    } else {
      const char *note = copy(l, sku_id, strlen(sku_id));
      if (!note || list_add(&u->unknown, note))
        return rc_fail_nomem(ctx);
    }
  }
  return RC_OK;
}

static int read_json(rc_licences *l, rc_ctx *ctx, const char *file,
                     const char *p, const char *end)
{
  json_error_t jerr;
  unsigned long failures = rc_alloc_failures();
  json_t *root =
      json_loadb(p, (size_t)(end - p), JSON_REJECT_DUPLICATES, &jerr);
  json_t *users, *ju;
  size_t i;
  int error = RC_OK;
  /* jansson does not always say that it ran out of memory */
  if (!root && (json_error_code(&jerr) == json_error_out_of_memory ||
                rc_alloc_failures() != failures))
    return rc_fail_nomem(ctx);
  if (!root)
    return rc_fail(ctx, RC_EINPUT, "%s:%d: %s", file, jerr.line, jerr.text);
  users = json_is_array(root) ? root : jget(root, "value");
  if (!json_is_array(users)) {
    json_decref(root);
    return rc_fail(ctx, RC_EINPUT,
                   "%s: no \"value\" array of users: not a "
                   "Microsoft Graph users page",
                   file);
  }
  json_array_foreach(users, i, ju)
  {
    error = read_json_user(l, ctx, file, i + 1, ju);
    if (error < 0)
      break;
  }
  json_decref(root);
  return error;
}

/* ---- one file ---- */

int rc_licences_add_file(rc_licences *l, rc_ctx *ctx, const char *path)
{
  rc_buf text;
  const char *p, *end, *file;
  size_t before, deleted;
  int error;
  RC_ASSERT_ARG(ctx, l && path);
  before = l->n;
  deleted = l->deleted;
  rc_buf_init(&text, MAX_FILE);
  error = rc_buf_read_file(&text, ctx, path, "a users export", RC_ELIMIT);
  if (error < 0)
    goto done;
  file = rc_arena_strdup(&l->arena, path);
  if (!file) {
    error = rc_fail_nomem(ctx);
    goto done;
  }
  p = rc_buf_cstr(&text);
  end = p + text.len;
  if (end - p >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
    p += 3;
  {
    const char *q = p;
    while (q < end && rc_ascii_isspace((unsigned char)*q))
      q++;
    if (q < end && (*q == '{' || *q == '['))
      error = read_json(l, ctx, file, q, end);
    else if (q < end)
      error = read_csv(l, ctx, file, p, end);
    else
      error = rc_fail(ctx, RC_EINPUT, "%s: empty: not a users export", file);
  }
  if (error < 0) {
    /* drop this file's users: the set stays as it was */
    l->deleted = deleted;
    while (l->n > before) {
      l->n--;
      rc_free(l->users[l->n].skus.items);
      rc_free(l->users[l->n].unknown.items);
    }
    goto done;
  }
  error = settle(l, ctx);
done:
  rc_buf_dispose(&text);
  return error;
}
