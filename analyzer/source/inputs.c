/* Finding inputs: classify a path as a solution zip, an unpacked or extracted
 * folder, a bare XML file, or a tree to scan, and open an input with the
 * back-end its kind needs. */
#include "source/inputs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
  for (i = 0; i < list->count; i++) {
    rc_free(list->items[i].path);
    rc_free(list->items[i].file);
    rc_free(list->items[i].entry);
  }
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

int rc_input_list_scanned(const rc_input_list *list, size_t i)
{
  return list->items[i].scanned;
}

size_t rc_input_list_skipped(const rc_input_list *list)
{
  return list->skipped;
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

static char *dup_or_null(const char *s, int *nomem)
{
  char *copy;
  if (!s)
    return NULL;
  copy = rc_strndup(s, strlen(s));
  if (!copy)
    *nomem = 1;
  return copy;
}

/* Append a copy of in. */
static int push(rc_input_list *list, rc_ctx *ctx, const rc_input *in)
{
  void *items = list->items;
  rc_input copy;
  int nomem = 0;
  if (rc_array_reserve(&items, &list->cap, list->count + 1,
                       sizeof(*list->items)) < 0)
    return rc_fail_nomem(ctx);
  list->items = items;
  copy = *in;
  copy.path = dup_or_null(in->path, &nomem);
  copy.file = dup_or_null(in->file, &nomem);
  copy.entry = dup_or_null(in->entry, &nomem);
  if (nomem) {
    rc_free(copy.path);
    rc_free(copy.file);
    rc_free(copy.entry);
    return rc_fail_nomem(ctx);
  }
  list->items[list->count++] = copy;
  return RC_OK;
}

static int push_input(rc_input_list *list, rc_ctx *ctx, rc_input_kind kind,
                      const char *path, int scanned)
{
  rc_input in;
  memset(&in, 0, sizeof(in));
  in.kind = kind;
  in.path = (char *)path;
  in.scanned = scanned;
  return push(list, ctx, &in);
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

/* The first bytes of a file: 1 if they open a zip ("PK"), 0 if not (or the
 * file is empty: *empty is set), < 0 with a message if unreadable. */
static int zip_magic(rc_ctx *ctx, const char *path, int *empty)
{
  unsigned char magic[4] = {0};
  long n;
  int fd = rc_sys_open_read(path, 0);
  *empty = 0;
  if (fd < 0)
    return rc_fail(ctx, RC_EINPUT, "%s: %s", path, strerror(errno));
  n = rc_sys_read(fd, magic, sizeof(magic));
  close(fd);
  if (n < 0)
    return rc_fail(ctx, RC_EINPUT, "%s: %s", path, strerror(errno));
  *empty = n == 0;
  return n >= 2 && magic[0] == 'P' && magic[1] == 'K';
}

typedef struct {
  rc_input_list *list;
  const char *path;
  int scanned;
} zip_target;

static int zip_found(rc_ctx *ctx, rc_input_kind kind, const char *entry,
                     const char *display, void *payload)
{
  zip_target *t = payload;
  rc_input in;
  memset(&in, 0, sizeof(in));
  in.kind = kind;
  in.path = (char *)display;
  in.file = entry ? (char *)t->path : NULL;
  in.entry = (char *)entry;
  in.scanned = t->scanned;
  return push(t->list, ctx, &in);
}

/* Every solution and data set of the zip at path (itself, or the zips of a
 * Package Deployer package), given what zip_magic said of its first bytes.
 * Returns how many, or < 0. */
static int zip_inputs(rc_input_list *list, rc_ctx *ctx, const char *path,
                      int scanned, int magic, int empty)
{
  zip_target t;
  if (magic < 0)
    return magic;
  if (empty)
    return rc_fail(ctx, RC_EINPUT, "%s: empty file, not a zip archive", path);
  if (!magic)
    return rc_fail(ctx, RC_EINPUT, "%s: not a zip archive", path);
  t.list = list;
  t.path = path;
  t.scanned = scanned;
  return rc_zip__scan(ctx, path, zip_found, &t);
}

static int add_zip(rc_input_list *list, rc_ctx *ctx, const char *path,
                   int scanned)
{
  int empty, magic = zip_magic(ctx, path, &empty);
  return zip_inputs(list, ctx, path, scanned, magic, empty);
}

/* Drop the inputs after the first keep (a zip that failed half-way). */
static void truncate_list(rc_input_list *list, size_t keep)
{
  while (list->count > keep) {
    rc_input *in = &list->items[--list->count];
    rc_free(in->path);
    rc_free(in->file);
    rc_free(in->entry);
  }
}

/* Solutions found by a tree scan, sorted by path before they are added. */
typedef struct {
  rc_input_list found;
  size_t visited;
  int sites_only; /* below a solution folder: only Power Pages sites */
} tree_scan;

static int scan_tree(tree_scan *t, rc_ctx *ctx, const char *dir,
                     unsigned depth);

/* A folder that is a solution (or data, or a site): the input itself, and
 * any Power Pages site below it or beside its Other/ folder, which a
 * solution's documents never include. Below a site, anything is looked
 * for (a repository whose root holds a site and whose src/ a solution). */
static int add_folder(tree_scan *t, rc_ctx *ctx, const char *dir,
                      rc_input_kind kind, unsigned depth, int scanned)
{
  int error = push_input(&t->found, ctx, kind, dir, scanned);
  int was = t->sites_only;
  if (error < 0)
    return error;
  if (kind != RC_INPUT_PAGES_SITE) {
    if (has_child(dir, "web-roles", 1) ||
        has_child(dir, "table-permissions", 1))
      error = push_input(&t->found, ctx, RC_INPUT_PAGES_SITE, dir, 1);
    t->sites_only = 1;
  }
  if (!error)
    error = scan_tree(t, ctx, dir, depth + 1);
  t->sites_only = was;
  return error;
}

/* A file a scan could not read: warned about and counted, not fatal. */
static int skip_file(tree_scan *t, rc_ctx *ctx, int error)
{
  if (error == RC_ENOMEM)
    return error;
  rc_warn(ctx, "%s; skipped", rc_ctx_error(ctx));
  t->found.skipped++;
  return RC_OK;
}

static int scan_tree(tree_scan *t, rc_ctx *ctx, const char *dir, unsigned depth)
{
  DIR *d;
  struct dirent *e;
  int error = RC_OK;
  if (depth > TREE_MAX_DEPTH)
    return RC_OK;
  d = opendir(dir);
  if (!d) {
    error = rc_fail(ctx, RC_EINPUT, "%s: cannot read directory: %s", dir,
                    strerror(errno));
    /* the folder named is an error; one found below it is skipped */
    return depth ? skip_file(t, ctx, error) : error;
  }
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
      error = skip_file(t, ctx,
                        rc_fail(ctx, RC_EINPUT, "%s: %s", p, strerror(errno)));
    } else if (S_ISDIR(st.st_mode)) {
      int is = classify_dir(p, &kind);
      if (is && t->sites_only && kind != RC_INPUT_PAGES_SITE)
        is = 0; /* a solution's own folders are not searched for more */
      if (is)
        error = add_folder(t, ctx, p, kind, depth, 1);
      else
        error = scan_tree(t, ctx, p, depth + 1);
    } else if (S_ISREG(st.st_mode) && !t->sites_only &&
               rc_source__is_zip_name(e->d_name)) {
      size_t before = t->found.count;
      int n = add_zip(&t->found, ctx, p, 1);
      if (n < 0) {
        truncate_list(&t->found, before);
        error = skip_file(t, ctx, n);
      } else if (!n) {
        rc_warn(ctx,
                "%s: skipped, a zip without solution.xml and "
                "customizations.xml",
                p);
        t->found.skipped++;
      }
    }
    rc_free(p);
  }
  closedir(d);
  return error;
}

