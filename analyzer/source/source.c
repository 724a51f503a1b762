/* Finding inputs: classify a path as a solution zip, an unpacked or extracted
 * folder, a bare XML file, or a tree to scan; and the container plumbing. */
#include "source/source.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parse/xml.h"
#include "util/alloc.h"
#include "util/ascii.h"
#include "util/error.h"
#include "util/sys.h"

#define TREE_MAX_DEPTH 32

int rc_input_list_new(rc_input_list **out)
{
  *out = rc_calloc(1, sizeof(**out));
  return *out ? RC_OK : RC_ENOMEM;
}

void rc_input_list_free(rc_input_list *list)
{
  size_t i;
  if (!list)
    return;
  for (i = 0; i < list->count; i++)
    rc_free(list->items[i].path);
  rc_free(list->items);
  rc_free(list);
}

size_t rc_input_list_count(const rc_input_list *list)
{
  return list->count;
}

const char *rc_input_list_path(const rc_input_list *list, size_t i)
{
  return list->items[i].path;
}

rc_input_kind rc_input_list_kind(const rc_input_list *list, size_t i)
{
  return list->items[i].kind;
}

const char *rc_input_kind_name(rc_input_kind kind)
{
  switch (kind) {
  case RC_INPUT_ZIP:
    return "zip";
  case RC_INPUT_UNPACKED:
    return "unpacked";
  case RC_INPUT_EXTRACTED:
    return "extracted";
  case RC_INPUT_CUSTOMIZATIONS:
    return "customizations";
  case RC_INPUT_ROLE_FILE:
    return "role-file";
  case RC_INPUT_PAGES_SITE:
    return "pages-site";
  case RC_INPUT_CMT_DATA:
    return "cmt-data";
  }
  return "unknown";
}

char *rc_path_join(const char *a, const char *b)
{
  size_t la = strlen(a), lb = strlen(b);
  int slash = la > 0 && a[la - 1] != '/';
  char *p = rc_malloc(la + (size_t)slash + lb + 1);
  if (!p)
    return NULL;
  memcpy(p, a, la);
  if (slash)
    p[la] = '/';
  memcpy(p + la + (size_t)slash, b, lb + 1);
  return p;
}

static int push_input(rc_input_list *list, rc_ctx *ctx, rc_input_kind kind,
                      const char *path)
{
  void *items = list->items;
  char *copy;
  if (rc_array_reserve(&items, &list->cap, list->count + 1,
                       sizeof(*list->items)) < 0)
    return rc_fail_nomem(ctx);
  list->items = items;
  copy = rc_strndup(path, strlen(path));
  if (!copy)
    return rc_fail_nomem(ctx);
  list->items[list->count].kind = kind;
  list->items[list->count].path = copy;
  list->count++;
  return RC_OK;
}

/* Case-insensitive lookup of one name inside a directory. Returns a heap
 * path of the match or NULL; *is_dir tells its type. */
static char *dir_child(const char *dir, const char *name, int want_dir)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  char *found = NULL;
  if (!d)
    return NULL;
  while ((e = readdir(d)) != NULL) {
    struct stat st;
    char *p;
    if (rc_ascii_casecmp(e->d_name, name))
      continue;
    p = rc_path_join(dir, e->d_name);
    if (!p)
      break;
    /* a file may be a link (checked when read); folders are never
     * followed through links */
    if (!rc_sys_lstat(p, &st) &&
        (want_dir ? S_ISDIR(st.st_mode)
                  : S_ISREG(st.st_mode) || rc_sys_is_link(&st))) {
      found = p;
      break;
    }
    rc_free(p);
  }
  closedir(d);
  return found;
}

static int has_child(const char *dir, const char *name, int want_dir)
{
  char *p = dir_child(dir, name, want_dir);
  rc_free(p);
  return p != NULL;
}

