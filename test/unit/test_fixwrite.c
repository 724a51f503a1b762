/* The solution writers of `rolecheck fix` (report/fix_write.c): what they
 * write reads back through the library as the solution described, byte
 * for byte the same each time, with the file names and errors promised. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <zip.h>

#include "rolecheck/fix.h"
#include "rolecheck/rolecheck.h"
#include "util/alloc.h"
#include "util/sys.h"

/* A role whose name needs escaping, its privileges in an order that is
 * not sorted, at every depth; and a plain one with IsAutoAssigned. */
static const rc_fix_privilege lead_privileges[] = {
    {"prvWritecontoso_SiteInspection", RC_DEPTH_LOCAL},
    {"prvReadAccount", RC_DEPTH_GLOBAL},
    {"prvCreatecontoso_SiteInspection", RC_DEPTH_BASIC},
    {"prvAppendTocontoso_SiteInspection", RC_DEPTH_DEEP},
    {"prvReadcontoso_SiteInspection", RC_DEPTH_GLOBAL},
    {"prvExportToExcel", RC_DEPTH_GLOBAL},
    {"prvAppendcontoso_SiteInspection", RC_DEPTH_BASIC},
};
static const rc_fix_privilege viewer_privileges[] = {
    {"prvReadcontoso_SiteInspection", RC_DEPTH_BASIC},
    {"prvReadAccount", RC_DEPTH_LOCAL},
};
#define BOM_DECL  "\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"utf-8\"?>"
#define LEAD_NAME "Field \"Lead\" <R&D> Ops' (Team Member)"
#define LEAD_ID   "7d1c2f0a-3b4e-4c5d-9e6f-0a1b2c3d4e5f"
#define VIEWER_ID "0b9e8d7c-6a5f-4e3d-8c2b-1a0f9e8d7c6b"

static const rc_fix_role_out sample_roles[] = {
    {LEAD_ID, LEAD_NAME, 1, -1, NULL,
     sizeof(lead_privileges) / sizeof(lead_privileges[0]), lead_privileges},
    {VIEWER_ID, "Field Viewer", -1, 0, NULL,
     sizeof(viewer_privileges) / sizeof(viewer_privileges[0]),
     viewer_privileges},
};

static const rc_fix_solution_out sample = {
    "ContosoFieldOps_TeamMember",
    "Contoso Field Ops & Co (Team Member)",
    "1.0.0.3",
    "contoso",
    "Contoso <Ltd>",
    "contoso",
    10000,
    2,
    sample_roles,
};

typedef struct {
  rc_ctx *ctx;
  char dir[512];
} fixture;

static int setup(void **state)
{
  fixture *f = calloc(1, sizeof(*f));
  if (!f || rc_ctx_new(&f->ctx) < 0)
    return -1;
  snprintf(f->dir, sizeof(f->dir), "%s/rolecheck-fixwrite-XXXXXX",
           rc_sys_tmpdir());
  if (rc_sys_mkdtemp(f->dir) < 0)
    return -1;
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  fixture *f = *state;
  rc_sys_rmtree(f->dir);
  rc_ctx_free(f->ctx);
  free(f);
  return 0;
}

static void path_in(char *buf, size_t cap, const fixture *f, const char *rel)
{
  snprintf(buf, cap, "%s/%s", f->dir, rel);
}

/* The whole file, NUL-terminated; *len its size. */
static char *slurp(const char *path, size_t *len)
{
  FILE *in = fopen(path, "rb");
  char *data;
  long n;
  assert_non_null(in);
  assert_int_equal(fseek(in, 0, SEEK_END), 0);
  n = ftell(in);
  assert_true(n >= 0);
  rewind(in);
  data = malloc((size_t)n + 1);
  assert_non_null(data);
  assert_int_equal(fread(data, 1, (size_t)n, in), (size_t)n);
  data[n] = '\0';
  fclose(in);
  if (len)
    *len = (size_t)n;
  return data;
}

static int exists(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0;
}

static void assert_same_bytes(const char *a, const char *b)
{
  size_t la, lb;
  char *x = slurp(a, &la), *y = slurp(b, &lb);
  assert_int_equal(la, lb);
  assert_memory_equal(x, y, la);
  free(x);
  free(y);
}

