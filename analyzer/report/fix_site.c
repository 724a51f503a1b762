/* rolecheck fix for a pac pages download: a corrected copy of each edited
 * .tablepermission.yml, line for line as written except the cleared rights
 * and the detached web roles, checked by reading it back before it is
 * written. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parse/record.h"
#include "rolecheck/fix.h"
#include "rolecheck/report.h"
#include "util/alloc.h"
#include "util/arena.h"
#include "util/ascii.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/sys.h"

/* A table permission is a few hundred bytes; anything this large is not. */
#define SITE_MAX_BYTES (1u << 20)

#define NRIGHTS 6 /* RC_PERM_CREATE (bit 0) to RC_PERM_APPENDTO */

/* the loader reads a key as mspp_<key>, adx_<key>, then <key> */
static const char *const prefixes[] = {"mspp_", "adx_", ""};
#define ROLE_LIST "entitypermission_webrole"

/* One correction, merged from every edit of one file. */
typedef struct {
  const char *file; /* the source, for messages */
  unsigned clear;
  const char **detach;
  size_t ndetach;
} site_edit;

/* One line of the source: [start, end) is its text, end..next its line
 * break (LF or CR LF, none at the end of the file). */
typedef struct {
  size_t start, end, next;
  size_t indent; /* leading spaces */
  unsigned long no;
} line;

static int has_key(const char *k, size_t n, const char *base)
{
  size_t i, b = strlen(base);
  for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
    size_t p = strlen(prefixes[i]);
    if (n == p + b && !memcmp(k, prefixes[i], p) && !memcmp(k + p, base, b))
      return 1;
  }
  return 0;
}

static unsigned right_bit(const char *k, size_t n)
{
  size_t i;
  for (i = 0; i < NRIGHTS; i++) {
    if (has_key(k, n, rc_perm_key(1u << i)))
      return 1u << i;
  }
  return 0;
}

static int is_ws(char c)
{
  return c == ' ' || c == '\t';
}

static void line_at(const char *t, size_t len, size_t pos, line *l)
{
  const char *nl = memchr(t + pos, '\n', len - pos);
  l->start = pos;
  l->end = nl ? (size_t)(nl - t) : len;
  l->next = nl ? l->end + 1 : len;
  if (l->end > pos && t[l->end - 1] == '\r')
    l->end--;
  l->indent = 0;
  while (pos + l->indent < l->end && t[pos + l->indent] == ' ')
    l->indent++;
}

/* Nothing but blanks and a comment. */
static int is_empty(const char *t, const line *l)
{
  size_t p = l->start;
  while (p < l->end && is_ws(t[p]))
    p++;
  return p == l->end || t[p] == '#';
}

/* A directive or a document marker ("---", "..."). */
static int is_marker(const char *t, const line *l)
{
  size_t n = l->end - l->start;
  const char *s = t + l->start;
  if (n && s[0] == '%')
    return 1;
  return n >= 3 && (!memcmp(s, "---", 3) || !memcmp(s, "...", 3)) &&
         (n == 3 || is_ws(s[3]));
}

/* The index just after the quoted scalar opening at p, or 0 when it does
 * not close on this line. */
static size_t quoted_end(const char *t, size_t p, size_t e)
{
  char q = t[p];
  size_t i = p + 1;
  while (i < e) {
    if (q == '"' && t[i] == '\\') {
      i += 2;
    } else if (t[i] == q) {
      if (q == '\'' && i + 1 < e && t[i + 1] == '\'')
        i += 2;
      else
        return i + 1;
    } else {
      i++;
    }
  }
  return 0;
}

/* A key at the start of the line's text: [*ks, *ke) and the colon. */
static int parse_key(const char *t, const line *l, size_t *ks, size_t *ke,
                     size_t *colon)
{
  size_t p = l->start + l->indent, e = l->end, i;
  if (p >= e || strchr("#-?[]{}&*!|>%@`,", t[p]))
    return 0;
  if (t[p] == '\'' || t[p] == '"') {
    i = quoted_end(t, p, e);
    if (!i)
      return 0;
    *ks = p + 1;
    *ke = i - 1;
    while (i < e && is_ws(t[i]))
      i++;
    if (i >= e || t[i] != ':' || (i + 1 < e && !is_ws(t[i + 1])))
      return 0;
    *colon = i;
    return 1;
  }
  for (i = p; i < e; i++) {
    if (t[i] == '#' && i > p && is_ws(t[i - 1]))
      return 0;
    if (t[i] == ':' && (i + 1 == e || is_ws(t[i + 1])))
      break;
  }
  if (i == e)
    return 0;
  *colon = i;
  *ks = p;
  while (i > p && is_ws(t[i - 1]))
    i--;
  *ke = i;
  return 1;
}

