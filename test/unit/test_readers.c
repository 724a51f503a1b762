/* Each reader on the fixtures: zip (built here with libzip from
 * fixtures/zip/input), extracted folder, unpacked folder, bare
 * customizations.xml, single role file, and a tree holding several. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <zip.h>

#include "rolecheck/rolecheck.h"
#include "util/sys.h"

typedef struct {
  rc_ctx *ctx;
  rc_input_list *inputs;
  rc_model *model;
} fixture;

/* "<tmpdir>/rolecheck-<stem>-XXXXXX" */
static void tmp_template(char *buf, size_t cap, const char *stem)
{
  snprintf(buf, cap, "%s/rolecheck-%s-XXXXXX", rc_sys_tmpdir(), stem);
}

/* cp -r from/. to (plain files and folders) */
static void copy_tree(const char *from, const char *to)
{
  DIR *d = opendir(from);
  struct dirent *e;
  assert_non_null(d);
  while ((e = readdir(d)) != NULL) {
    char src[1024], dst[1024];
    struct stat st;
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
      continue;
    snprintf(src, sizeof(src), "%s/%s", from, e->d_name);
    snprintf(dst, sizeof(dst), "%s/%s", to, e->d_name);
    assert_int_equal(stat(src, &st), 0);
    if (S_ISDIR(st.st_mode)) {
      assert_int_equal(rc_sys_mkdir(dst), 0);
      copy_tree(src, dst);
    } else {
      FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
      char buf[4096];
      size_t n;
      assert_non_null(in);
      assert_non_null(out);
      while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
        assert_int_equal(fwrite(buf, 1, n, out), n);
      fclose(in);
      assert_int_equal(fclose(out), 0);
    }
  }
  closedir(d);
}

static int setup(void **state)
{
  fixture *f = calloc(1, sizeof(*f));
  if (!f || rc_ctx_new(&f->ctx) < 0 || rc_input_list_new(&f->inputs) < 0)
    return -1;
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  fixture *f = *state;
  rc_model_free(f->model);
  rc_input_list_free(f->inputs);
  rc_ctx_free(f->ctx);
  free(f);
  return 0;
}

/* Add path, expect one input of the given kind, and load it. */
static rc_model *load_one(fixture *f, const char *path, rc_input_kind kind)
{
  int error = rc_input_list_add(f->inputs, f->ctx, path);
  if (error)
    print_error("%s\n", rc_ctx_error(f->ctx));
  assert_int_equal(error, RC_OK);
  assert_int_equal(rc_input_list_count(f->inputs), 1);
  assert_int_equal(rc_input_list_kind(f->inputs, 0), kind);
  error = rc_model_load(&f->model, f->ctx, f->inputs, 0);
  if (error)
    print_error("%s\n", rc_ctx_error(f->ctx));
  assert_int_equal(error, RC_OK);
  return f->model;
}

static long find_role(const rc_model *m, const char *name)
{
  size_t i;
  for (i = 0; i < rc_model_role_count(m); i++) {
    if (!strcmp(rc_model_role(m, i)->name, name))
      return (long)i;
  }
  fail_msg("no role '%s'", name);
  return -1;
}

static long find_table(const rc_model *m, const char *logical)
{
  size_t i;
  for (i = 0; i < rc_model_table_count(m); i++) {
    if (!strcmp(rc_model_table(m, i)->logical_name, logical))
      return (long)i;
  }
  fail_msg("no table '%s'", logical);
  return -1;
}

static const rc_grant *find_grant(const rc_model *m, size_t r,
                                  const char *privilege)
{
  size_t g;
  for (g = 0; g < rc_model_role(m, r)->grant_count; g++) {
    const rc_grant *gr = rc_model_grant(m, r, g);
    if (!strcmp(rc_model_privilege(m, gr->privilege)->name, privilege))
      return gr;
  }
  fail_msg("role has no %s", privilege);
  return NULL;
}

static rc_depth depth_of(const rc_model *m, size_t r, const char *table,
                         rc_right right)
{
  return rc_cell_depth(rc_model_cell(m, r, (size_t)find_table(m, table)),
                       right);
}