static long find_role_by_guid(const rc_model *m, const char *guid)
{
  size_t i;
  for (i = 0; i < rc_model_role_count(m); i++) {
    if (!strcmp(rc_model_role(m, i)->guid, guid))
      return (long)i;
  }
  fail_msg("no role %s", guid);
  return -1;
}

/* The role reads back with its id, name, flags and every privilege, in
 * the order and at the depth given. */
static void check_role(const rc_model *m, const rc_fix_role_out *want)
{
  size_t r = (size_t)find_role_by_guid(m, want->id), g;
  const rc_role *role = rc_model_role(m, r);
  char braced[64];
  snprintf(braced, sizeof(braced), "{%s}", want->id);
  assert_string_equal(role->id, braced);
  assert_string_equal(role->name, want->name);
  assert_int_equal(role->is_inherited, want->is_inherited);
  assert_int_equal(role->is_auto_assigned, want->is_auto_assigned);
  assert_int_equal(role->element_count, want->privilege_count);
  assert_int_equal(role->grant_count, want->privilege_count);
  for (g = 0; g < want->privilege_count; g++) {
    const rc_grant *gr = rc_model_grant(m, r, g);
    assert_string_equal(rc_model_privilege(m, gr->privilege)->name,
                        want->privileges[g].name);
    assert_int_equal(gr->depth, want->privileges[g].depth);
  }
}

/* Load path as one input of the given kind and check it is the sample. */
static void check_reads_back(fixture *f, const char *path, rc_input_kind kind)
{
  rc_input_list *inputs = NULL;
  rc_model *m = NULL;
  const rc_solution *s;
  int error;
  assert_int_equal(rc_input_list_new(&inputs), RC_OK);
  error = rc_input_list_add(inputs, f->ctx, path);
  if (error)
    print_error("%s\n", rc_ctx_error(f->ctx));
  assert_int_equal(error, RC_OK);
  assert_int_equal(rc_input_list_count(inputs), 1);
  assert_int_equal(rc_input_list_kind(inputs, 0), kind);
  error = rc_model_load(&m, f->ctx, inputs, 0);
  if (error)
    print_error("%s\n", rc_ctx_error(f->ctx));
  assert_int_equal(error, RC_OK);
  /* a well-formed solution: nothing to warn about */
  assert_int_equal(rc_ctx_warning_count(f->ctx), 0);

  s = rc_model_solution(m);
  assert_string_equal(s->unique_name, sample.unique_name);
  assert_string_equal(s->display_name, sample.display_name);
  assert_string_equal(s->version, sample.version);
  assert_int_equal(s->managed, 0);
  assert_string_equal(s->publisher, sample.publisher);
  assert_string_equal(s->prefix, sample.prefix);
  assert_int_equal(s->root_component_count, 2);
  assert_int_equal(rc_model_role_count(m), 2);
  check_role(m, &sample_roles[0]);
  check_role(m, &sample_roles[1]);
  rc_model_free(m);
  rc_input_list_free(inputs);
}

static void test_fixwrite__zip_reads_back(void **state)
{
  fixture *f = *state;
  char path[600];
  path_in(path, sizeof(path), f, "Contoso_TeamMember.zip");
  assert_int_equal(rc_fix_write_zip(f->ctx, path, &sample), RC_OK);
  check_reads_back(f, path, RC_INPUT_ZIP);
}

static void test_fixwrite__unpacked_reads_back(void **state)
{
  fixture *f = *state;
  char path[600];
  /* the folder and its parent are made */
  path_in(path, sizeof(path), f, "out/src");
  assert_int_equal(rc_fix_write_unpacked(f->ctx, path, &sample), RC_OK);
  check_reads_back(f, path, RC_INPUT_UNPACKED);
}

static void test_fixwrite__same_bytes_each_time(void **state)
{
  static const char *const files[] = {
      "Other/Solution.xml", "Other/Customizations.xml",
      "Roles/Field _Lead_ _R&D_ Ops' (Team Member).xml",
      "Roles/Field Viewer.xml"};
  fixture *f = *state;
  char a[600], b[600];
  size_t i;
  path_in(a, sizeof(a), f, "a.zip");
  path_in(b, sizeof(b), f, "b.zip");
  assert_int_equal(rc_fix_write_zip(f->ctx, a, &sample), RC_OK);
  assert_int_equal(rc_fix_write_zip(f->ctx, b, &sample), RC_OK);
  assert_same_bytes(a, b);
  /* and again over the first: replaced, not appended to */
  assert_int_equal(rc_fix_write_zip(f->ctx, a, &sample), RC_OK);
  assert_same_bytes(a, b);

  path_in(a, sizeof(a), f, "ua");
  path_in(b, sizeof(b), f, "ub");
  assert_int_equal(rc_fix_write_unpacked(f->ctx, a, &sample), RC_OK);
  assert_int_equal(rc_fix_write_unpacked(f->ctx, b, &sample), RC_OK);
  assert_int_equal(rc_fix_write_unpacked(f->ctx, a, &sample), RC_OK);
  for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
    char fa[700], fb[700];
    snprintf(fa, sizeof(fa), "%s/%s", a, files[i]);
    snprintf(fb, sizeof(fb), "%s/%s", b, files[i]);
    assert_same_bytes(fa, fb);
  }
}

