/* Shared fuzzing harness: limits, the scratch folder, the sample model and
 * the checks every target runs on what the library hands back. */
#include "fuzz_common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/model.h"
#include "util/alloc.h"
#include "util/ascii.h"

/* Low ceilings: libFuzzer inputs are at most a few hundred KiB, and a
 * single input must finish in milliseconds, never seconds. */
static const rc_limits fuzz_limits = {
    UINT64_C(1) << 20, /* max_entry_size: 1 MiB */
    UINT64_C(4) << 20, /* max_total_bytes: 4 MiB */
    100,               /* max_ratio */
    64,                /* max_entries */
    64,                /* max_xml_depth */
    1u << 16,          /* max_text_len: 64 KiB */
    256,               /* max_roles */
    1024,              /* max_privileges */
    2048,              /* max_tables */
    64,                /* max_files */
    0,                 /* strict_xml: the skim, as by default */
};

/* Every path created in the scratch folder, in creation order, so that
 * removing them in reverse order empties it (children before parents). */
#define MAX_CREATED 64

static char scratch[64];
static char *created[MAX_CREATED];
static size_t ncreated;
static char path_buf[4096];
static rc_rulepack *builtin_pack;
static rc_model *sample_model;
static volatile size_t sink; /* keeps the string walks from being elided */

void fuzz_fail(const char *file, int line, const char *what)
{
  fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
  abort();
}

static void cleanup(void)
{
  rc_model_free(sample_model);
  sample_model = NULL;
  rc_rulepack_free(builtin_pack);
  builtin_pack = NULL;
  while (ncreated) {
    char *p = created[--ncreated];
    remove(p);
    free(p);
  }
  if (scratch[0])
    rmdir(scratch);
}

static void ensure_cleanup(void)
{
  static int registered;
  if (!registered) {
    atexit(cleanup);
    registered = 1;
  }
}

static void remember(const char *path)
{
  size_t i;
  for (i = 0; i < ncreated; i++) {
    if (!strcmp(created[i], path))
      return;
  }
  FUZZ_CHECK(ncreated < MAX_CREATED);
  created[ncreated] = strdup(path);
  FUZZ_CHECK(created[ncreated] != NULL);
  ncreated++;
}

static const char *scratch_dir(void)
{
  if (!scratch[0]) {
    /* the pid in the name lets test/fuzz/run remove what a crashed
     * process left behind */
    snprintf(scratch, sizeof(scratch), "/tmp/rolecheck-fuzz-%ld-XXXXXX",
             (long)getpid());
    if (!mkdtemp(scratch)) {
      fprintf(stderr, "cannot create %s: %s\n", scratch, strerror(errno));
      abort();
    }
    ensure_cleanup();
  }
  return scratch;
}

const char *fuzz_path(const char *rel)
{
  int n = snprintf(path_buf, sizeof(path_buf), "%s/%s", scratch_dir(), rel);
  FUZZ_CHECK(n > 0 && (size_t)n < sizeof(path_buf));
  return path_buf;
}

const char *fuzz_write(const char *rel, const void *data, size_t size)
{
  const char *path = fuzz_path(rel);
  size_t off = strlen(scratch) + 1;
  char *slash;
  int fd;
  /* parents, one segment at a time */
  slash = strchr(path_buf + off, '/');
  while (slash) {
    *slash = '\0';
    if (mkdir(path_buf, 0700) < 0 && errno != EEXIST) {
      fprintf(stderr, "cannot create %s: %s\n", path_buf, strerror(errno));
      abort();
    }
    remember(path_buf);
    *slash = '/';
    off = (size_t)(slash - path_buf) + 1;
    slash = strchr(path_buf + off, '/');
  }
  fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    fprintf(stderr, "cannot write %s: %s\n", path, strerror(errno));
    abort();
  }
  remember(path);
  while (size) {
    ssize_t n = write(fd, data, size);
    if (n < 0 && errno == EINTR)
      continue;
    FUZZ_CHECK(n > 0);
    data = (const char *)data + n;
    size -= (size_t)n;
  }
  close(fd);
  return path;
}

