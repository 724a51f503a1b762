/* The Power Platform admin center's "Non-conformant usage by users with
 * Team Member license" download: its rows, in file and line order
 * (include/rolecheck/tenant.h). Microsoft documents no header for it, so
 * each column is found among the names it is likely to carry. */
#include "rolecheck/tenant.h"

#include <string.h>

#include "util/alloc.h"
#include "util/arena.h"
#include "util/ascii.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/error.h"

#define MAX_FILE ((size_t)64 << 20) /* as the other tenant readers */
#define MAX_NAME 32 /* longer than any header name or operation below */

struct rc_usage {
  rc_arena arena;
  rc_usage_row *rows;
  size_t n, cap;
};

int rc_usage_new(rc_usage **out)
{
  rc_usage *u = rc_calloc(1, sizeof(*u));
  *out = NULL;
  if (!u)
    return RC_ENOMEM;
  rc_arena_init(&u->arena);
  *out = u;
  return RC_OK;
}

void rc_usage_free(rc_usage *u)
{
  if (!u)
    return;
  rc_free(u->rows);
  rc_arena_dispose(&u->arena);
  rc_free(u);
}

size_t rc_usage_row_count(const rc_usage *u)
{
  return u ? u->n : 0;
}

const rc_usage_row *rc_usage_row_at(const rc_usage *u, size_t i)
{
  return u && i < u->n ? &u->rows[i] : NULL;
}

/* s[0..len) lower case, without spaces and underscores, into key: how
 * header names and operations are compared. 0, or -1 when it is too long
 * to be one of them. */
static int squeeze(char key[MAX_NAME], const char *s, size_t len)
{
  size_t i, n = 0;
  for (i = 0; i < len; i++) {
    if (s[i] == ' ' || s[i] == '_')
      continue;
    if (n == MAX_NAME - 1)
      return -1;
    key[n++] = (char)rc_ascii_tolower((unsigned char)s[i]);
  }
  key[n] = '\0';
  return 0;
}

/* ---- the header ---- */

enum { COL_USER, COL_NAME, COL_TABLE, COL_OP, COL_DATE, COL_LICENCES, NCOLS };

/* Header names, squeezed; each column's preferred name first (a UPN
 * beats a bare "User"). */
static const struct {
  const char *key;
  int col;
} header_names[] = {
    {"userprincipalname", COL_USER},
    {"upn", COL_USER},
    {"useremail", COL_USER},
    {"email", COL_USER},
    {"userid", COL_USER},
    {"user", COL_USER},
    {"username", COL_NAME},
    {"displayname", COL_NAME},
    {"name", COL_NAME},
    {"entity", COL_TABLE},
    {"entityname", COL_TABLE},
    {"table", COL_TABLE},
    {"tablename", COL_TABLE},
    {"entitylogicalname", COL_TABLE},
    {"operation", COL_OP},
    {"action", COL_OP},
    {"accesstype", COL_OP},
    {"privilege", COL_OP},
    {"date", COL_DATE},
    {"accessdate", COL_DATE},
    {"timestamp", COL_DATE},
    {"lastaccessed", COL_DATE},
    /* the Microsoft 365 users export's licence column, which
     * rc_licences_add_file() reads (English, German) */
    {"licenses", COL_LICENCES},
    {"lizenzen", COL_LICENCES},
};

typedef struct {
  int col[NCOLS];     /* the column of each, or -1 */
  size_t rank[NCOLS]; /* its name's place in header_names */
} header;

static void header_init(header *h)
{
  size_t k;
  for (k = 0; k < NCOLS; k++)
    h->col[k] = -1;
}

/* Header cell s[0..len) is column col of the file. */
static void header_add(header *h, int col, const char *s, size_t len)
{
  char key[MAX_NAME];
  size_t i;
  rc_csv_trim(&s, &len);
  if (squeeze(key, s, len))
    return;
  for (i = 0; i < sizeof(header_names) / sizeof(header_names[0]); i++) {
    int k = header_names[i].col;
    if (strcmp(key, header_names[i].key))
      continue;
    if (h->col[k] < 0 || i < h->rank[k]) {
      h->col[k] = col;
      h->rank[k] = i;
    }
    return;
  }
}

static int has_user(const header *h)
{
  return h->col[COL_USER] >= 0 || h->col[COL_NAME] >= 0;
}

