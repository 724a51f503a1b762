/* rolecheck users: which people are out of licence. The tenant exports
 * (--tenant FILE|DIR, each told by its content) give who holds which
 * licence and which role; the inputs give the roles. */
#include <dirent.h>
#include <rolecheck/rolecheck.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/exit.h"

/* What the reports of one run share. */
typedef struct {
  const loaded *L;
  const rule_setup *s;
  const rc_analysis *an;
  const rc_users *users;
  rc_users_report_options ro;
} users_report;

static int render_users(FILE *out, rc_ctx *ctx, void *payload)
{
  users_report *r = payload;
  return rc_view_users(out, ctx, r->L->models, r->L->count, r->s->pack, r->an,
                       r->users, &r->ro);
}

/* The tenant exports read, in the order given, a folder's files sorted by
 * name. */
typedef struct {
  char **paths;
  size_t n, cap;
  rc_licences *licences;
  rc_principals *principals;
  rc_usage *usage;
  size_t nlicences, nprincipals;
} tenant;

static int push_path(tenant *t, const char *path)
{
  char *copy = strdup(path);
  if (!copy)
    return RC_ENOMEM;
  if (t->n == t->cap) {
    size_t cap = t->cap ? 2 * t->cap : 16;
    char **grown = realloc(t->paths, cap * sizeof(*grown));
    if (!grown) {
      free(copy);
      return RC_ENOMEM;
    }
    t->paths = grown;
    t->cap = cap;
  }
  t->paths[t->n++] = copy;
  return RC_OK;
}

static int cmp_path(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A folder: its regular files (not recursively), sorted. */
static int push_dir(tenant *t, const char *dir)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  size_t first = t->n;
  int error = RC_OK;
  if (!d)
    return RC_EINPUT;
  while (!error && (e = readdir(d)) != NULL) {
    size_t n = strlen(dir) + strlen(e->d_name) + 2;
    char *path;
    struct stat st;
    if (e->d_name[0] == '.')
      continue;
    path = malloc(n);
    if (!path) {
      error = RC_ENOMEM;
      break;
    }
    snprintf(path, n, "%s/%s", dir, e->d_name);
    if (!stat(path, &st) && S_ISREG(st.st_mode))
      error = push_path(t, path);
    free(path);
  }
  closedir(d);
  if (t->n - first > 1)
    qsort(t->paths + first, t->n - first, sizeof(*t->paths), cmp_path);
  return error;
}

static void tenant_free(tenant *t)
{
  size_t i;
  for (i = 0; i < t->n; i++)
    free(t->paths[i]);
  free(t->paths);
  rc_licences_free(t->licences);
  rc_principals_free(t->principals);
  rc_usage_free(t->usage);
}

/* Read every export: 0, or the exit code (the message printed). */
static int read_tenant(rc_ctx *ctx, const cli_options *o, tenant *t)
{
  char **roles;
  size_t i, given;
  int error = RC_OK;
  for (i = 0; i < o->ntenant && !error; i++) {
    struct stat st;
    if (!stat(o->tenant[i], &st) && S_ISDIR(st.st_mode)) {
      given = t->n;
      error = push_dir(t, o->tenant[i]);
      if (error == RC_EINPUT || (!error && t->n == given)) {
        fprintf(stderr, "rolecheck: %s: %s\n", o->tenant[i],
                error ? "cannot read the folder" : "the folder holds no file");
        return RC_EXIT_INPUT;
      }
    } else {
      error = push_path(t, o->tenant[i]);
    }
  }
  if (!error)
    error = rc_licences_new(&t->licences);
  if (!error)
    error = rc_principals_new(&t->principals);
  if (!error)
    error = rc_usage_new(&t->usage);
  if (error)
    return rc_cli_out_of_memory();
  roles = malloc((t->n + 1) * sizeof(*roles));
  if (!roles)
    return rc_cli_out_of_memory();
  for (i = 0; i < t->n; i++) {
    rc_tenant_kind kind;
    struct stat st;
    error = rc_tenant_kind_of(ctx, t->paths[i], &kind);
    if (error) {
      free(roles);
      return rc_cli_fail(ctx, error);
    }
    switch (kind) {
    case RC_TENANT_LICENCES:
      error = rc_licences_add_file(t->licences, ctx, t->paths[i]);
      t->nlicences++;
      break;
    case RC_TENANT_PRINCIPALS:
      /* read together below: the pages are merged once */
      roles[t->nprincipals++] = t->paths[i];
      break;
    case RC_TENANT_USAGE:
      error = rc_usage_add_file(t->usage, ctx, t->paths[i]);
      break;
    default:
      if (!stat(t->paths[i], &st) && !st.st_size) {
        /* the usage download is empty when nobody went beyond Team
         * Members rights; nothing else rolecheck reads is */
        if (!o->quiet)
          fprintf(stderr, "rolecheck: warning: %s: an empty file; skipped\n",
                  t->paths[i]);
        continue;
      }
      fprintf(stderr,
              "rolecheck: %s: not a tenant export rolecheck reads (the "
              "Microsoft 365 users CSV, Graph users or Dataverse Web API "
              "JSON, a Configuration Migration data.xml or data.zip, the "
              "non-conformant usage CSV)\n",
              t->paths[i]);
      free(roles);
      return RC_EXIT_INPUT;
    }
    if (error) {
      free(roles);
      return rc_cli_fail(ctx, error);
    }
  }
  rc_principals_set_jobs(t->principals, (unsigned)o->jobs);
  error = rc_principals_add_files(t->principals, ctx,
                                  (const char *const *)roles, t->nprincipals);
  free(roles);
  if (error)
    return rc_cli_fail(ctx, error);
  if (!t->nprincipals) {
    fputs("rolecheck: users: no export of who holds which role (Dataverse "
          "Web API systemusers JSON or a Configuration Migration data.xml) "
          "among --tenant\n",
          stderr);
    return RC_EXIT_USAGE;
  }
  if (!t->nlicences) {
    fputs("rolecheck: users: no export of who holds which licence (the "
          "Microsoft 365 admin center users CSV or Graph users JSON) among "
          "--tenant\n",
          stderr);
    return RC_EXIT_USAGE;
  }
  return 0;
}