static void test_readers__extracted_folder(void **state)
{
  fixture *f = *state;
  const rc_model *m =
      load_one(f, RC_FIXTURES "/extracted/input", RC_INPUT_EXTRACTED);
  const rc_solution *s = rc_model_solution(m);
  const rc_role *agent;
  const rc_table *t;
  const rc_grant *g;
  long r;

  assert_string_equal(s->unique_name, "ContosoFieldOps");
  assert_string_equal(s->version, "1.4.0.12");
  assert_int_equal(s->managed, 0);
  assert_string_equal(s->publisher, "contoso");
  assert_string_equal(s->prefix, "contoso");

  /* form DisplayConditions and app role maps hold <Role> too: not roles */
  assert_int_equal(rc_model_role_count(m), 2);
  r = find_role(m, "Contoso Field Agent");
  agent = rc_model_role(m, (size_t)r);
  assert_string_equal(agent->id, "{7d1c2f0a-3b4e-4c5d-9e6f-0a1b2c3d4e5f}");
  assert_string_equal(agent->guid, "7d1c2f0a-3b4e-4c5d-9e6f-0a1b2c3d4e5f");
  assert_int_equal(agent->line, 264);
  assert_int_equal(agent->is_auto_assigned, 0);
  assert_int_equal(agent->is_inherited, -1);
  assert_null(agent->template_name);
  /* 29 elements, one name twice: the highest depth is kept */
  assert_int_equal(agent->element_count, 29);
  assert_int_equal(agent->grant_count, 28);
  g = find_grant(m, (size_t)r, "prvReadcontoso_SiteInspection");
  assert_int_equal(g->depth, RC_DEPTH_GLOBAL);
  assert_int_equal(g->duplicates, 1);
  assert_int_equal(g->line, 284);
  assert_int_equal(find_grant(m, (size_t)r, "prvWriteAccount")->line, 293);
  assert_int_equal(rc_ctx_warning_count(f->ctx), 1);
  assert_int_equal(
      rc_model_role(m, (size_t)find_role(m, "Contoso Field Supervisor"))
          ->is_inherited,
      0);

  /* the matrix */
  assert_int_equal(depth_of(m, (size_t)r, "account", RC_RIGHT_READ),
                   RC_DEPTH_GLOBAL);
  assert_int_equal(depth_of(m, (size_t)r, "account", RC_RIGHT_WRITE),
                   RC_DEPTH_LOCAL);
  assert_int_equal(depth_of(m, (size_t)r, "account", RC_RIGHT_CREATE),
                   RC_DEPTH_NONE);
  assert_int_equal(depth_of(m, (size_t)r, "category", RC_RIGHT_APPENDTO),
                   RC_DEPTH_GLOBAL);
  assert_int_equal(
      depth_of(m, (size_t)r, "contoso_siteinspection", RC_RIGHT_READ),
      RC_DEPTH_GLOBAL);

  /* the three entity shapes, with ownership from the catalogue for stubs */
  t = rc_model_table(m, (size_t)find_table(m, "contoso_siteinspection"));
  assert_string_equal(t->name, "contoso_SiteInspection");
  /* the display name: the input's <Name LocalizedName> */
  assert_string_equal(t->display_name, "Site Inspection");
  assert_int_equal(t->shape, RC_SHAPE_FULL);
  assert_int_equal(t->ownership, RC_OWNERSHIP_USER);
  assert_int_equal(t->defined_in, RC_DEFINED_INPUT);
  assert_int_equal(t->origin, RC_ORIGIN_CUSTOM);
  assert_true(t->is_own);
  t = rc_model_table(m, (size_t)find_table(m, "contoso_sitevisit"));
  assert_true(t->is_activity);
  t = rc_model_table(m, (size_t)find_table(m, "contoso_inspectiontemplate"));
  assert_int_equal(t->ownership, RC_OWNERSHIP_ORG);
  t = rc_model_table(m, (size_t)find_table(m, "account"));
  assert_int_equal(t->shape, RC_SHAPE_STUB);
  assert_int_equal(t->ownership, RC_OWNERSHIP_USER);
  assert_int_equal(t->origin, RC_ORIGIN_PLATFORM);
  assert_string_equal(t->product, "dataverse");
  t = rc_model_table(m, (size_t)find_table(m, "contact"));
  assert_int_equal(t->shape, RC_SHAPE_NO_INFO);
  t = rc_model_table(m, (size_t)find_table(m, "msdyn_workorder"));
  /* a Microsoft app table, never custom (issue 18) */
  assert_int_equal(t->defined_in, RC_DEFINED_CATALOG);
  assert_int_equal(t->origin, RC_ORIGIN_MICROSOFT_APP);
  assert_string_equal(t->product, "field-service");
  /* not defined in the input: the catalogue's display name */
  assert_string_equal(t->display_name, "Work Order");
  assert_false(rc_table_counts_as_custom(t));
  assert_false(t->is_own);
  t = rc_model_table(m, (size_t)find_table(m, "systemuser"));
  assert_int_equal(t->defined_in, RC_DEFINED_CATALOG);
  assert_int_equal(t->origin, RC_ORIGIN_PLATFORM);
  assert_int_equal(t->ownership, RC_OWNERSHIP_BUSINESS);
  assert_string_equal(t->display_name, "User");

  /* app module and field security profile */
  assert_int_equal(rc_model_app_count(m), 1);
  assert_string_equal(rc_model_app(m, 0)->unique_name, "contoso_FieldAgentApp");
  assert_int_equal(rc_model_app(m, 0)->role_count, 2);
  assert_string_equal(rc_model_app(m, 0)->role_ids[1],
                      "627090ff-40a3-4053-8790-584edc5be201");
  assert_int_equal(rc_model_profile_count(m), 1);
  assert_int_equal(rc_model_profile(m, 0)->permission_count, 2);
}