/* The scalar from p (after blanks) to the comment or the end of the line:
 * [*vs, *ve), empty when there is none. -1 when a quote does not close on
 * the line or text follows it. */
static int parse_value(const char *t, size_t p, size_t e, size_t *vs,
                       size_t *ve)
{
  while (p < e && is_ws(t[p]))
    p++;
  *vs = *ve = p;
  if (p == e || t[p] == '#')
    return 0;
  if (t[p] == '\'' || t[p] == '"') {
    size_t q = quoted_end(t, p, e);
    if (!q)
      return -1;
    *ve = q;
    while (q < e && is_ws(t[q]))
      q++;
    return q == e || t[q] == '#' ? 0 : -1;
  }
  while (p < e && !(t[p] == '#' && is_ws(t[p - 1])))
    p++;
  while (p > *vs && is_ws(t[p - 1]))
    p--;
  *ve = p;
  return 0;
}

/* The scalar's text without its quotes, into buf; 0 when it is too long to
 * be a flag or an id. */
static int unquote(const char *t, size_t vs, size_t ve, char *buf, size_t cap)
{
  size_t n = 0, i = vs, e = ve;
  if (ve > vs && (t[vs] == '\'' || t[vs] == '"')) {
    i++;
    e--;
  }
  for (; i < e; i++) {
    if (n + 1 >= cap)
      return 0;
    buf[n++] = t[i];
    if (t[vs] == '\'' && t[i] == '\'' && i + 1 < e && t[i + 1] == '\'')
      i++;
  }
  buf[n] = '\0';
  return 1;
}

/* What the model reads as granted (model/portal.c). */
static int truthy(const char *v)
{
  return !rc_ascii_casecmp(v, "true") || !strcmp(v, "1") ||
         !rc_ascii_casecmp(v, "yes");
}

/* Web-role ids compared ignoring case and braces. */
static int same_id(const char *a, const char *b)
{
  char ga[37], gb[37];
  size_t la = strlen(a), lb = strlen(b), i;
  if (!rc_guid_normalize(ga, a, la) && !rc_guid_normalize(gb, b, lb))
    return !strcmp(ga, gb);
  if (la >= 2 && a[0] == '{' && a[la - 1] == '}') {
    a++;
    la -= 2;
  }
  if (lb >= 2 && b[0] == '{' && b[lb - 1] == '}') {
    b++;
    lb -= 2;
  }
  if (la != lb)
    return 0;
  for (i = 0; i < la; i++) {
    if (rc_ascii_tolower((unsigned char)a[i]) !=
        rc_ascii_tolower((unsigned char)b[i]))
      return 0;
  }
  return 1;
}

static int detached(const site_edit *ed, const char *id)
{
  size_t i;
  for (i = 0; i < ed->ndetach; i++) {
    if (same_id(id, ed->detach[i]))
      return 1;
  }
  return 0;
}

/* The scalar [s, e) names a detached web role. */
static int detached_span(const site_edit *ed, const char *t, size_t s, size_t e)
{
  char v[128];
  return unquote(t, s, e, v, sizeof(v)) && detached(ed, v);
}

/* Whether the next line with content is indented deeper than base: the
 * value of the key on line l goes on there. */
static int continues(const char *t, size_t len, const line *l, size_t base)
{
  line m;
  size_t pos = l->next;
  while (pos < len) {
    line_at(t, len, pos, &m);
    if (!is_empty(t, &m))
      return m.indent > base;
    pos = m.next;
  }
  return 0;
}

/* Appends are checked once, by the buffer's sticky error (fix_one). */
static void put_span(rc_buf *out, const char *t, size_t from, size_t to)
{
  rc_buf_put(out, t + from, to - from);
}

static int refuse(rc_ctx *ctx, const site_edit *ed, const line *l,
                  const char *what)
{
  return rc_fail(ctx, RC_EINPUT,
                 "%s:%lu: %s; rolecheck fix cannot correct this file, "
                 "change it by hand",
                 ed->file, l->no, what);
}