static int check_options(const cli_options *o, int nin, char **in)
{
  size_t i, k;
  if (!o->ntenant)
    return rc_cli_usage_error("%s", "users needs --tenant FILE|DIR: the "
                                    "exports of who holds which role and "
                                    "licence");
  if (o->assume)
    return rc_cli_usage_error("%s", "users judges each user by the licences "
                                    "they hold; --assume is not taken");
  if (o->role || o->baseline)
    return rc_cli_usage_error("%s", "--role and --baseline are not taken by "
                                    "users");
  /* no report over a tenant export */
  for (i = 0; i < o->ntenant; i++) {
    const char *t = o->tenant[i];
    char *one[1];
    one[0] = (char *)t;
    if (rc_cli_clobbers_input(o->output, 1, one))
      return rc_cli_usage_error(
          "'%s' is a tenant export; refusing to write over it", t);
    for (k = 0; k < o->nextra; k++) {
      if (rc_cli_clobbers_input(o->extra[k].path, 1, one))
        return rc_cli_usage_error(
            "'%s' is a tenant export; refusing to write over it", t);
    }
  }
  (void)nin;
  (void)in;
  return -1;
}

/* The most severe verdict present, as a severity (0: none). */
static int worst(const rc_users *users)
{
  int v, w = 0;
  for (v = 0; v < RC_VERDICT_COUNT; v++) {
    int s = rc_verdict_severity((rc_verdict)v);
    if (rc_users_verdict_count(users, (rc_verdict)v) && s > w)
      w = s;
  }
  return w;
}

int rc_cli_cmd_users(rc_ctx *ctx, const cli_options *o, int nin, char **in)
{
  rule_setup s;
  loaded L;
  tenant t;
  rc_analysis *an = NULL;
  rc_users *users = NULL;
  rc_users_plan *plan = NULL;
  rc_users_input ui;
  users_report r;
  rc_format format;
  int code, error;
  size_t i;

  if (rc_cli_parse_format(RC_VIEW_USERS, o->format, &format) < 0)
    return rc_cli_usage_error("format '%s' is not available for users",
                              o->format);
  for (i = 0; i < o->nextra; i++) {
    if (!rc_format_serves(o->extra[i].format, RC_VIEW_USERS))
      return rc_cli_usage_error("users writes no %s report",
                                o->extra[i].format->name);
  }
  if ((code = check_options(o, nin, in)) >= 0)
    return code;
  memset(&t, 0, sizeof(t));
  code = rc_cli_setup_rules(ctx, o, &s);
  if (code >= 0) {
    rc_setup_dispose(&s);
    return code;
  }
  code = rc_cli_load_inputs(ctx, o, nin, in, &L);
  if (code == RC_EXIT_INTERNAL)
    goto done;
  code = read_tenant(ctx, o, &t);
  if (code)
    goto done;
  error = rc_analyze(&an, ctx, s.pack, s.assign, L.models, L.count);
  memset(&ui, 0, sizeof(ui));
  ui.setup = &s;
  ui.models = L.models;
  ui.model_count = L.count;
  ui.analysis = an;
  ui.principals = t.principals;
  ui.licences = t.licences;
  ui.usage = t.usage;
  ui.jobs = (unsigned)o->jobs;
  if (!error)
    error = rc_users_judge(&users, ctx, &ui);
  if (!error && o->fix_plan)
    error = rc_users_plan_new(&plan, ctx, users, &ui);
  if (error < 0) {
    code = rc_cli_fail(ctx, error);
    goto done;
  }
  memset(&r, 0, sizeof(r));
  r.L = &L;
  r.s = &s;
  r.an = an;
  r.users = users;
  r.ro.redact = o->redact;
  r.ro.source_root = o->source_root;
  r.ro.tenant_files = (const char *const *)t.paths;
  r.ro.tenant_file_count = t.n;
  r.ro.plan = plan;
  code = 0;
  for (i = 0; i < o->nextra && !code; i++) {
    r.ro.format = o->extra[i].format->format;
    r.ro.color = 0;
    code = rc_cli_write(ctx, o->extra[i].path, render_users, &r);
  }
  if (!code) {
    r.ro.format = format;
    r.ro.color = rc_cli_use_color(o, o->output);
    code = rc_cli_write(ctx, o->output, render_users, &r);
  }
  rc_cli_scan_summary(&L, NULL);
  if (!code && L.code)
    code = L.code;
  if (!code && s.fail_on && worst(users) >= (int)s.fail_on)
    code = RC_EXIT_FINDINGS;
done:
  rc_users_plan_free(plan);
  rc_users_free(users);
  rc_analysis_free(an);
  tenant_free(&t);
  rc_cli_free_inputs(&L);
  rc_setup_dispose(&s);
  return code;
}