/* The text itself: escaping as exports do, the role in the zip's
 * customizations.xml, and the forms' encodings. */
static void test_fixwrite__escapes_and_forms(void **state)
{
  fixture *f = *state;
  char dir[600], file[700];
  char *text;
  size_t len;
  path_in(dir, sizeof(dir), f, "u");
  assert_int_equal(rc_fix_write_unpacked(f->ctx, dir, &sample), RC_OK);

  snprintf(file, sizeof(file), "%s/Roles/%s", dir,
           "Field _Lead_ _R&D_ Ops' (Team Member).xml");
  text = slurp(file, &len);
  assert_memory_equal(text, BOM_DECL "\n<Role id=\"{" LEAD_ID "}\" ",
                      strlen(BOM_DECL "\n<Role id=\"{" LEAD_ID "}\" "));
  assert_non_null(strstr(text, "name=\"Field &quot;Lead&quot; &lt;R&amp;D&gt; "
                               "Ops' (Team Member)\" isinherited=\"1\""));
  assert_non_null(strstr(text, "\n  <IsCustomizable>1</IsCustomizable>\n"
                               "  <RolePrivileges>\n    <RolePrivilege "
                               "name=\"prvWritecontoso_SiteInspection\" "
                               "level=\"Local\" />\n"));
  assert_null(strchr(text, '\r'));
  /* the file ends with the end tag, as pac writes it */
  assert_true(len > 7);
  assert_string_equal(text + len - 7, "</Role>");
  free(text);

  snprintf(file, sizeof(file), "%s/Roles/Field Viewer.xml", dir);
  text = slurp(file, NULL);
  assert_non_null(strstr(text, "<Role id=\"{" VIEWER_ID
                               "}\" name=\"Field Viewer\" xmlns:xsi="));
  assert_non_null(strstr(text, "  <IsCustomizable>1</IsCustomizable>\n"
                               "  <IsAutoAssigned>0</IsAutoAssigned>\n"
                               "  <RolePrivileges>\n"));
  free(text);

  snprintf(file, sizeof(file), "%s/Other/Customizations.xml", dir);
  text = slurp(file, NULL);
  assert_non_null(strstr(text, "\n  <Roles />\n"));
  assert_null(strstr(text, "<Role "));
  free(text);

  snprintf(file, sizeof(file), "%s/Other/Solution.xml", dir);
  text = slurp(file, NULL);
  assert_non_null(strstr(text, "<LocalizedName description=\"Contoso Field "
                               "Ops &amp; Co (Team Member)\" "
                               "languagecode=\"1033\" />"));
  assert_non_null(strstr(text, "<LocalizedName description=\"Contoso "
                               "&lt;Ltd&gt;\" languagecode=\"1033\" />"));
  assert_non_null(strstr(text, "<Managed>0</Managed>"));
  /* root components sorted by id, as exports list them */
  assert_non_null(strstr(text,
                         "<RootComponents>\n"
                         "      <RootComponent type=\"20\" id=\"{" VIEWER_ID
                         "}\" behavior=\"0\" />\n"
                         "      <RootComponent type=\"20\" id=\"{" LEAD_ID
                         "}\" behavior=\"0\" />\n"
                         "    </RootComponents>\n"
                         "    <MissingDependencies />\n"));
  free(text);
}

/* The zip's entries as an export has them: customizations.xml with the
 * roles inline, no BOM, no declaration, CRLF. */