rc_ctx *fuzz_ctx_new(void)
{
  rc_ctx *ctx = NULL;
  FUZZ_CHECK(rc_ctx_new(&ctx) == RC_OK);
  rc_ctx_set_limits(ctx, &fuzz_limits);
  return ctx;
}

void fuzz_touch(const char *s)
{
  if (s)
    sink += strlen(s);
}

void fuzz_check_error(const rc_ctx *ctx, int error)
{
  static int verbose = -1;
  const char *msg = rc_ctx_error(ctx);
  if (verbose < 0)
    verbose = getenv("RC_FUZZ_VERBOSE") != NULL;
  if (verbose)
    fprintf(stderr, "rejected (%d): %s\n", error, msg);
  FUZZ_CHECK(error >= RC_ELIMIT && error <= RC_ERROR);
  FUZZ_CHECK(msg[0] != '\0');
  FUZZ_CHECK(!strchr(msg, '\n') && !strchr(msg, '\r'));
}

static int has_upper(const char *s)
{
  for (; *s; s++) {
    if (rc_ascii_isupper((unsigned char)*s))
      return 1;
  }
  return 0;
}

void fuzz_check_model(const rc_model *m)
{
  const rc_solution *sol = rc_model_solution(m);
  size_t ntables = rc_model_table_count(m);
  size_t nprivs = rc_model_privilege_count(m);
  size_t i, k, nelements = 0, counted = 0;
  uint64_t hash;

  fuzz_touch(rc_model_path(m));
  FUZZ_CHECK(sol->unique_name && sol->display_name && sol->version &&
             sol->publisher && sol->prefix);
  fuzz_touch(sol->unique_name);
  fuzz_touch(sol->display_name);
  fuzz_touch(sol->version);
  fuzz_touch(sol->publisher);
  fuzz_touch(sol->prefix);
  FUZZ_CHECK(sol->managed >= -1 && sol->managed <= 2);
  rc_model_stats(m, &nelements, &hash);

  for (i = 0; i < ntables; i++) {
    const rc_table *t = rc_model_table(m, i);
    FUZZ_CHECK(t && t->logical_name && t->name);
    FUZZ_CHECK(!has_upper(t->logical_name));
    FUZZ_CHECK(t->ownership <= RC_OWNERSHIP_BUSINESS);
    FUZZ_CHECK(t->defined_in <= RC_DEFINED_NOWHERE);
    FUZZ_CHECK(t->origin <= RC_ORIGIN_CUSTOM);
    FUZZ_CHECK(t->product);
    FUZZ_CHECK(rc_model_table_by_name(m, t->logical_name) == t);
    FUZZ_CHECK(t->shape <= RC_SHAPE_NO_INFO);
    fuzz_touch(t->name);
    fuzz_touch(t->product);
    fuzz_touch(rc_table_origin_name(t->origin));
    fuzz_touch(t->file);
  }
  FUZZ_CHECK(!rc_model_table(m, ntables));

  for (i = 0; i < nprivs; i++) {
    const rc_privilege *p = rc_model_privilege(m, i);
    FUZZ_CHECK(p && p->name);
    fuzz_touch(p->name);
    FUZZ_CHECK(p->kind <= RC_PRIV_UNRESOLVED);
    if (p->kind == RC_PRIV_TABLE) {
      FUZZ_CHECK(p->table >= 0 && (size_t)p->table < ntables);
      FUZZ_CHECK(p->right < RC_RIGHT_COUNT);
    } else {
      FUZZ_CHECK(p->table == -1);
    }
    if (p->kind == RC_PRIV_METADATA) {
      FUZZ_CHECK(p->target != NULL);
      fuzz_touch(p->target);
    }
  }
  FUZZ_CHECK(!rc_model_privilege(m, nprivs));

  for (i = 0; i < rc_model_role_count(m); i++) {
    const rc_role *r = rc_model_role(m, i);
    FUZZ_CHECK(r && r->id && r->guid && r->name && r->file);
    fuzz_touch(r->id);
    fuzz_touch(r->guid);
    fuzz_touch(r->name);
    fuzz_touch(r->file);
    fuzz_touch(r->template_name);
    FUZZ_CHECK(r->element_count >= r->grant_count);
    counted += r->element_count;
    for (k = 0; k < r->grant_count; k++) {
      const rc_grant *g = rc_model_grant(m, i, k);
      FUZZ_CHECK(g && g->privilege < nprivs && g->depth <= RC_DEPTH_GLOBAL);
    }
    FUZZ_CHECK(!rc_model_grant(m, i, r->grant_count));
    for (k = 0; k < ntables; k++) {
      uint32_t cell = rc_model_cell(m, i, k);
      int right;
      for (right = 0; right < RC_RIGHT_COUNT; right++)
        FUZZ_CHECK(rc_cell_depth(cell, (rc_right)right) <= RC_DEPTH_GLOBAL);
    }
  }
  FUZZ_CHECK(!rc_model_role(m, rc_model_role_count(m)));
  /* the parse statistics count the same RolePrivilege elements */
  FUZZ_CHECK(counted == nelements);

  for (i = 0; i < rc_model_app_count(m); i++) {
    const rc_app *a = rc_model_app(m, i);
    FUZZ_CHECK(a && a->unique_name && a->unique_name[0] && a->file);
    fuzz_touch(a->display_name);
    fuzz_touch(a->file);
    for (k = 0; k < a->table_count; k++)
      fuzz_touch(a->tables[k]);
    for (k = 0; k < a->role_count; k++)
      fuzz_touch(a->role_ids[k]);
  }

  for (i = 0; i < rc_model_profile_count(m); i++) {
    const rc_field_profile *p = rc_model_profile(m, i);
    FUZZ_CHECK(p && p->id && p->name && p->file);
    fuzz_touch(p->id);
    fuzz_touch(p->name);
  }

  for (i = 0; i < rc_model_webrole_count(m); i++) {
    const rc_webrole *w = rc_model_webrole(m, i);
    FUZZ_CHECK(w && w->id && w->name && w->file);
    fuzz_touch(w->id);
    fuzz_touch(w->name);
  }
  for (i = 0; i < rc_model_permission_count(m); i++) {
    const rc_table_permission *p = rc_model_permission(m, i);
    FUZZ_CHECK(p && p->id && p->name && p->table && p->file);
    FUZZ_CHECK(!has_upper(p->table));
    fuzz_touch(p->name);
    fuzz_touch(p->parent);
    fuzz_touch(p->parent_relationship);
    fuzz_touch(p->contact_relationship);
    fuzz_touch(p->account_relationship);
    fuzz_touch(rc_scope_name(p->scope));
    FUZZ_CHECK(p->webrole_count == 0 || p->webroles != NULL);
    for (k = 0; k < p->webrole_count; k++) {
      FUZZ_CHECK(p->webroles[k] != NULL);
      fuzz_touch(p->webroles[k]);
    }
  }
}