/* A right to clear: its value becomes false unless it is already not
 * granted. */
static int clear_right(rc_ctx *ctx, const site_edit *ed, const char *t,
                       size_t len, const line *l, size_t colon, size_t base,
                       rc_buf *out)
{
  size_t vs, ve;
  char v[64];
  if (parse_value(t, colon + 1, l->end, &vs, &ve) < 0 ||
      continues(t, len, l, base))
    return refuse(ctx, ed, l, "a right whose value is not on its line");
  if (vs < ve && unquote(t, vs, ve, v, sizeof(v)) && truthy(v)) {
    put_span(out, t, l->start, vs);
    rc_buf_puts(out, "false");
    put_span(out, t, ve, l->next);
    return RC_OK;
  }
  put_span(out, t, l->start, l->next);
  return RC_OK;
}

/* The next item of the flow list at *p (after '[' or ','): [*s, *e), 1;
 * 0 at ']'; -1 when the list is not a list of scalars on one line. */
static int flow_item(const char *t, size_t *p, size_t end, size_t *s, size_t *e)
{
  size_t i = *p;
  while (i < end && is_ws(t[i]))
    i++;
  if (i < end && t[i] == ']') {
    *p = i + 1;
    return 0;
  }
  *s = i;
  if (i < end && (t[i] == '\'' || t[i] == '"')) {
    i = quoted_end(t, i, end);
    if (!i)
      return -1;
    *e = i;
  } else {
    while (i < end && !strchr(",]#[{}", t[i]))
      i++;
    *e = i;
    while (*e > *s && is_ws(t[*e - 1]))
      (*e)--;
    if (*e == *s)
      return -1;
  }
  while (i < end && is_ws(t[i]))
    i++;
  if (i < end && t[i] == ',')
    i++;
  else if (i >= end || t[i] != ']')
    return -1;
  *p = i;
  return 1;
}

/* "key: [a, b]": the kept items, in their order and spelling. */
static int edit_flow(rc_ctx *ctx, const site_edit *ed, const char *t,
                     const line *l, size_t vs, size_t ve, rc_buf *out)
{
  size_t p = vs + 1, s, e, gone = 0, kept = 0;
  int r;
  while ((r = flow_item(t, &p, ve, &s, &e)) > 0)
    gone += detached_span(ed, t, s, e);
  if (r < 0 || p != ve)
    return refuse(ctx, ed, l, "a web-role list that is not ids on one line");
  if (!gone) {
    put_span(out, t, l->start, l->next);
    return RC_OK;
  }
  put_span(out, t, l->start, vs + 1);
  p = vs + 1;
  while (flow_item(t, &p, ve, &s, &e) > 0) {
    if (detached_span(ed, t, s, e))
      continue;
    if (kept++)
      rc_buf_puts(out, ", ");
    put_span(out, t, s, e);
  }
  put_span(out, t, ve - 1, l->next);
  return RC_OK;
}

/* A block list item "- <id>" starting at the line's indent: the id's span
 * in [*s, *e) (empty for "-" alone), 1; 0 when the line is not an item;
 * -1 when the item is not a single id. */
static int block_item(const char *t, const line *l, size_t *s, size_t *e)
{
  size_t p = l->start + l->indent, i;
  if (p >= l->end || t[p] != '-' || (p + 1 < l->end && !is_ws(t[p + 1])))
    return 0;
  if (parse_value(t, p + 1, l->end, s, e) < 0)
    return -1;
  if (*s < *e && strchr("-?[]{}&*!|>%@`", t[*s]))
    return -1;
  for (i = *s; i < *e && t[*s] != '\'' && t[*s] != '"'; i++) {
    if (t[i] == ':' && (i + 1 == *e || is_ws(t[i + 1])))
      return -1; /* a mapping */
  }
  return 1;
}

/* The web-role list of the key on line l: the detached ids leave it, and
 * a list left empty is written "key: []". Sets *pos after the list. */