/* The folder forms of solution-format.md section 1.3. */
static int classify_dir(const char *dir, rc_input_kind *kind)
{
  char *other = dir_child(dir, "Other", 1);
  if (other) {
    int manifest = has_child(other, "Solution.xml", 0);
    rc_free(other);
    if (manifest) {
      *kind = RC_INPUT_UNPACKED;
      return 1;
    }
  }
  if (has_child(dir, "solution.xml", 0) &&
      (has_child(dir, "customizations.xml", 0) ||
       has_child(dir, "[Content_Types].xml", 0))) {
    *kind = RC_INPUT_EXTRACTED;
    return 1;
  }
  if (has_child(dir, "data.xml", 0) && has_child(dir, "data_schema.xml", 0)) {
    *kind = RC_INPUT_CMT_DATA;
    return 1;
  }
  if (has_child(dir, "web-roles", 1) ||
      has_child(dir, "table-permissions", 1) ||
      has_child(dir, "webrole.yml", 0)) {
    *kind = RC_INPUT_PAGES_SITE;
    return 1;
  }
  return 0;
}

static int ends_with_zip(const char *name)
{
  size_t n = strlen(name);
  return n > 4 && !rc_ascii_casecmp(name + n - 4, ".zip");
}

/* Solutions found by a tree scan, sorted by path before they are added. */
typedef struct {
  rc_input_list found;
  size_t visited;
} tree_scan;