/* Zip a folder's files into path with libzip, as an export would. */
static void make_zip(const char *folder, const char *path)
{
  static const char *const names[] = {"[Content_Types].xml", "solution.xml",
                                      "customizations.xml"};
  int err = 0;
  size_t i;
  zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
  assert_non_null(z);
  for (i = 0; i < 3; i++) {
    char file[1024];
    zip_source_t *src;
    snprintf(file, sizeof(file), "%s/%s", folder, names[i]);
    src = zip_source_file(z, file, 0, -1);
    assert_non_null(src);
    assert_true(zip_file_add(z, names[i], src, ZIP_FL_ENC_UTF_8) >= 0);
  }
  assert_int_equal(zip_close(z), 0);
}

static void test_readers__zip_in_place(void **state)
{
  fixture *f = *state;
  char path[512];
  int fd;
  const rc_model *m;
  const rc_role *role;
  long r;
  tmp_template(path, sizeof(path), "zip");
  fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  make_zip(RC_FIXTURES "/zip/input", path);
  m = load_one(f, path, RC_INPUT_ZIP);
  unlink(path);

  assert_string_equal(rc_model_solution(m)->unique_name, "FabrikamPortalOps");
  assert_int_equal(rc_model_solution(m)->managed, 1);
  assert_int_equal(rc_model_role_count(m), 2);
  /* a BOM and declaration, non-ASCII names, attributes split over lines */
  r = find_role(m, "Fabrikam Au\xc3\x9f"
                   "endienst \xe2\x80\x93 Pr\xc3\xbc"
                   "fer");
  role = rc_model_role(m, (size_t)r);
  assert_int_equal(role->grant_count, 13);
  assert_int_equal(role->line, 87);
  assert_int_equal(find_grant(m, (size_t)r, "prvWriteIncident")->line, 117);
  assert_string_equal(strrchr(role->file, '!'), "!/customizations.xml");
  role = rc_model_role(m, (size_t)find_role(m, "CSR Manager"));
  assert_string_equal(role->template_name, "CSR Manager");
  assert_string_equal(
      rc_model_table(m, (size_t)find_table(m, "fabrikam_partnervisit"))->name,
      "fabrikam_PartnerVisit");
}