rc_model *fuzz_model_new(void)
{
  /* as rc_model_load() prepares one before reading any document */
  rc_model *m = rc_calloc(1, sizeof(*m));
  FUZZ_CHECK(m != NULL);
  rc_arena_init(&m->arena);
  m->solution.managed = -1;
  m->stats_hash = UINT64_C(0xcbf29ce484222325);
  m->solution.unique_name = m->solution.display_name = m->solution.version =
      m->solution.publisher = m->solution.prefix = "";
  m->path = "fuzz";
  return m;
}

const rc_rulepack *fuzz_builtin_pack(void)
{
  if (!builtin_pack) {
    rc_ctx *ctx = fuzz_ctx_new();
    rc_rulepack *pack = NULL;
    int error = rc_rulepack_load(&pack, ctx, NULL);
    if (error < 0) {
      fprintf(stderr, "built-in rule pack: %s\n", rc_ctx_error(ctx));
      abort();
    }
    rc_ctx_free(ctx);
    ensure_cleanup(); /* frees it at exit */
    builtin_pack = pack;
  }
  return builtin_pack;
}

rc_model *fuzz_sample_model(void)
{
  if (!sample_model) {
    rc_ctx *ctx = fuzz_ctx_new();
    rc_input_list *inputs = NULL;
    const char *path =
        fuzz_write("sample/customizations.xml", fuzz_sample_customizations,
                   strlen(fuzz_sample_customizations));
    int error = rc_input_list_new(&inputs);
    if (!error)
      error = rc_input_list_add(inputs, ctx, path);
    if (!error)
      error = rc_model_load(&sample_model, ctx, inputs, 0);
    if (error < 0) {
      fprintf(stderr, "sample model: %s\n", rc_ctx_error(ctx));
      abort();
    }
    rc_input_list_free(inputs);
    rc_ctx_free(ctx);
  }
  return sample_model;
}