static int edit_roles(rc_ctx *ctx, const site_edit *ed, const char *t,
                      size_t len, const line *l, size_t colon, size_t base,
                      rc_buf *out, size_t *pos, unsigned long *no)
{
  size_t vs, ve, s, e, p, items = 0, gone = 0, comment;
  line m;
  int r;
  *pos = l->next;
  if (parse_value(t, colon + 1, l->end, &vs, &ve) < 0 ||
      (continues(t, len, l, base) && vs < ve))
    return refuse(ctx, ed, l, "a web-role list that is not ids on one line");
  if (vs < ve && t[vs] == '[')
    return edit_flow(ctx, ed, t, l, vs, ve, out);
  if (vs < ve) {
    /* one id written as a scalar */
    if (strchr("{&*!|>", t[vs]))
      return refuse(ctx, ed, l, "a web-role list that is not ids");
    if (!detached_span(ed, t, vs, ve)) {
      put_span(out, t, l->start, l->next);
      return RC_OK;
    }
    put_span(out, t, l->start, vs);
    rc_buf_puts(out, "[]");
    put_span(out, t, ve, l->next);
    return RC_OK;
  }
  /* a block list: "- <id>" lines (blank and comment lines between) until
   * the next key */
  for (p = l->next; p < len; p = m.next) {
    line_at(t, len, p, &m);
    m.no = *no + 1;
    if (is_empty(t, &m)) {
      (*no)++;
      continue;
    }
    r = block_item(t, &m, &s, &e);
    if (r < 0 || (!r && m.indent > base))
      return refuse(ctx, ed, &m, "a web-role list item that is not one id");
    if (!r)
      break;
    (*no)++;
    items++;
    gone += detached_span(ed, t, s, e);
  }
  *pos = p;
  if (!gone) {
    put_span(out, t, l->start, p);
    return RC_OK;
  }
  if (gone == items) {
    comment = vs; /* the comment after the key, if any */
    put_span(out, t, l->start, colon + 1);
    rc_buf_puts(out, " []");
    if (comment < l->end) {
      rc_buf_putc(out, ' ');
      put_span(out, t, comment, l->end);
    }
    put_span(out, t, l->end, l->next);
  } else {
    put_span(out, t, l->start, l->next);
  }
  for (p = l->next; p < *pos; p = m.next) {
    line_at(t, len, p, &m);
    if (!is_empty(t, &m) && block_item(t, &m, &s, &e) > 0 &&
        detached_span(ed, t, s, e))
      continue;
    put_span(out, t, m.start, m.next);
  }
  return RC_OK;
}

/* The corrected text of t into out; *keys counts the top-level keys. */
static int edit_text(rc_ctx *ctx, const site_edit *ed, const char *t,
                     size_t len, rc_buf *out, size_t *keys)
{
  size_t pos = 0, base = 0, ks, ke, colon;
  unsigned long no = 0;
  int have_base = 0, error = RC_OK;
  line l;
  *keys = 0;
  if (len >= 3 && !memcmp(t, "\xEF\xBB\xBF", 3)) {
    rc_buf_put(out, t, 3);
    pos = 3;
  }
  while (!error && pos < len) {
    unsigned bit;
    line_at(t, len, pos, &l);
    l.no = ++no;
    pos = l.next;
    if (is_empty(t, &l) || is_marker(t, &l)) {
      put_span(out, t, l.start, l.next);
      continue;
    }
    if (!have_base) {
      base = l.indent;
      have_base = 1;
    }
    if (l.indent != base || !parse_key(t, &l, &ks, &ke, &colon)) {
      put_span(out, t, l.start, l.next);
      continue;
    }
    (*keys)++;
    bit = right_bit(t + ks, ke - ks);
    if (bit & ed->clear)
      error = clear_right(ctx, ed, t, len, &l, colon, base, out);
    else if (ed->ndetach && has_key(t + ks, ke - ks, ROLE_LIST))
      error = edit_roles(ctx, ed, t, len, &l, colon, base, out, &pos, &no);
    else
      put_span(out, t, l.start, l.next);
  }
  return error;
}

/* ---- reading back ---- */

typedef struct {
  rc_arena *arena;
  rc_field *fields;
  size_t count;
  size_t records;
} site_record;

static int keep_record(const rc_record *record, void *payload)
{
  site_record *r = payload;
  if (r->records++)
    return RC_OK;
  r->count = record->count;
  if (!record->count)
    return RC_OK;
  r->fields = rc_arena_alloc(r->arena, record->count * sizeof(rc_field));
  if (!r->fields)
    return RC_ENOMEM;
  memcpy(r->fields, record->fields, record->count * sizeof(rc_field));
  return RC_OK;
}