static int has_access(const header *h)
{
  return h->col[COL_TABLE] >= 0 || h->col[COL_OP] >= 0;
}

int rc_usage_sniff(const char *data, size_t len)
{
  const char *p = data, *end, *start;
  header h;
  char delim;
  int quoted = 0, col = 0;
  if (!data)
    return 0;
  end = data + len;
  if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
    p += 3;
  delim = rc_csv_delimiter(p, end);
  header_init(&h);
  /* the first line's cells, found without copying: a delimiter or line
   * end inside quotes belongs to the cell, and a doubled quote toggles
   * twice */
  for (start = p;; p++) {
    if (p < end && *p == '"')
      quoted = !quoted;
    if (p < end && (quoted || (*p != delim && *p != '\n')))
      continue;
    {
      const char *s = start;
      size_t n = (size_t)(p - start);
      rc_csv_trim(&s, &n);
      if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
        s++;
        n -= 2;
      }
      header_add(&h, col++, s, n);
    }
    if (p >= end || *p == '\n')
      break;
    start = p + 1;
  }
  return has_user(&h) && has_access(&h) && h.col[COL_LICENCES] < 0;
}

/* ---- the rows ---- */

typedef struct {
  const char *s;
  size_t len;
} span;

static span cell(const rc_csv *c, int col)
{
  span v;
  v.s = rc_csv_field(c, col);
  v.len = strlen(v.s);
  rc_csv_trim(&v.s, &v.len);
  return v;
}

/* The right an operation names: 0, or -1 for none. */
static int right_of(span op, rc_right *out)
{
  static const struct {
    const char *key;
    rc_right right;
  } ops[] = {
      {"create", RC_RIGHT_CREATE},     {"read", RC_RIGHT_READ},
      {"write", RC_RIGHT_WRITE},       {"update", RC_RIGHT_WRITE},
      {"delete", RC_RIGHT_DELETE},     {"append", RC_RIGHT_APPEND},
      {"appendto", RC_RIGHT_APPENDTO}, {"assign", RC_RIGHT_ASSIGN},
      {"share", RC_RIGHT_SHARE},
  };
  char key[MAX_NAME];
  size_t i;
  if (squeeze(key, op.s, op.len))
    return -1;
  for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
    if (!strcmp(key, ops[i].key)) {
      *out = ops[i].right;
      return 0;
    }
  return -1;
}

/* v is "<operation> <table>": an operation, spaces, then one
 * name (a logical name holds no space). */
static int split(span v, span *op, span *table)
{
  size_t i = 0, j, k;
  rc_right right;
  while (i < v.len && !rc_ascii_isspace((unsigned char)v.s[i]))
    i++;
  if (i == v.len)
    return 0;
  for (j = i; j < v.len && rc_ascii_isspace((unsigned char)v.s[j]);)
    j++;
  for (k = j; k < v.len; k++)
    if (rc_ascii_isspace((unsigned char)v.s[k]))
      return 0;
  op->s = v.s;
  op->len = i;
  if (right_of(*op, &right))
    return 0;
  table->s = v.s + j;
  table->len = v.len - j;
  return 1;
}

static char *copy(rc_usage *u, span v, int lower)
{
  char *s = rc_arena_strndup(&u->arena, v.s, v.len);
  size_t i;
  for (i = 0; s && lower && i < v.len; i++)
    s[i] = (char)rc_ascii_tolower((unsigned char)s[i]);
  return s;
}