static int cmp_input(const void *a, const void *b)
{
  const rc_input *x = a, *y = b;
  int c = strcmp(x->path, y->path);
  /* a folder that is a solution and a site: the solution first */
  return c ? c : (x->kind > y->kind) - (x->kind < y->kind);
}

/* dir itself (a solution folder: kind set, is 1) or a tree to scan. */
static int add_tree(rc_input_list *list, rc_ctx *ctx, const char *dir, int is,
                    rc_input_kind kind)
{
  tree_scan t;
  size_t i;
  int error;
  memset(&t, 0, sizeof(t));
  error =
      is ? add_folder(&t, ctx, dir, kind, 0, 0) : scan_tree(&t, ctx, dir, 0);
  /* "rolecheck roles ." names what it finds "a/b.zip", not "./a/b.zip" */
  if (!strcmp(dir, ".")) {
    for (i = 0; i < t.found.count; i++) {
      char *p = t.found.items[i].path;
      if (!strncmp(p, "./", 2))
        memmove(p, p + 2, strlen(p + 2) + 1);
    }
  }
  if (!error && !t.found.count)
    error = rc_fail(ctx, RC_EINPUT,
                    t.found.skipped
                        ? "%s: no readable solution found in this directory"
                        : "%s: no solution found in this directory",
                    dir);
  if (!error && t.found.count > 1)
    qsort(t.found.items, t.found.count, sizeof(rc_input), cmp_input);
  for (i = 0; !error && i < t.found.count; i++)
    error = push(list, ctx, &t.found.items[i]);
  list->skipped += t.found.skipped;
  truncate_list(&t.found, 0);
  rc_free(t.found.items);
  return error;
}