static int read_record(rc_ctx *ctx, const char *display, const char *text,
                       size_t len, rc_arena *arena, site_record *out)
{
  int error;
  memset(out, 0, sizeof(*out));
  out->arena = arena;
  error =
      rc_parse_yaml_records(ctx, display, text, len, arena, keep_record, out);
  return error == RC_ENOMEM ? rc_fail_nomem(ctx) : error;
}

static const rc_field *field_of(const site_record *r, const char *key)
{
  size_t i;
  for (i = 0; i < r->count; i++) {
    if (!strcmp(r->fields[i].key, key))
      return &r->fields[i];
  }
  return NULL;
}

/* A field's web roles: its list, or its one scalar. */
static size_t role_at(const rc_field *f, size_t i, const char **id)
{
  size_t n = f->list ? f->nlist : f->value ? 1 : 0;
  if (i < n)
    *id = f->list ? f->list[i] : f->value;
  return n;
}

static int same_roles(const site_edit *ed, const rc_field *before,
                      const rc_field *after)
{
  const char *a = NULL, *b = NULL;
  size_t i, k = 0, na = role_at(after, 0, &a);
  size_t nb = role_at(before, 0, &b);
  for (i = 0; i < nb; i++) {
    role_at(before, i, &b);
    if (detached(ed, b))
      continue;
    if (k >= na)
      return 0;
    role_at(after, k++, &a);
    if (strcmp(a, b))
      return 0;
  }
  return k == na;
}

static int same_field(const rc_field *x, const rc_field *y)
{
  size_t i;
  if (!x->value != !y->value || (x->value && strcmp(x->value, y->value)) ||
      !x->list != !y->list || x->nlist != y->nlist)
    return 0;
  for (i = 0; i < x->nlist; i++) {
    if (strcmp(x->list[i], y->list[i]))
      return 0;
  }
  return 1;
}

/* The corrected copy reads as the source with exactly the asked change:
 * the cleared rights not granted, the detached roles gone, every other key
 * as it was. NULL, or the first key that differs. */
static const char *differs(const site_edit *ed, const site_record *before,
                           const site_record *after)
{
  size_t i;
  if (before->count != after->count)
    return "the keys";
  for (i = 0; i < before->count; i++) {
    const rc_field *b = &before->fields[i];
    const rc_field *a = field_of(after, b->key);
    size_t n = strlen(b->key);
    if (!a)
      return b->key;
    if (right_bit(b->key, n) & ed->clear) {
      if ((a->value && truthy(a->value)) ||
          (!(b->value && truthy(b->value)) && !same_field(a, b)))
        return b->key;
    } else if (has_key(b->key, n, ROLE_LIST)) {
      if (!same_roles(ed, b, a))
        return b->key;
    } else if (!same_field(a, b)) {
      return b->key;
    }
  }
  return NULL;
}

/* ---- files ---- */

static int read_source(rc_ctx *ctx, const char *path, rc_buf *buf)
{
  return rc_buf_read_file(buf, ctx, path, "a table permission", RC_EINPUT);
}

/* The output path dir/relative, or NULL when out of memory. */
static char *out_path(const char *dir, const char *relative)
{
  size_t d = strlen(dir), r = strlen(relative);
  int sep = d && !RC_SYS_IS_SEP(dir[d - 1]);
  char *p = rc_malloc(d + (size_t)sep + r + 1);
  if (!p)
    return NULL;
  memcpy(p, dir, d);
  if (sep)
    p[d] = '/';
  memcpy(p + d + sep, relative, r + 1);
  return p;
}

/* A relative path that stays inside the output folder. */
static int inside(const char *relative)
{
  const char *p = relative, *s;
  if (!*p || RC_SYS_IS_SEP(*p))
    return 0;
#ifdef _WIN32
  if (strchr(p, ':')) /* a drive, or a stream of the file */
    return 0;
#endif
  for (;;) {
    for (s = p; *s && !RC_SYS_IS_SEP(*s); s++)
      ;
    if (s - p == 2 && p[0] == '.' && p[1] == '.')
      return 0;
    if (!*s)
      return 1;
    p = s + 1;
  }
}