static int read_row(rc_usage *u, rc_ctx *ctx, const rc_csv *c, const header *h)
{
  span user = cell(c, h->col[COL_USER]), name = cell(c, h->col[COL_NAME]);
  span table = cell(c, h->col[COL_TABLE]), op = cell(c, h->col[COL_OP]);
  span verb, rest;
  rc_right right;
  rc_usage_row *row;
  /* a bare "User" column may hold display names (the report is said to
   * list user names): a value there without '@' is a name */
  if (h->col[COL_USER] >= 0 &&
      !strcmp(header_names[h->rank[COL_USER]].key, "user") && user.len &&
      !memchr(user.s, '@', user.len)) {
    if (!name.len)
      name = user;
    user.len = 0;
  }
  if (!user.len && !name.len) {
    rc_warn(ctx, "%s:%lu: no user: row skipped", c->file, c->record_line);
    return RC_OK;
  }
  /* "Create msdyn_projecttask" in the table column, the operation
   * column, or both; a whole operation cell such as "Append To" is not
   * split */
  if (split(table, &verb, &rest)) {
    table = rest;
    if (!op.len)
      op = verb;
  }
  if (right_of(op, &right) < 0 && split(op, &verb, &rest)) {
    op = verb;
    if (!table.len)
      table = rest;
  }
  if (!table.len || !op.len) {
    rc_warn(ctx, "%s:%lu: no %s: row skipped", c->file, c->record_line,
            !table.len && !op.len ? "table or operation"
            : !table.len          ? "table"
                                  : "operation");
    return RC_OK;
  }
  if (right_of(op, &right) < 0) {
    rc_warn(ctx,
            "%s:%lu: operation \"%.*s\" is not Create, Read, Write, Update, "
            "Delete, Append, AppendTo, Assign or Share: row skipped",
            c->file, c->record_line, (int)op.len, op.s);
    return RC_OK;
  }
  if (rc_array_reserve((void **)&u->rows, &u->cap, u->n + 1, sizeof(*row)))
    return rc_fail_nomem(ctx);
  row = &u->rows[u->n];
  row->user = copy(u, user, 1);
  row->user_name = copy(u, name, 0);
  row->table = copy(u, table, 1);
  row->right = right;
  row->operation = copy(u, op, 0);
  row->date = copy(u, cell(c, h->col[COL_DATE]), 0);
  row->file = c->file;
  row->line = c->record_line;
  if (!row->user || !row->user_name || !row->table || !row->operation ||
      !row->date)
    return rc_fail_nomem(ctx);
  u->n++;
  return RC_OK;
}

static int read_csv(rc_usage *u, rc_ctx *ctx, const char *file, const char *p,
                    const char *end)
{
  rc_csv c;
  header h;
  int eof, error;
  size_t i;
  rc_csv_init(&c, file, p, end, MAX_FILE);
  header_init(&h);
  error = rc_csv_record(&c, ctx, &eof);
  if (error < 0)
    goto done;
  for (i = 0; i < c.n; i++) {
    const char *s = rc_csv_field(&c, (int)i);
    header_add(&h, (int)i, s, strlen(s));
  }
  if (!has_user(&h) || !has_access(&h)) {
    const char *missing =
        "no table or operation column (Entity, Entity name, Table, Table "
        "name, Entity logical name, Operation, Action, Access type or "
        "Privilege)";
    if (!has_user(&h) && !has_access(&h))
      missing = "no user column and no table or operation column";
    else if (!has_user(&h))
      missing = "no user column (User principal name, UPN, User email, "
                "Email, User id, User, User name, Display name or Name)";
    error = rc_fail(ctx, RC_EINPUT,
                    "%s:1: %s: not a \"Non-conformant usage by users with "
                    "Team Member license\" download",
                    file, missing);
    goto done;
  }
  for (;;) {
    error = rc_csv_record(&c, ctx, &eof);
    if (error < 0 || eof)
      break;
    if (c.n == 1 && !cell(&c, 0).len)
      continue; /* an empty line (a CRLF one leaves its CR in the cell) */
    error = read_row(u, ctx, &c, &h);
    if (error < 0)
      break;
  }
done:
  rc_csv_dispose(&c);
  return error;
}

/* ---- one file ---- */

int rc_usage_add_file(rc_usage *u, rc_ctx *ctx, const char *path)
{
  rc_buf text;
  const char *p, *q, *end, *file;
  size_t before;
  int error;
  RC_ASSERT_ARG(ctx, u && path);
  before = u->n;
  rc_buf_init(&text, MAX_FILE);
  error = rc_buf_read_file(&text, ctx, path, "a non-conformant usage download",
                           RC_ELIMIT);
  if (error < 0)
    goto done;
  file = rc_arena_strdup(&u->arena, path);
  if (!file) {
    error = rc_fail_nomem(ctx);
    goto done;
  }
  p = rc_buf_cstr(&text);
  end = p + text.len;
  if (end - p >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
    p += 3;
  q = p;
  while (q < end && rc_ascii_isspace((unsigned char)*q))
    q++;
  /* an empty download: no access outside Team Members rights */
  if (q < end)
    error = read_csv(u, ctx, file, p, end);
  if (error < 0)
    u->n = before; /* drop this file's rows: the set stays as it was */
done:
  rc_buf_dispose(&text);
  return error;
}