static int scan_tree(tree_scan *t, rc_ctx *ctx, const char *dir, unsigned depth)
{
  DIR *d;
  struct dirent *e;
  int error = RC_OK;
  if (depth > TREE_MAX_DEPTH)
    return RC_OK;
  d = opendir(dir);
  if (!d)
    return rc_fail(ctx, RC_EINPUT, "%s: cannot read directory: %s", dir,
                   strerror(errno));
  while (!error && (e = readdir(d)) != NULL) {
    struct stat st;
    char *p;
    rc_input_kind kind;
    if (e->d_name[0] == '.' &&
        (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
      continue;
    if (++t->visited > ctx->limits.max_files) {
      error = rc_fail(ctx, RC_ELIMIT,
                      "%s: more than %u files in the scan (--max-files)", dir,
                      ctx->limits.max_files);
      break;
    }
    p = rc_path_join(dir, e->d_name);
    if (!p) {
      error = rc_fail_nomem(ctx);
      break;
    }
    /* never follow links: a tree scan stays inside the tree */
    if (rc_sys_lstat(p, &st) < 0) {
      error = rc_fail(ctx, RC_EINPUT, "%s: %s", p, strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
      if (classify_dir(p, &kind))
        error = push_input(&t->found, ctx, kind, p);
      else
        error = scan_tree(t, ctx, p, depth + 1);
    } else if (S_ISREG(st.st_mode) && ends_with_zip(e->d_name)) {
      int is = rc_zip__is_solution(ctx, p);
      if (is < 0)
        error = is;
      else if (is)
        error = push_input(&t->found, ctx,
                           is == 2 ? RC_INPUT_CMT_DATA : RC_INPUT_ZIP, p);
      else
        rc_warn(ctx,
                "%s: skipped, a zip without solution.xml and "
                "customizations.xml",
                p);
    }
    rc_free(p);
  }
  closedir(d);
  return error;
}

static int cmp_input(const void *a, const void *b)
{
  return strcmp(((const rc_input *)a)->path, ((const rc_input *)b)->path);
}

static int add_tree(rc_input_list *list, rc_ctx *ctx, const char *dir)
{
  tree_scan t;
  size_t i;
  int error;
  memset(&t, 0, sizeof(t));
  error = scan_tree(&t, ctx, dir, 0);
  /* "rolecheck roles ." names what it finds "a/b.zip", not "./a/b.zip" */
  if (!strcmp(dir, ".")) {
    for (i = 0; i < t.found.count; i++) {
      char *p = t.found.items[i].path;
      memmove(p, p + 2, strlen(p + 2) + 1);
    }
  }
  if (!error && !t.found.count)
    error =
        rc_fail(ctx, RC_EINPUT, "%s: no solution found in this directory", dir);
  if (!error && t.found.count > 1)
    qsort(t.found.items, t.found.count, sizeof(rc_input), cmp_input);
  for (i = 0; !error && i < t.found.count; i++)
    error = push_input(list, ctx, t.found.items[i].kind, t.found.items[i].path);
  for (i = 0; i < t.found.count; i++)
    rc_free(t.found.items[i].path);
  rc_free(t.found.items);
  return error;
}

static int add_file(rc_input_list *list, rc_ctx *ctx, const char *path)
{
  unsigned char magic[4] = {0};
  long n;
  int fd = rc_sys_open_read(path, 0);
  if (fd < 0)
    return rc_fail(ctx, RC_EINPUT, "%s: %s", path, strerror(errno));
  n = rc_sys_read(fd, magic, sizeof(magic));
  close(fd);
  if (n < 0)
    return rc_fail(ctx, RC_EINPUT, "%s: %s", path, strerror(errno));
  if (n == 0)
    return rc_fail(ctx, RC_EINPUT, "%s: empty file, not a solution", path);
  if (n >= 2 && magic[0] == 'P' && magic[1] == 'K') {
    int is = rc_zip__is_solution(ctx, path);
    if (is < 0)
      return is;
    if (!is)
      return rc_fail(ctx, RC_EINPUT,
                     "%s: not a solution zip (no solution.xml and "
                     "customizations.xml at its root)",
                     path);
    return push_input(list, ctx, is == 2 ? RC_INPUT_CMT_DATA : RC_INPUT_ZIP,
                      path);
  }
  {
    char root[64];
    int error = rc_xml_root_element(ctx, path, root, sizeof(root));
    if (error < 0)
      return error;
    if (!strcmp(root, "ImportExportXml"))
      return push_input(list, ctx, RC_INPUT_CUSTOMIZATIONS, path);
    if (!strcmp(root, "Role"))
      return push_input(list, ctx, RC_INPUT_ROLE_FILE, path);
    return rc_fail(ctx, RC_EINPUT,
                   "%s: not a solution file (root element <%s>, expected "
                   "<ImportExportXml> or <Role>)",
                   path, root);
  }
}

int rc_input_list_add(rc_input_list *list, rc_ctx *ctx, const char *path)
{
  struct stat st;
  char *clean;
  size_t len = strlen(path);
  int error;
  rc_input_kind kind;
  /* "dir/" is "dir" ("C:/" stays: "C:" is another folder) */
  while (len > 1 && RC_SYS_IS_SEP(path[len - 1]) &&
         !(len == 3 && path[1] == ':'))
    len--;
  clean = rc_strndup(path, len);
  if (!clean)
    return rc_fail_nomem(ctx);
  if (stat(clean, &st) < 0) {
    error = rc_fail(ctx, RC_EINPUT, "%s: %s", clean, strerror(errno));
  } else if (S_ISDIR(st.st_mode)) {
    if (classify_dir(clean, &kind))
      error = push_input(list, ctx, kind, clean);
    else
      error = add_tree(list, ctx, clean);
  } else if (S_ISREG(st.st_mode)) {
    error = add_file(list, ctx, clean);
  } else {
    error = rc_fail(ctx, RC_EINPUT, "%s: not a file or directory", clean);
  }
  rc_free(clean);
  return error;
}

/* ---- containers ---- */

int rc_container_open(rc_container **out, rc_ctx *ctx, const rc_input *input)
{
  struct stat st;
  switch (input->kind) {
  case RC_INPUT_ZIP:
    return rc_zip__open(out, ctx, input->path);
  case RC_INPUT_CMT_DATA:
    /* data.zip, or its extracted folder */
    if (stat(input->path, &st) == 0 && S_ISREG(st.st_mode))
      return rc_zip__open(out, ctx, input->path);
    return rc_dir__open(out, ctx, input->path, 1);
  case RC_INPUT_UNPACKED:
  case RC_INPUT_EXTRACTED:
  case RC_INPUT_PAGES_SITE:
    /* Entities/<name>/Entity.xml and AppModules/<name>/AppModule.xml sit
     * three levels down; src/-layout roots are found by the scan itself. */
    return rc_dir__open(out, ctx, input->path, 3);
  case RC_INPUT_CUSTOMIZATIONS:
  case RC_INPUT_ROLE_FILE:
    return rc_file__open(out, ctx, input->path);
  }
  return rc_fail(ctx, RC_ERROR, "%s: unknown input kind", input->path);
}

void rc_container_close(rc_container *c)
{
  if (c)
    c->ops->close(c);
}

long rc_container_find(const rc_container *c, const char *rel)
{
  size_t i;
  for (i = 0; i < c->ndocs; i++) {
    if (!rc_ascii_casecmp(c->docs[i], rel))
      return (long)i;
  }
  return -1;
}

int rc_container_open_doc(rc_stream **out, rc_ctx *ctx, rc_container *c,
                          size_t i)
{
  *out = NULL;
  return c->ops->open_doc(out, ctx, c, i);
}

int rc_stream_next(rc_stream *s, rc_ctx *ctx, const char **data, size_t *len)
{
  if (s->pending_len) {
    *data = s->pending;
    *len = s->pending_len;
    s->pending_len = 0;
    return RC_OK;
  }
  return s->next(s, ctx, data, len);
}

int rc_stream_read(rc_stream *s, rc_ctx *ctx, char *buf, size_t cap,
                   size_t *got)
{
  *got = 0;
  if (!s->pending_len) {
    int error = s->next(s, ctx, &s->pending, &s->pending_len);
    if (error < 0)
      return error;
  }
  *got = s->pending_len < cap ? s->pending_len : cap;
  memcpy(buf, s->pending, *got);
  s->pending += *got;
  s->pending_len -= *got;
  return RC_OK;
}

void rc_stream_close(rc_stream *s)
{
  if (s)
    s->close(s);
}

int rc_stream__account(rc_stream *s, rc_ctx *ctx, size_t got)
{
  s->read_bytes += got;
  s->container->total_read += got;
  if (s->read_bytes > ctx->limits.max_entry_size)
    return rc_fail(ctx, RC_ELIMIT,
                   "%s: larger than %llu bytes uncompressed "
                   "(--max-entry-size)",
                   s->display, (unsigned long long)ctx->limits.max_entry_size);
  if (s->container->total_read > ctx->limits.max_total_bytes)
    return rc_fail(ctx, RC_ELIMIT,
                   "%s: more than %llu bytes read from this input, "
                   "reading this entry (--max-total)",
                   s->display, (unsigned long long)ctx->limits.max_total_bytes);
  return RC_OK;
}

int rc_container__add_doc(rc_container *c, const char *name, size_t len)
{
  void *docs = c->docs;
  char *copy;
  if (rc_array_reserve(&docs, &c->docs_cap, c->ndocs + 1, sizeof(char *)) < 0)
    return RC_ENOMEM;
  c->docs = docs;
  copy = rc_strndup(name, len);
  if (!copy)
    return RC_ENOMEM;
  c->docs[c->ndocs++] = copy;
  return RC_OK;
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

void rc_container__sort_docs(rc_container *c)
{
  if (c->ndocs > 1)
    qsort(c->docs, c->ndocs, sizeof(char *), cmp_str);
}

void rc_container__free_docs(rc_container *c)
{
  size_t i;
  for (i = 0; i < c->ndocs; i++)
    rc_free(c->docs[i]);
  rc_free(c->docs);
  rc_free(c->path);
}
