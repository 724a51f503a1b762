/* Reads a tenant folder as rc_gen_tenant writes it with the library's
 * readers and nothing else: licences.csv with rc_licences_add_file(), every
 * systemusers-*.json and teams-*.json with rc_principals_add_files(), and
 * prints what they hold. bench.tools checks that the readers accept the
 * generated files; test/bench/users_run times it as the floor of the tenant
 * side (what reading these files costs with these libraries).
 *   rc_tenant_probe [--join] DIR
 * --join also counts the users whose Entra object id is a licence holder's,
 * and the users' effective role grants (direct and through teams). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rolecheck/rolecheck.h"

#define PATH_BUF 4096

static unsigned long warnings;

static void count_warning(const char *message, void *payload)
{
  (void)payload;
  if (warnings++ < 5)
    fprintf(stderr, "rc_tenant_probe: warning: %s\n", message);
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_affixes(const char *name, const char *prefix, const char *ext)
{
  size_t n = strlen(name), p = strlen(prefix), e = strlen(ext);
  return n > p + e && !strncmp(name, prefix, p) && !strcmp(name + n - e, ext);
}

/* The files of dir named prefix*.json, sorted, so that warnings come out
 * in the same order on every run. Returns how many; *out is malloc'ed. */
static size_t pages(const char *dir, const char *prefix, char ***out)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  size_t n = 0, cap = 0;
  char **v = NULL;
  if (!d) {
    fprintf(stderr, "rc_tenant_probe: cannot open %s\n", dir);
    exit(1);
  }
  while ((e = readdir(d))) {
    if (!has_affixes(e->d_name, prefix, ".json"))
      continue;
    if (n == cap) {
      char **grown;
      cap = cap ? cap * 2 : 32;
      grown = realloc(v, cap * sizeof(*v));
      if (!grown)
        exit(4);
      v = grown;
    }
    v[n] = malloc(strlen(dir) + strlen(e->d_name) + 2);
    if (!v[n])
      exit(4);
    sprintf(v[n], "%s/%s", dir, e->d_name);
    n++;
  }
  closedir(d);
  if (n)
    qsort(v, n, sizeof(*v), cmp_str);
  *out = v;
  return n;
}

static int fail(rc_ctx *ctx)
{
  fprintf(stderr, "rc_tenant_probe: %s\n", rc_ctx_error(ctx));
  return 3;
}

int main(int argc, char **argv)
{
  const char *dir;
  char path[PATH_BUF], **files[2];
  size_t nfiles[2], i, k;
  unsigned long grants = 0, memberships = 0, joined = 0, effective = 0;
  int join = argc == 3 && !strcmp(argv[1], "--join"), rc = 0;
  rc_ctx *ctx = NULL;
  rc_licences *lic = NULL;
  rc_principals *pr = NULL;

  if (argc != 2 + join) {
    fprintf(stderr, "usage: rc_tenant_probe [--join] DIR\n");
    return 2;
  }
  dir = argv[1 + join];
  if (snprintf(path, sizeof(path), "%s/licences.csv", dir) >= PATH_BUF)
    return 2;
  if (rc_ctx_new(&ctx) < 0 || rc_licences_new(&lic) < 0 ||
      rc_principals_new(&pr) < 0)
    return 4;
  rc_ctx_set_warn(ctx, count_warning, NULL);
  nfiles[0] = pages(dir, "systemusers-", &files[0]);
  nfiles[1] = pages(dir, "teams-", &files[1]);
  if (rc_licences_add_file(lic, ctx, path) < 0)
    rc = fail(ctx);
  /* all the pages at once, as rolecheck users reads them */
  if (!rc) {
    const char **all = malloc((nfiles[0] + nfiles[1] + 1) * sizeof(*all));
    size_t n = 0;
    for (k = 0; all && k < 2; k++)
      for (i = 0; i < nfiles[k]; i++)
        all[n++] = files[k][i];
    if (!all)
      return 4;
    if (rc_principals_add_files(pr, ctx, all, n) < 0)
      rc = fail(ctx);
    free(all);
  }
  if (!rc) {
    for (i = 0; i < rc_principals_user_count(pr); i++) {
      const rc_principal_user *u = rc_principals_user(pr, i);
      grants += (unsigned long)u->role_count;
      memberships += (unsigned long)u->team_count;
      if (join) {
        size_t n;
        rc_principals_effective_roles(pr, u, &n);
        effective += (unsigned long)n;
        joined += *u->object_id && rc_licences_find(lic, u->object_id);
      }
    }
    printf("%lu licence holders (%lu soft-deleted rows skipped); %lu users, "
           "%lu teams from %lu+%lu pages; %lu direct role grants, %lu team "
           "memberships; %lu warnings\n",
           (unsigned long)rc_licences_user_count(lic),
           (unsigned long)rc_licences_deleted_count(lic),
           (unsigned long)rc_principals_user_count(pr),
           (unsigned long)rc_principals_team_count(pr),
           (unsigned long)nfiles[0], (unsigned long)nfiles[1], grants,
           memberships, warnings);
    if (join)
      printf("%lu users with a licence holder of their object id; %lu "
             "effective role grants\n",
             joined, effective);
  }
  for (k = 0; k < 2; k++) {
    for (i = 0; i < nfiles[k]; i++)
      free(files[k][i]);
    free(files[k]);
  }
  rc_principals_free(pr);
  rc_licences_free(lic);
  rc_ctx_free(ctx);
  return rc;
}