/* A bare file that is not a zip: file_kind says what its one document is. */
static int add_bare_file(rc_input_list *list, rc_ctx *ctx, const char *path,
                         rc_input_file_fn file_kind)
{
  rc_container *c;
  rc_stream *s = NULL;
  rc_input_kind kind;
  int error = rc_file__open(&c, ctx, path);
  if (error < 0)
    return error;
  error = rc_container_open_doc(&s, ctx, c, 0);
  if (!error)
    error = file_kind(ctx, s, &kind);
  rc_stream_close(s);
  rc_container_close(c);
  return error < 0 ? error : push_input(list, ctx, kind, path, 0);
}

static int add_file(rc_input_list *list, rc_ctx *ctx, const char *path,
                    rc_input_file_fn file_kind)
{
  int empty, magic = zip_magic(ctx, path, &empty);
  if (magic < 0)
    return magic;
  if (empty)
    return rc_fail(ctx, RC_EINPUT, "%s: empty file, not a solution", path);
  if (magic || rc_source__is_zip_name(path)) {
    size_t before = list->count;
    int n = zip_inputs(list, ctx, path, 0, magic, 0);
    if (n < 0)
      truncate_list(list, before);
    if (n)
      return n < 0 ? n : RC_OK;
    return rc_fail(ctx, RC_EINPUT,
                   "%s: not a solution zip (no solution.xml and "
                   "customizations.xml at its root, and no solution zip "
                   "inside)",
                   path);
  }
  return add_bare_file(list, ctx, path, file_kind);
}

int rc_input_list__add(rc_input_list *list, rc_ctx *ctx, const char *path,
                       rc_input_file_fn file_kind)
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
    int is = classify_dir(clean, &kind);
    error = add_tree(list, ctx, clean, is, kind);
  } else if (S_ISREG(st.st_mode)) {
    error = add_file(list, ctx, clean, file_kind);
  } else {
    error = rc_fail(ctx, RC_EINPUT, "%s: not a file or directory", clean);
  }
  rc_free(clean);
  return error;
}

/* ---- opening an input ---- */

int rc_container_open(rc_container **out, rc_ctx *ctx, const rc_input *input)
{
  struct stat st;
  if (input->entry)
    return rc_zip__open_nested(out, ctx, input->file, input->entry,
                               input->path);
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