static void test_readers__unpacked_src_layout(void **state)
{
  fixture *f = *state;
  const rc_model *m =
      load_one(f, RC_FIXTURES "/unpacked/input/src", RC_INPUT_UNPACKED);
  long r;
  assert_string_equal(rc_model_solution(m)->unique_name, "ContosoServiceDesk");
  assert_int_equal(rc_model_solution(m)->managed, 2);
  assert_int_equal(rc_model_role_count(m), 2);
  /* Roles/ files in name order; the name comes from @name, not the file */
  assert_string_equal(rc_model_role(m, 0)->name, "Service Desk Agent");
  r = find_role(m, "Service Desk Team Lead");
  assert_int_equal(r, 1);
  assert_non_null(strstr(rc_model_role(m, 1)->file, "Service Desk Lead.xml"));
  assert_int_equal(rc_model_role(m, 0)->grant_count, 11);
  assert_int_equal(rc_model_role(m, 1)->grant_count, 12);
  /* AppModule.xml and its _managed twin: one app */
  assert_int_equal(rc_model_app_count(m), 1);
  assert_int_equal(rc_model_profile_count(m), 1);
  assert_int_equal(
      rc_model_table(m, (size_t)find_table(m, "contoso_ticket"))->shape,
      RC_SHAPE_FULL);
}

static void test_readers__parent_of_src_is_scanned(void **state)
{
  fixture *f = *state;
  assert_int_equal(
      rc_input_list_add(f->inputs, f->ctx, RC_FIXTURES "/unpacked/input/"),
      RC_OK);
  assert_int_equal(rc_input_list_count(f->inputs), 1);
  assert_string_equal(rc_input_list_path(f->inputs, 0),
                      RC_FIXTURES "/unpacked/input/src");
}

static void test_readers__bare_customizations(void **state)
{
  fixture *f = *state;
  const rc_model *m = load_one(f, RC_FIXTURES "/bare/input/customizations.xml",
                               RC_INPUT_CUSTOMIZATIONS);
  long r;
  assert_string_equal(rc_model_solution(m)->unique_name, "");
  assert_int_equal(rc_model_role_count(m), 1);
  r = find_role(m, "Contoso Territory Planner");
  assert_int_equal(rc_model_role(m, (size_t)r)->grant_count, 9);
  assert_int_equal(
      rc_model_privilege(
          m, find_grant(m, (size_t)r, "prvAssignTerritory")->privilege)
          ->kind,
      RC_PRIV_MISC);
}

static void expect_origin(const rc_model *m, const char *logical,
                          rc_table_origin origin, const char *product)
{
  const rc_table *t = rc_model_table_by_name(m, logical);
  const char *p = NULL;
  if (!t)
    print_error("no table %s\n", logical);
  assert_non_null(t);
  assert_string_equal(rc_table_origin_name(t->origin),
                      rc_table_origin_name(origin));
  assert_string_equal(t->product, product);
  /* the same answer by name */
  assert_int_equal(rc_model_table_origin(m, logical, &p), origin);
  assert_string_equal(p, product);
}

/* Whose each table is (issue 18): the customer solution of
 * fixtures/origins, with another publisher's tables (MissingDependency),
 * an accelerator prefix, catalogue tables and unknown Microsoft names. */