static void test_fixwrite__zip_entries(void **state)
{
  static const char *const order[] = {"customizations.xml", "solution.xml",
                                      "[Content_Types].xml"};
  fixture *f = *state;
  char path[600], *text;
  zip_t *z;
  zip_file_t *zf;
  zip_stat_t st;
  int err = 0;
  size_t i;
  path_in(path, sizeof(path), f, "entries.zip");
  assert_int_equal(rc_fix_write_zip(f->ctx, path, &sample), RC_OK);
  z = zip_open(path, ZIP_RDONLY, &err);
  assert_non_null(z);
  assert_int_equal(zip_get_num_entries(z, 0), 3);
  for (i = 0; i < 3; i++)
    assert_string_equal(zip_get_name(z, i, 0), order[i]);
  assert_int_equal(zip_stat_index(z, 0, 0, &st), 0);
  assert_int_equal(st.comp_method, ZIP_CM_DEFLATE);
  text = calloc(1, (size_t)st.size + 1);
  assert_non_null(text);
  zf = zip_fopen_index(z, 0, 0);
  assert_non_null(zf);
  assert_int_equal(zip_fread(zf, text, st.size), (zip_int64_t)st.size);
  zip_fclose(zf);
  assert_memory_equal(text, "<ImportExportXml xmlns:xsi=", 27);
  assert_non_null(strstr(
      text, "\r\n  <Entities></Entities>\r\n  <Roles>\r\n"
            "    <Role id=\"{" LEAD_ID "}\" name=\"Field &quot;Lead&quot; "
            "&lt;R&amp;D&gt; Ops' (Team Member)\" isinherited=\"1\">\r\n"
            "      <IsCustomizable>1</IsCustomizable>\r\n"
            "      <RolePrivileges>\r\n"
            "        <RolePrivilege name=\"prvWritecontoso_SiteInspection\" "
            "level=\"Local\" />\r\n"));
  assert_non_null(
      strstr(text, "      </RolePrivileges>\r\n    </Role>\r\n  </Roles>\r\n"
                   "  <Workflows></Workflows>\r\n"));
  /* every line ends with CRLF; the last has no line end */
  for (i = 0; text[i]; i++) {
    if (text[i] == '\n')
      assert_int_equal(text[i - 1], '\r');
  }
  assert_string_equal(text + st.size - 18, "</ImportExportXml>");
  free(text);
  zip_close(z);
}

static void test_fixwrite__file_names(void **state)
{
  static const rc_fix_privilege one[] = {{"prvReadAccount", RC_DEPTH_GLOBAL}};
  static const rc_fix_role_out roles[] = {
      {"11111111-1111-4111-8111-111111111111", "Sales: EU/West", -1, -1, NULL,
       1, one},
      {"22222222-2222-4222-8222-222222222222", "sales: eu|west", -1, -1, NULL,
       1, one},
      {"33333333-3333-4333-8333-333333333333", "CON", -1, -1, NULL, 1, one},
      {"44444444-4444-4444-8444-444444444444", "Trailing dot.", -1, -1, NULL, 1,
       one},
      {"55555555-5555-4555-8555-555555555555", "Ignored name", -1, -1,
       "../Given", 1, one},
      {"66666666-6666-4666-8666-666666666666", "", -1, -1, NULL, 1, one},
  };
  static const char *const want[] = {
      "Roles/Sales_ EU_West.xml", "Roles/sales_ eu_west (2).xml",
      "Roles/CON_.xml",           "Roles/Trailing dot_.xml",
      "Roles/.._Given.xml",       "Roles/Role.xml"};
  rc_fix_solution_out sol = sample;
  fixture *f = *state;
  char dir[600], file[700];
  size_t i;
  sol.roles = roles;
  sol.role_count = sizeof(roles) / sizeof(roles[0]);
  path_in(dir, sizeof(dir), f, "names");
  /* a file the solution does not name stays */
  assert_int_equal(rc_sys_mkdir(dir), 0);
  snprintf(file, sizeof(file), "%s/README.md", dir);
  {
    FILE *out = fopen(file, "wb");
    assert_non_null(out);
    fputs("kept\n", out);
    assert_int_equal(fclose(out), 0);
  }
  assert_int_equal(rc_fix_write_unpacked(f->ctx, dir, &sol), RC_OK);
  assert_true(exists(file));
  for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
    snprintf(file, sizeof(file), "%s/%s", dir, want[i]);
    if (!exists(file))
      fail_msg("missing %s", want[i]);
  }
  /* nothing was written outside the folder */
  snprintf(file, sizeof(file), "%s/Given.xml", f->dir);
  assert_false(exists(file));
}