void fuzz_analyze(rc_ctx *ctx, const rc_rulepack *pack,
                  const rc_assignments *assign, rc_model *const *models,
                  size_t count, const rc_config *config)
{
  rc_analysis *an = NULL;
  size_t nlicences = rc_rulepack_licence_count(pack);
  size_t i, k;
  int error = rc_analyze(&an, ctx, pack, assign, models, count);
  if (error < 0) {
    fuzz_check_error(ctx, error);
    FUZZ_CHECK(an == NULL);
    return;
  }
  for (i = 0; i < rc_analysis_finding_count(an); i++) {
    const rc_finding *f = rc_analysis_finding(an, i);
    FUZZ_CHECK(f && f->rule && f->rule->id && f->message);
    FUZZ_CHECK(f->model < count);
    FUZZ_CHECK(f->role < (f->webrole ? rc_model_webrole_count(models[f->model])
                                     : rc_model_role_count(models[f->model])));
    fuzz_touch(f->role_id);
    fuzz_touch(f->role_name);
    fuzz_touch(f->table);
    fuzz_touch(f->privilege);
    fuzz_touch(f->app);
    fuzz_touch(f->scope);
    fuzz_touch(f->file);
    fuzz_touch(f->message);
    fuzz_touch(f->fix);
  }
  for (i = 0; i < rc_analysis_fit_count(an); i++) {
    const rc_role_fit *fit = rc_analysis_fit(an, i);
    FUZZ_CHECK(fit && fit->model < count && fit->fit);
    for (k = 0; k < nlicences; k++)
      FUZZ_CHECK(fit->fit[k] <= RC_FIT_NO);
    fuzz_touch(fit->profile);
    fuzz_touch(fit->profile_origin);
    fuzz_touch(fit->minimum);
    for (k = 0; k < fit->reason_count; k++)
      fuzz_touch(fit->reasons[k]);
  }
  if (config) {
    int stale = rc_analysis_suppress(an, config, NULL, NULL);
    FUZZ_CHECK(stale >= 0 &&
               (size_t)stale <= rc_config_get(config)->suppression_count);
  }
  rc_analysis_free(an);
}

int fuzz_load_and_check(rc_ctx *ctx, const char *rel)
{
  static const char *const profiles[] = {NULL, "team-member", "power-apps"};
  const rc_rulepack *pack = fuzz_builtin_pack();
  rc_input_list *inputs = NULL;
  size_t i;
  int error;
  FUZZ_CHECK(rc_input_list_new(&inputs) == RC_OK);
  error = rc_input_list_add(inputs, ctx, fuzz_path(rel));
  for (i = 0; !error && i < rc_input_list_count(inputs); i++) {
    rc_model *m = NULL;
    rc_assignments *assign = NULL;
    const char *profile;
    error = rc_model_load(&m, ctx, inputs, i);
    if (error < 0) {
      FUZZ_CHECK(m == NULL);
      break;
    }
    fuzz_check_model(m);
    /* the profile every role is evaluated as: none, or one chosen by the
     * input, so the team-member and power-apps rules run too */
    profile = profiles[rc_model_privilege_count(m) % 3];
    FUZZ_CHECK(rc_assignments_new(&assign) == RC_OK);
    if (profile)
      FUZZ_CHECK(rc_assignments_assume(assign, ctx, pack, profile) == RC_OK);
    fuzz_analyze(ctx, pack, assign, &m, 1, NULL);
    rc_assignments_free(assign);
    rc_model_free(m);
  }
  if (error < 0)
    fuzz_check_error(ctx, error);
  rc_input_list_free(inputs);
  return error;
}