static void test_readers__table_origins(void **state)
{
  fixture *f = *state;
  const rc_model *m = load_one(f, RC_FIXTURES "/origins/input/ContosoFleetOps",
                               RC_INPUT_EXTRACTED);
  const char *p;
  expect_origin(m, "contoso_depotvisit", RC_ORIGIN_CUSTOM, "");
  expect_origin(m, "fabrikam_vehicle", RC_ORIGIN_ISV, "FabrikamFleet");
  expect_origin(m, "fabrikam_driver", RC_ORIGIN_ISV, "FabrikamFleet");
  expect_origin(m, "new_legacyasset", RC_ORIGIN_CUSTOM, "");
  expect_origin(m, "tailspin_route", RC_ORIGIN_CUSTOM, "");
  expect_origin(m, "msnfp_donation", RC_ORIGIN_ACCELERATOR, "nonprofit");
  expect_origin(m, "msdyn_customerasset", RC_ORIGIN_MICROSOFT_APP,
                "field-service");
  expect_origin(m, "bookableresourcebooking", RC_ORIGIN_MICROSOFT_APP,
                "dynamics-365");
  expect_origin(m, "msdyn_depottelemetry", RC_ORIGIN_MICROSOFT_APP,
                "dynamics-365");
  expect_origin(m, "profilerule", RC_ORIGIN_PLATFORM, "");
  assert_int_equal(rc_model_table_by_name(m, "profilerule")->defined_in,
                   RC_DEFINED_NOWHERE);
  assert_true(
      rc_table_counts_as_custom(rc_model_table_by_name(m, "msnfp_donation")));
  assert_false(rc_table_counts_as_custom(
      rc_model_table_by_name(m, "msdyn_customerasset")));
  /* names the model does not hold */
  assert_int_equal(rc_model_table_origin(m, "contoso_other", &p),
                   RC_ORIGIN_CUSTOM);
  assert_int_equal(rc_model_table_origin(m, "mspp_webrole", &p),
                   RC_ORIGIN_MICROSOFT_APP);
  assert_string_equal(p, "portals");
  assert_int_equal(rc_model_table_origin(m, "msauto_deal", &p),
                   RC_ORIGIN_ACCELERATOR);
  assert_int_equal(rc_model_table_origin(m, "contact", &p), RC_ORIGIN_PLATFORM);
  assert_string_equal(p, "dataverse");
  assert_null(rc_model_table_by_name(m, "contoso_other"));
  /* a name that fits no rule stays unresolved */
  assert_int_equal(
      rc_model_privilege(
          m, find_grant(m, (size_t)find_role(m, "Contoso Depot Coordinator"),
                        "prvReadDepot Schedule")
                 ->privilege)
          ->kind,
      RC_PRIV_UNRESOLVED);
}

/* A Microsoft solution in the input does not make its tables custom. */
static void test_readers__microsoft_solution_tables(void **state)
{
  fixture *f = *state;
  const rc_model *m = load_one(f, RC_FIXTURES "/origins/input/FieldServiceCore",
                               RC_INPUT_EXTRACTED);
  const rc_table *t;
  expect_origin(m, "msdyn_workorder", RC_ORIGIN_MICROSOFT_APP, "field-service");
  expect_origin(m, "msdyn_inspectionplan", RC_ORIGIN_MICROSOFT_APP,
                "dynamics-365");
  t = rc_model_table_by_name(m, "msdyn_inspectionplan");
  assert_int_equal(t->defined_in, RC_DEFINED_INPUT);
  assert_true(t->is_own); /* msdyn is this publisher's prefix */
  assert_int_equal(t->ownership, RC_OWNERSHIP_ORG);
}

static void test_readers__single_role_file(void **state)
{
  fixture *f = *state;
  const rc_model *m = load_one(
      f, RC_FIXTURES "/unpacked/input/src/Roles/Service Desk Agent.xml",
      RC_INPUT_ROLE_FILE);
  assert_int_equal(rc_model_role_count(m), 1);
  assert_string_equal(rc_model_role(m, 0)->name, "Service Desk Agent");
  assert_int_equal(rc_model_role(m, 0)->grant_count, 11);
}

static void test_readers__tree_finds_each_solution(void **state)
{
  fixture *f = *state;
  assert_int_equal(
      rc_input_list_add(f->inputs, f->ctx, RC_FIXTURES "/tree/input"), RC_OK);
  /* docs/readme.xml and docs/notes.txt are not solutions */
  assert_int_equal(rc_input_list_count(f->inputs), 2);
  assert_string_equal(rc_input_list_path(f->inputs, 0),
                      RC_FIXTURES "/tree/input/projects/alpha");
  assert_int_equal(rc_input_list_kind(f->inputs, 0), RC_INPUT_UNPACKED);
  assert_string_equal(rc_input_list_path(f->inputs, 1),
                      RC_FIXTURES "/tree/input/projects/beta/Beta_1_0_0_1");
  assert_int_equal(rc_input_list_kind(f->inputs, 1), RC_INPUT_EXTRACTED);
}