/* mkdir -p of the folders that hold path. */
static int make_parents(rc_ctx *ctx, char *path)
{
  if (rc_sys_mkdirs(path, 1) < 0)
    return rc_fail(ctx, RC_EINPUT, "%s: cannot create its folder: %s", path,
                   strerror(errno));
  return RC_OK;
}

/* The message of a failed call, under code. */
static int recode(rc_ctx *ctx, int error, int code)
{
  char msg[RC_ERRBUF_SIZE];
  if (error == RC_ENOMEM || error == code)
    return error;
  snprintf(msg, sizeof(msg), "%s", rc_ctx_error(ctx));
  return rc_fail(ctx, code, "%s", msg);
}

static int write_file(rc_ctx *ctx, char *path, const rc_buf *text)
{
  rc_output *o;
  int error = make_parents(ctx, path);
  if (error < 0)
    return error;
  error = rc_output_open(&o, ctx, path);
  if (error < 0)
    return recode(ctx, error, RC_EINPUT);
  if (text->len)
    fwrite(text->ptr, 1, text->len, rc_output_file(o));
  error = rc_output_commit(o, ctx);
  return error < 0 ? recode(ctx, error, RC_EINPUT) : RC_OK;
}

static int has_permission_keys(const site_record *r)
{
  static const char *const keys[] = {"create",  "read",
                                     "write",   "delete",
                                     "append",  "appendto",
                                     ROLE_LIST, "entitylogicalname",
                                     "scope",   "entitypermissionid"};
  size_t i, k;
  for (i = 0; i < r->count; i++) {
    const char *key = r->fields[i].key;
    for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
      if (has_key(key, strlen(key), keys[k]))
        return 1;
    }
  }
  return 0;
}

/* Read, correct, read back and write one file. */
static int fix_one(rc_ctx *ctx, const site_edit *ed, char *path)
{
  rc_buf src, out;
  rc_arena arena;
  site_record before, after;
  size_t keys;
  const char *bad;
  int error;
  rc_buf_init(&src, SITE_MAX_BYTES);
  /* "false" for each right and "[]" for the list: a bounded growth */
  rc_buf_init(&out, 2 * SITE_MAX_BYTES);
  rc_arena_init(&arena);
  error = read_source(ctx, ed->file, &src);
  if (!error && src.len >= 2 &&
      ((src.ptr[0] == '\xFF' && src.ptr[1] == '\xFE') ||
       (src.ptr[0] == '\xFE' && src.ptr[1] == '\xFF')))
    error = rc_fail(ctx, RC_EINPUT,
                    "%s: UTF-16 text; rolecheck fix reads UTF-8 YAML only",
                    ed->file);
  if (!error && memchr(src.ptr ? src.ptr : "", '\r', src.len)) {
    size_t i;
    for (i = 0; i < src.len && !error; i++) {
      if (src.ptr[i] == '\r' && (i + 1 == src.len || src.ptr[i + 1] != '\n'))
        error = rc_fail(ctx, RC_EINPUT,
                        "%s: a line ends in CR alone; rolecheck fix reads "
                        "LF or CR LF line ends only",
                        ed->file);
    }
  }
  if (!error)
    error =
        read_record(ctx, ed->file, rc_buf_cstr(&src), src.len, &arena, &before);
  if (!error && before.records != 1)
    error =
        rc_fail(ctx, RC_EINPUT, "%s: not a table permission (%s)", ed->file,
                before.records ? "more than one record" : "no YAML mapping");
  if (!error && !has_permission_keys(&before))
    error = rc_fail(ctx, RC_EINPUT,
                    "%s: not a table permission (none of its keys: rights, "
                    "adx_entitypermission_webrole, entitylogicalname)",
                    ed->file);
  if (!error)
    error = edit_text(ctx, ed, rc_buf_cstr(&src), src.len, &out, &keys);
  if (!error && rc_buf_error(&out))
    error = rc_buf_error(&out) == RC_ENOMEM
                ? rc_fail_nomem(ctx)
                : rc_fail(ctx, RC_EINPUT, "%s: the corrected copy is too large",
                          ed->file);
  if (!error && !keys)
    error = rc_fail(ctx, RC_EINPUT,
                    "%s: not written one key a line; rolecheck fix cannot "
                    "correct this file, change it by hand",
                    ed->file);
  if (!error) {
    error = read_record(ctx, path, rc_buf_cstr(&out), out.len, &arena, &after);
    if (error == RC_EINPUT || (!error && after.records != 1))
      error = rc_fail(ctx, RC_EINPUT,
                      "%s: the corrected copy is not valid YAML; rolecheck "
                      "fix cannot correct this file, change it by hand",
                      ed->file);
  }
  if (!error) {
    bad = differs(ed, &before, &after);
    if (bad)
      error = rc_fail(ctx, RC_EINPUT,
                      "%s: the corrected copy does not read as intended "
                      "(%s); rolecheck fix cannot correct this file, change "
                      "it by hand",
                      ed->file, bad);
  }
  if (!error)
    error = write_file(ctx, path, &out);
  rc_arena_dispose(&arena);
  rc_buf_dispose(&out);
  rc_buf_dispose(&src);
  return error;
}