const char fuzz_sample_manifest[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<ImportExportXml version=\"9.2\" languagecode=\"1033\">\n"
    "  <SolutionManifest>\n"
    "    <UniqueName>FuzzSample</UniqueName>\n"
    "    <LocalizedNames><LocalizedName description=\"Fuzz Sample\" "
    "languagecode=\"1033\" /></LocalizedNames>\n"
    "    <Version>1.0.0.0</Version>\n"
    "    <Managed>0</Managed>\n"
    "    <Publisher><UniqueName>contoso</UniqueName>"
    "<CustomizationPrefix>contoso</CustomizationPrefix></Publisher>\n"
    "    <RootComponents><RootComponent type=\"20\" "
    "id=\"{8b3e98f8-c431-5358-bfa0-0954815a243c}\" /></RootComponents>\n"
    "  </SolutionManifest>\n"
    "</ImportExportXml>\n";

const char fuzz_sample_customizations[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<ImportExportXml>\n"
    "  <Entities>\n"
    "    <Entity>\n"
    "      <Name>contoso_SiteInspection</Name>\n"
    "      <EntityInfo><entity Name=\"contoso_SiteInspection\">"
    "<OwnershipTypeMask>UserOwned</OwnershipTypeMask>"
    "<IsActivity>0</IsActivity></entity></EntityInfo>\n"
    "    </Entity>\n"
    "  </Entities>\n"
    "  <Roles>\n"
    "    <Role id=\"{8b3e98f8-c431-5358-bfa0-0954815a243c}\" "
    "name=\"Contoso Field Agent\">\n"
    "      <RolePrivileges>\n"
    "        <RolePrivilege name=\"prvCreatemsdyn_workorder\" "
    "level=\"Local\" />\n"
    "        <RolePrivilege name=\"prvWriteIncident\" level=\"Global\" />\n"
    "        <RolePrivilege name=\"prvReadAccount\" level=\"Deep\" />\n"
    "        <RolePrivilege name=\"prvWriteAccount\" level=\"Basic\" />\n"
    "        <RolePrivilege name=\"prvCreatecontoso_SiteInspection\" "
    "level=\"Basic\" />\n"
    "        <RolePrivilege name=\"prvExportToExcel\" level=\"Global\" />\n"
    "      </RolePrivileges>\n"
    "    </Role>\n"
    "    <Role id=\"{bbcaef6f-2cb4-4b3d-a378-a81995f69b2a}\" "
    "name=\"Contoso Team Member Reader\">\n"
    "      <RolePrivileges>\n"
    "        <RolePrivilege name=\"prvReadOrganization\" level=\"Local\" />\n"
    "        <RolePrivilege name=\"prvDeleteQuote\" level=\"Basic\" />\n"
    "      </RolePrivileges>\n"
    "    </Role>\n"
    "  </Roles>\n"
    "  <AppModules>\n"
    "    <AppModule>\n"
    "      <UniqueName>contoso_FieldApp</UniqueName>\n"
    "      <LocalizedNames><LocalizedName description=\"Field App\" "
    "languagecode=\"1033\" /></LocalizedNames>\n"
    "      <AppModuleComponents><AppModuleComponent type=\"1\" "
    "schemaName=\"msdyn_workorder\" /></AppModuleComponents>\n"
    "      <AppModuleRoleMaps><Role "
    "id=\"{8b3e98f8-c431-5358-bfa0-0954815a243c}\" /></AppModuleRoleMaps>\n"
    "    </AppModule>\n"
    "  </AppModules>\n"
    "</ImportExportXml>\n";