static void test_readers__tree_skips_other_zips(void **state)
{
  fixture *f = *state;
  char dir[512], sol[600], data[600];
  zip_t *z;
  int err = 0;
  tmp_template(dir, sizeof(dir), "tree");
  assert_int_equal(rc_sys_mkdtemp(dir), 0);
  snprintf(sol, sizeof(sol), "%s/Contoso_1_0_0_1.zip", dir);
  snprintf(data, sizeof(data), "%s/data.zip", dir);
  make_zip(RC_FIXTURES "/extracted/input", sol);
  /* a Configuration Migration zip: data.xml, no solution.xml */
  z = zip_open(data, ZIP_CREATE | ZIP_TRUNCATE, &err);
  assert_non_null(z);
  assert_true(zip_file_add(z, "data.xml",
                           zip_source_buffer(z, "<entities/>", 11, 0), 0) >= 0);
  assert_int_equal(zip_close(z), 0);

  assert_int_equal(rc_input_list_add(f->inputs, f->ctx, dir), RC_OK);
  assert_int_equal(rc_input_list_count(f->inputs), 1);
  assert_string_equal(rc_input_list_path(f->inputs, 0), sol);
  assert_int_equal(rc_ctx_warning_count(f->ctx), 1);
  unlink(sol);
  unlink(data);
  rmdir(dir);
}

/* The same partner-portal site in all four portal sources. */
static void check_portal_site(const rc_model *m)
{
  const rc_table_permission *p;
  size_t i, parent = 99, child = 99;
  assert_int_equal(rc_model_webrole_count(m), 4);
  assert_int_equal(rc_model_permission_count(m), 7);
  /* sorted by name */
  assert_string_equal(rc_model_webrole(m, 0)->name, "Anonymous Users");
  assert_true(rc_model_webrole(m, 0)->anonymous);
  assert_false(rc_model_webrole(m, 0)->authenticated);
  assert_true(rc_model_webrole(m, 1)->authenticated);
  assert_string_equal(rc_model_webrole(m, 3)->name, "Delivery Partners");
  assert_string_equal(rc_model_webrole(m, 3)->id,
                      "3f0a1c52-6b7d-4e8f-9a01-b2c3d4e5f604");
  for (i = 0; i < rc_model_permission_count(m); i++) {
    p = rc_model_permission(m, i);
    if (!strcmp(p->table, "msdyn_workorder"))
      parent = i;
    if (!strcmp(p->table, "msdyn_workorderservicetask"))
      child = i;
  }
  assert_true(parent < 7 && child < 7);
  p = rc_model_permission(m, parent);
  assert_string_equal(p->name, "Work orders - partner contact");
  assert_int_equal(p->scope, RC_SCOPE_CONTACT);
  assert_int_equal(p->rights, RC_PERM_READ | RC_PERM_WRITE | RC_PERM_APPEND |
                                  RC_PERM_APPENDTO);
  assert_string_equal(p->contact_relationship,
                      "contoso_contact_msdyn_workorder");
  assert_int_equal(p->webrole_count, 1);
  /* braced upper-case links are normalised */
  assert_string_equal(p->webroles[0], "3f0a1c52-6b7d-4e8f-9a01-b2c3d4e5f604");
  assert_false(p->inherited);
  p = rc_model_permission(m, child);
  assert_int_equal(p->scope, RC_SCOPE_PARENT);
  assert_string_equal(p->parent, "7a1b2c3d-0001-4f00-8e00-00000000a004");
  assert_non_null(p->parent_relationship);
  /* no web role of its own: the parent's apply */
  assert_true(p->inherited);
  assert_int_equal(p->webrole_count, 1);
  /* every scope code occurs */
  {
    unsigned seen = 0;
    for (i = 0; i < rc_model_permission_count(m); i++)
      seen |= 1u << (rc_model_permission(m, i)->scope - RC_SCOPE_GLOBAL);
    assert_int_equal(seen, 0x1f);
  }
}

static void test_readers__portal_enhanced_components(void **state)
{
  fixture *f = *state;
  const rc_model *m =
      load_one(f, RC_FIXTURES "/portal-enhanced/input", RC_INPUT_EXTRACTED);
  check_portal_site(m);
  /* the component without content or type is skipped with a warning */
  assert_int_equal(rc_ctx_warning_count(f->ctx), 1);
  assert_int_equal(rc_model_role_count(m), 0);
}

static void test_readers__portal_yaml_site(void **state)
{
  fixture *f = *state;
  check_portal_site(
      load_one(f, RC_FIXTURES "/portal-yaml/input", RC_INPUT_PAGES_SITE));
}

