/* Writes a zip of a folder's files as an export or a Package Deployer
 * package does: files only (no directory entries), sorted, deflated, a
 * fixed time; with -b the entry names use backslashes, as Package Deployer
 * packages do ("PkgFolder\x.zip").
 *   mkzip [-b] OUT.zip DIR */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

static char **names;
static size_t count, cap;

static void die(const char *what, const char *detail)
{
  fprintf(stderr, "mkzip: %s: %s\n", what, detail);
  exit(1);
}

static void list(const char *root, const char *rel)
{
  char path[4096];
  DIR *d;
  struct dirent *e;
  snprintf(path, sizeof(path), "%s%s%s", root, rel[0] ? "/" : "", rel);
  d = opendir(path);
  if (!d)
    die(path, "cannot read the folder");
  while ((e = readdir(d)) != NULL) {
    char child[4096], abs[8192];
    struct stat st;
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
      continue;
    snprintf(child, sizeof(child), "%s%s%s", rel, rel[0] ? "/" : "", e->d_name);
    snprintf(abs, sizeof(abs), "%s/%s", root, child);
    if (stat(abs, &st) < 0)
      die(abs, "cannot stat");
    if (S_ISDIR(st.st_mode)) {
      list(root, child);
    } else {
      if (count == cap) {
        cap = cap ? cap * 2 : 64;
        names = realloc(names, cap * sizeof(*names));
        if (!names)
          die("memory", "out of memory");
      }
      names[count] = strdup(child);
      if (!names[count++])
        die("memory", "out of memory");
    }
  }
  closedir(d);
}

static int cmp(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
  int backslash = argc > 1 && !strcmp(argv[1], "-b"), error = 0;
  const char *out, *dir;
  zip_t *z;
  size_t i;
  if (argc != 3 + backslash) {
    fputs("usage: mkzip [-b] OUT.zip DIR\n", stderr);
    return 2;
  }
  out = argv[1 + backslash];
  dir = argv[2 + backslash];
  list(dir, "");
  qsort(names, count, sizeof(*names), cmp);
  remove(out);
  z = zip_open(out, ZIP_CREATE | ZIP_EXCL, &error);
  if (!z)
    die(out, "cannot create");
  for (i = 0; i < count; i++) {
    char abs[8192], *p;
    zip_source_t *src;
    zip_int64_t idx;
    snprintf(abs, sizeof(abs), "%s/%s", dir, names[i]);
    src = zip_source_file(z, abs, 0, -1);
    if (backslash) {
      for (p = names[i]; *p; p++) {
        if (*p == '/')
          *p = '\\';
      }
    }
    idx = src ? zip_file_add(z, names[i], src, ZIP_FL_ENC_UTF_8) : -1;
    if (idx < 0)
      die(abs, zip_strerror(z));
    /* 2024-01-01 00:00, so that the bytes do not depend on the clock */
    zip_file_set_dostime(z, (zip_uint64_t)idx, 0, (44 << 9) | (1 << 5) | 1, 0);
  }
  if (zip_close(z) < 0)
    die(out, zip_strerror(z));
  for (i = 0; i < count; i++)
    free(names[i]);
  free(names);
  return 0;
}