/* Edit i with every later edit of the same file merged into it. */
static int merge(rc_ctx *ctx, const rc_fix_permission_edit *edits, size_t count,
                 size_t i, site_edit *ed)
{
  size_t k, n = 0;
  void *items = NULL;
  size_t cap = 0;
  memset(ed, 0, sizeof(*ed));
  ed->file = edits[i].file;
  for (k = i; k < count; k++) {
    if (strcmp(edits[k].relative, edits[i].relative))
      continue;
    ed->clear |= edits[k].clear_rights;
    if (!edits[k].detach_count)
      continue;
    if (rc_array_reserve(&items, &cap, n + edits[k].detach_count,
                         sizeof(char *)) < 0) {
      rc_free(items);
      return rc_fail_nomem(ctx);
    }
    memcpy((const char **)items + n, edits[k].detach,
           edits[k].detach_count * sizeof(char *));
    n += edits[k].detach_count;
  }
  ed->detach = items;
  ed->ndetach = n;
  return RC_OK;
}

int rc_fix_write_site(rc_ctx *ctx, const char *dir,
                      const rc_fix_permission_edit *edits, size_t count)
{
  char **paths;
  size_t i, k;
  int error = RC_OK;
  RC_ASSERT_ARG(ctx, dir && (edits || !count));
  for (i = 0; i < count; i++)
    RC_ASSERT_ARG(ctx, edits[i].file && edits[i].relative &&
                           (edits[i].detach || !edits[i].detach_count));
  if (!count)
    return RC_OK;
  paths = rc_calloc(count, sizeof(char *));
  if (!paths)
    return rc_fail_nomem(ctx);
  /* every path first: nothing is written when one would go over an input */
  for (i = 0; !error && i < count; i++) {
    if (!inside(edits[i].relative)) {
      error = rc_fail(ctx, RC_EUSAGE,
                      "%s: not a path inside the output folder (for %s)",
                      edits[i].relative, edits[i].file);
      break;
    }
    paths[i] = out_path(dir, edits[i].relative);
    if (!paths[i]) {
      error = rc_fail_nomem(ctx);
      break;
    }
    for (k = 0; !error && k < i; k++) {
      if (!strcmp(edits[k].relative, edits[i].relative) &&
          strcmp(edits[k].file, edits[i].file) &&
          !rc_sys_same_file(edits[k].file, edits[i].file))
        error =
            rc_fail(ctx, RC_EUSAGE, "%s: written from two sources, %s and %s",
                    edits[i].relative, edits[k].file, edits[i].file);
    }
    for (k = 0; !error && k < count; k++) {
      if (rc_sys_same_file(paths[i], edits[k].file)) {
        error = rc_fail(ctx, RC_EUSAGE,
                        "%s: is the input %s; rolecheck fix never writes "
                        "over an input",
                        paths[i], edits[k].file);
        break;
      }
    }
  }
  for (i = 0; !error && i < count; i++) {
    site_edit ed;
    for (k = 0; k < i && strcmp(edits[k].relative, edits[i].relative); k++)
      ;
    if (k < i)
      continue; /* merged into edit k */
    error = merge(ctx, edits, count, i, &ed);
    if (!error)
      error = fix_one(ctx, &ed, paths[i]);
    rc_free((void *)ed.detach);
  }
  for (i = 0; i < count; i++)
    rc_free(paths[i]);
  rc_free(paths);
  return error;
}