static void test_readers__portal_yaml_adx_list(void **state)
{
  fixture *f = *state;
  check_portal_site(
      load_one(f, RC_FIXTURES "/portal-yaml-adx/input", RC_INPUT_PAGES_SITE));
}

static void test_readers__portal_cmt_folder(void **state)
{
  fixture *f = *state;
  check_portal_site(
      load_one(f, RC_FIXTURES "/portal-cmt/input", RC_INPUT_CMT_DATA));
}

static void test_readers__portal_cmt_zip(void **state)
{
  fixture *f = *state;
  static const char *const names[] = {"[Content_Types].xml", "data.xml",
                                      "data_schema.xml"};
  char path[512];
  int fd, err = 0;
  size_t i;
  zip_t *z;
  tmp_template(path, sizeof(path), "data");
  fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
  assert_non_null(z);
  for (i = 0; i < 3; i++) {
    char file[512];
    snprintf(file, sizeof(file), "%s/%s", RC_FIXTURES "/portal-cmt/input",
             names[i]);
    assert_true(zip_file_add(z, names[i], zip_source_file(z, file, 0, -1), 0) >=
                0);
  }
  assert_int_equal(zip_close(z), 0);
  check_portal_site(load_one(f, path, RC_INPUT_CMT_DATA));
  unlink(path);
}

/* Malformed JSON in one component: exit-3 error naming the file and line;
 * with keep-going, a warning and the rest of the site is still read. */
static void test_readers__portal_bad_json(void **state)
{
  fixture *f = *state;
  char dir[512], file[1024];
  FILE *out;
  rc_model *m = NULL;
  tmp_template(dir, sizeof(dir), "ppc");
  assert_int_equal(rc_sys_mkdtemp(dir), 0);
  copy_tree(RC_FIXTURES "/portal-enhanced/input", dir);
  snprintf(file, sizeof(file),
           "%s/powerpagecomponents/7a1b2c3d-0001-4f00-8e00-00000000a007/"
           "powerpagecomponent.xml",
           dir);
  out = fopen(file, "w");
  assert_non_null(out);
  fputs("<powerpagecomponent powerpagecomponentid=\"7a1b2c3d-0001-4f00-8e00-"
        "00000000a007\">\n  <content>{ \"read\": tru }</content>\n"
        "  <name>Broken</name>\n  <powerpagecomponenttype>18"
        "</powerpagecomponenttype>\n</powerpagecomponent>\n",
        out);
  fclose(out);
  assert_int_equal(rc_input_list_add(f->inputs, f->ctx, dir), RC_OK);
  assert_int_equal(rc_model_load(&m, f->ctx, f->inputs, 0), RC_EINPUT);
  assert_null(m);
  assert_non_null(strstr(rc_ctx_error(f->ctx), "00000000a007/"
                                               "powerpagecomponent.xml:2: "
                                               "invalid JSON in <content>"));
  rc_ctx_set_keep_going(f->ctx, 1);
  assert_int_equal(rc_model_load(&f->model, f->ctx, f->inputs, 0), RC_OK);
  assert_int_equal(rc_model_permission_count(f->model), 6);
  assert_int_equal(rc_model_webrole_count(f->model), 4);
  assert_int_equal(rc_sys_rmtree(dir), 0);
}

static void test_readers__missing_path_names_it(void **state)
{
  fixture *f = *state;
  assert_int_equal(rc_input_list_add(f->inputs, f->ctx, "/nonexistent/x.zip"),
                   RC_EINPUT);
  assert_string_equal(rc_ctx_error(f->ctx),
                      "/nonexistent/x.zip: No such file or directory");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_readers__extracted_folder, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_readers__zip_in_place, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_readers__unpacked_src_layout, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_readers__parent_of_src_is_scanned,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_readers__bare_customizations, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_readers__single_role_file, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_readers__tree_finds_each_solution,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_readers__tree_skips_other_zips,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_readers__portal_enhanced_components,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_readers__portal_yaml_site, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_readers__portal_yaml_adx_list, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_readers__portal_cmt_folder, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_readers__portal_cmt_zip, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_readers__portal_bad_json, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_readers__table_origins, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_readers__microsoft_solution_tables,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_readers__missing_path_names_it,
                                      setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
