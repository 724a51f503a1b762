/* Users per role (include/rolecheck/prices.h): how many people hold each
 * role, from a small CSV or TSV file, so that savings read per month. */
#include "rolecheck/prices.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/arena.h"
#include "util/ascii.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/error.h"

#define MAX_FILE ((size_t)4 << 20)

typedef struct {
  const char *key; /* a GUID lowercased without braces, or a role name */
  int is_id;
  unsigned long users;
  unsigned long line;
  int used;
} entry;

struct rc_role_users {
  rc_arena arena;
  const char *file;
  entry *e;
  size_t n, cap;
};

void rc_role_users_free(rc_role_users *u)
{
  if (!u)
    return;
  rc_arena_dispose(&u->arena);
  rc_free(u->e);
  rc_free(u);
}

/* s as a GUID key (36 characters, lowercase, braces dropped) into out
 * (37 bytes); 0 when s is no GUID. */
static int guid_key(const char *s, char *out)
{
  size_t len = strlen(s), i;
  if (len == 38 && s[0] == '{' && s[37] == '}') {
    s++;
    len = 36;
  }
  if (len != 36)
    return 0;
  for (i = 0; i < 36; i++) {
    char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-')
        return 0;
    } else if (!rc_ascii_isxdigit(c)) {
      return 0;
    }
    out[i] = (char)rc_ascii_tolower(c);
  }
  out[36] = '\0';
  return 1;
}

static int column(const rc_csv *c, const char *name)
{
  size_t i;
  for (i = 0; i < c->n; i++) {
    const char *s = rc_csv_field(c, (int)i);
    size_t len = strlen(s);
    rc_csv_trim(&s, &len);
    if (rc_csv_cell_is(s, len, name))
      return (int)i;
  }
  return -1;
}

static int parse(rc_role_users *u, rc_ctx *ctx, const char *text, size_t len)
{
  rc_csv c;
  int eof = 0, role = -1, users = -1, error;
  const char *first_end = memchr(text, '\n', len);
  rc_csv_init(&c, u->file, text, text + len, MAX_FILE);
  /* tab-separated when the header holds a tab */
  if (memchr(text, '\t', first_end ? (size_t)(first_end - text) : len))
    c.delim = '\t';
  error = rc_csv_record(&c, ctx, &eof);
  if (!error && !eof) {
    role = column(&c, "role");
    users = column(&c, "users");
  }
  if (!error && (role < 0 || users < 0))
    error = rc_fail(ctx, RC_EINPUT,
                    "%s:1: not a users-per-role list: the header needs the "
                    "columns 'role' and 'users'",
                    u->file);
  while (!error) {
    const char *name, *count;
    size_t nlen, clen;
    char *end, key[37];
    unsigned long v;
    entry *e;
    error = rc_csv_record(&c, ctx, &eof);
    if (error || eof)
      break;
    name = rc_csv_field(&c, role);
    count = rc_csv_field(&c, users);
    nlen = strlen(name);
    clen = strlen(count);
    rc_csv_trim(&name, &nlen);
    rc_csv_trim(&count, &clen);
    if (!nlen && !clen)
      continue; /* an empty line */
    errno = 0;
    v = clen && rc_ascii_isdigit(count[0]) ? strtoul(count, &end, 10) : 0;
    if (!nlen || !clen || !rc_ascii_isdigit(count[0]) || errno ||
        end != count + clen) {
      error = rc_fail(ctx, RC_EINPUT, "%s:%lu: %s", u->file, c.record_line,
                      !nlen ? "no role" : "users is not a whole number");
      break;
    }
    if (rc_array_reserve((void **)&u->e, &u->cap, u->n + 1, sizeof(*u->e)) <
        0) {
      error = rc_fail_nomem(ctx);
      break;
    }
    e = &u->e[u->n];
    memset(e, 0, sizeof(*e));
    {
      char *copy = rc_arena_alloc(&u->arena, nlen + 1);
      if (!copy) {
        error = rc_fail_nomem(ctx);
        break;
      }
      memcpy(copy, name, nlen);
      copy[nlen] = '\0';
      e->is_id = guid_key(copy, key);
      e->key = e->is_id ? rc_arena_strdup(&u->arena, key) : copy;
    }
    if (!e->key) {
      error = rc_fail_nomem(ctx);
      break;
    }
    e->users = v;
    e->line = c.record_line;
    u->n++;
  }
  rc_csv_dispose(&c);
  return error;
}

int rc_role_users_load(rc_role_users **out, rc_ctx *ctx, const char *path)
{
  rc_role_users *u = rc_calloc(1, sizeof(*u));
  rc_buf text;
  const char *t;
  size_t len;
  int error;
  *out = NULL;
  if (!u)
    return rc_fail_nomem(ctx);
  rc_arena_init(&u->arena);
  rc_buf_init(&text, MAX_FILE);
  u->file = rc_arena_strdup(&u->arena, path);
  error = u->file ? rc_buf_read_file(&text, ctx, path, "a users-per-role list",
                                     RC_EINPUT)
                  : rc_fail_nomem(ctx);
  if (!error) {
    t = rc_buf_cstr(&text);
    len = text.len;
    if (len >= 3 && !memcmp(t, "\xef\xbb\xbf", 3)) {
      t += 3;
      len -= 3;
    }
    error = parse(u, ctx, t, len);
  }
  rc_buf_dispose(&text);
  if (error) {
    rc_role_users_free(u);
    return error;
  }
  *out = u;
  return RC_OK;
}

long rc_role_users_count(rc_role_users *u, const char *id, const char *name)
{
  char key[37];
  size_t i;
  int have_id = id && guid_key(id, key);
  long found = -1;
  if (!u)
    return -1;
  /* an id wins over a name; of several lines, the first */
  for (i = 0; i < u->n && have_id; i++) {
    if (u->e[i].is_id && !strcmp(u->e[i].key, key)) {
      u->e[i].used = 1;
      return (long)u->e[i].users;
    }
  }
  for (i = 0; i < u->n && name; i++) {
    if (!u->e[i].is_id && rc_ascii_casecmp(u->e[i].key, name) == 0) {
      u->e[i].used = 1;
      if (found < 0)
        found = (long)u->e[i].users;
    }
  }
  return found;
}

size_t rc_role_users_unused(const rc_role_users *u, size_t i,
                            unsigned long *line, const char **key)
{
  size_t k, n = 0;
  for (k = 0; u && k < u->n; k++) {
    if (u->e[k].used)
      continue;
    if (n++ == i) {
      *line = u->e[k].line;
      *key = u->e[k].key;
    }
  }
  return n;
}

const char *rc_role_users_file(const rc_role_users *u)
{
  return u ? u->file : NULL;
}