static void test_fixwrite__cannot_write_names_path(void **state)
{
  fixture *f = *state;
  char path[700], blocker[600];
  path_in(path, sizeof(path), f, "no/such/folder/x.zip");
  assert_int_equal(rc_fix_write_zip(f->ctx, path, &sample), RC_EINPUT);
  assert_non_null(strstr(rc_ctx_error(f->ctx), path));
  assert_null(strchr(rc_ctx_error(f->ctx), '\n'));

  /* a file where a folder should be */
  path_in(blocker, sizeof(blocker), f, "blocker");
  {
    FILE *out = fopen(blocker, "wb");
    assert_non_null(out);
    assert_int_equal(fclose(out), 0);
  }
  snprintf(path, sizeof(path), "%s/sub", blocker);
  assert_int_equal(rc_fix_write_unpacked(f->ctx, path, &sample), RC_EINPUT);
  assert_non_null(strstr(rc_ctx_error(f->ctx), blocker));
  /* no temporary file is left beside a zip that failed */
  path_in(path, sizeof(path), f, "no/such/folder");
  assert_false(exists(path));
}

/* No roles: still a solution rolecheck reads. */
static void test_fixwrite__no_roles(void **state)
{
  rc_fix_solution_out sol = sample;
  fixture *f = *state;
  rc_input_list *inputs = NULL;
  rc_model *m = NULL;
  char path[600];
  sol.roles = NULL;
  sol.role_count = 0;
  path_in(path, sizeof(path), f, "empty.zip");
  assert_int_equal(rc_fix_write_zip(f->ctx, path, &sol), RC_OK);
  assert_int_equal(rc_input_list_new(&inputs), RC_OK);
  assert_int_equal(rc_input_list_add(inputs, f->ctx, path), RC_OK);
  assert_int_equal(rc_model_load(&m, f->ctx, inputs, 0), RC_OK);
  assert_int_equal(rc_model_role_count(m), 0);
  assert_string_equal(rc_model_solution(m)->unique_name, sol.unique_name);
  rc_model_free(m);
  rc_input_list_free(inputs);
}

/* Files whose name holds ".tmp" under dir: what an interrupted atomic
 * write would leave. */
static int temp_files(const char *dir)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  int n = 0;
  if (!d)
    return 0;
  while ((e = readdir(d)) != NULL) {
    char path[1024];
    struct stat st;
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
      continue;
    snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
    if (strstr(e->d_name, ".tmp"))
      n++;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
      n += temp_files(path);
  }
  closedir(d);
  return n;
}

/* Each allocation of a write fails in turn: RC_ENOMEM every time until
 * the write needs no more, no temporary file left, and no zip half made
 * (ASan and valgrind see the leaks). */
static void test_fixwrite__out_of_memory(void **state)
{
  fixture *f = *state;
  char zip[600], dir[600];
  unsigned long n;
  int error = RC_ENOMEM;
  path_in(zip, sizeof(zip), f, "oom.zip");
  path_in(dir, sizeof(dir), f, "oom");
  for (n = 1; error == RC_ENOMEM; n++) {
    rc_alloc_fail_after(n);
    error = rc_fix_write_zip(f->ctx, zip, &sample);
    rc_alloc_fail_after(0);
    if (error == RC_ENOMEM)
      assert_false(exists(zip));
    else
      assert_int_equal(error, RC_OK);
    assert_int_equal(temp_files(f->dir), 0);
  }
  assert_true(n > 2);
  for (n = 1, error = RC_ENOMEM; error == RC_ENOMEM; n++) {
    rc_alloc_fail_after(n);
    error = rc_fix_write_unpacked(f->ctx, dir, &sample);
    rc_alloc_fail_after(0);
    if (error != RC_ENOMEM)
      assert_int_equal(error, RC_OK);
    assert_int_equal(temp_files(f->dir), 0);
  }
  assert_true(n > 2);
  check_reads_back(f, dir, RC_INPUT_UNPACKED);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_fixwrite__zip_reads_back, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_fixwrite__unpacked_reads_back, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_fixwrite__same_bytes_each_time,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_fixwrite__escapes_and_forms, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_fixwrite__zip_entries, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_fixwrite__file_names, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_fixwrite__cannot_write_names_path,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_fixwrite__no_roles, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fixwrite__out_of_memory, setup,
                                      teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
