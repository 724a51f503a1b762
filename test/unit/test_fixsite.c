/* rc_fix_write_site(): corrected table permissions of a pac pages download
 * (current and adx_ layouts) read back by the library with exactly the
 * asked change; line ends, BOM, comments and odd YAML; refusals. */
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

#include "rolecheck/fix.h"
#include "rolecheck/rolecheck.h"
#include "util/sys.h"

#define ANON "3f0a1c52-6b7d-4e8f-9a01-b2c3d4e5f601"
#define AUTH "3f0a1c52-6b7d-4e8f-9a01-b2c3d4e5f602"
#define CUST "3f0a1c52-6b7d-4e8f-9a01-b2c3d4e5f603"

#define NOTES "table-permissions/Notes---signed-in-users.tablepermission.yml"
#define KNOWLEDGE                                                              \
  "table-permissions/Knowledge-articles---everyone.tablepermission.yml"
#define CASES        "table-permissions/Cases---customer-account.tablepermission.yml"
#define ID_NOTES     "7a1b2c3d-0001-4f00-8e00-00000000a007"
#define ID_KNOWLEDGE "7a1b2c3d-0001-4f00-8e00-00000000a001"
#define ID_CASES     "7a1b2c3d-0001-4f00-8e00-00000000a003"

typedef struct {
  rc_ctx *ctx;
  char work[512]; /* a temporary folder, removed by teardown */
} fixture;

static int setup(void **state)
{
  fixture *f = calloc(1, sizeof(*f));
  if (!f || rc_ctx_new(&f->ctx) < 0)
    return -1;
  snprintf(f->work, sizeof(f->work), "%s/rolecheck-fixsite-XXXXXX",
           rc_sys_tmpdir());
  if (rc_sys_mkdtemp(f->work) < 0)
    return -1;
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  fixture *f = *state;
  int rc = rc_sys_rmtree(f->work);
  rc_ctx_free(f->ctx);
  free(f);
  return rc;
}

static void path_in(char *buf, size_t cap, const char *dir, const char *rel)
{
  int n = snprintf(buf, cap, "%s/%s", dir, rel);
  assert_true(n > 0 && (size_t)n < cap);
}

/* The whole file (NUL-terminated), its length in *len. */
static char *slurp(const char *path, size_t *len)
{
  FILE *in = fopen(path, "rb");
  char *buf;
  long n;
  assert_non_null(in);
  assert_int_equal(fseek(in, 0, SEEK_END), 0);
  n = ftell(in);
  assert_true(n >= 0);
  rewind(in);
  buf = malloc((size_t)n + 1);
  assert_non_null(buf);
  assert_int_equal(fread(buf, 1, (size_t)n, in), (size_t)n);
  buf[n] = '\0';
  fclose(in);
  if (len)
    *len = (size_t)n;
  return buf;
}

static void spit(const char *path, const char *text, size_t len)
{
  FILE *out = fopen(path, "wb");
  assert_non_null(out);
  assert_int_equal(fwrite(text, 1, len, out), len);
  assert_int_equal(fclose(out), 0);
}

static int exists(const char *path)
{
  struct stat st;
  return !stat(path, &st);
}

static void make_dir(const char *path)
{
  struct stat st;
  if (!stat(path, &st) && S_ISDIR(st.st_mode))
    return;
  assert_int_equal(rc_sys_mkdir(path), 0);
}

/* cp -r from/. to, over what is there (plain files and folders) */
static void copy_tree(const char *from, const char *to)
{
  DIR *d = opendir(from);
  struct dirent *e;
  assert_non_null(d);
  make_dir(to);
  while ((e = readdir(d)) != NULL) {
    char src[1024], dst[1024];
    struct stat st;
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
      continue;
    path_in(src, sizeof(src), from, e->d_name);
    path_in(dst, sizeof(dst), to, e->d_name);
    assert_int_equal(stat(src, &st), 0);
    if (S_ISDIR(st.st_mode)) {
      copy_tree(src, dst);
    } else {
      size_t n;
      char *text = slurp(src, &n);
      spit(dst, text, n);
      free(text);
    }
  }
  closedir(d);
}

/* How many files dir holds, in its folders too. */
static size_t count_files(const char *dir)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  size_t n = 0;
  assert_non_null(d);
  while ((e = readdir(d)) != NULL) {
    char p[1024];
    struct stat st;
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
      continue;
    path_in(p, sizeof(p), dir, e->d_name);
    assert_int_equal(stat(p, &st), 0);
    n += S_ISDIR(st.st_mode) ? count_files(p) : 1;
  }
  closedir(d);
  return n;
}

static rc_model *load_site(rc_ctx *ctx, const char *dir)
{
  rc_input_list *inputs;
  rc_model *m = NULL;
  int error;
  assert_int_equal(rc_input_list_new(&inputs), RC_OK);
  error = rc_input_list_add(inputs, ctx, dir);
  if (!error)
    error = rc_model_load(&m, ctx, inputs, 0);
  if (error)
    print_error("%s\n", rc_ctx_error(ctx));
  assert_int_equal(error, RC_OK);
  assert_int_equal(rc_input_list_kind(inputs, 0), RC_INPUT_PAGES_SITE);
  rc_input_list_free(inputs);
  return m;
}

static int equal_or_null(const char *a, const char *b)
{
  return a == b || (a && b && !strcmp(a, b));
}

static const rc_table_permission *permission(const rc_model *m, const char *id)
{
  size_t i;
  for (i = 0; i < rc_model_permission_count(m); i++) {
    if (!strcmp(rc_model_permission(m, i)->id, id))
      return rc_model_permission(m, i);
  }
  fail_msg("no permission %s", id);
  return NULL;
}

/* Everything the model reads from a permission but its rights and web
 * roles (and the file it came from). */
static void assert_same_but_access(const rc_table_permission *a,
                                   const rc_table_permission *b)
{
  assert_string_equal(a->id, b->id);
  assert_string_equal(a->name, b->name);
  assert_string_equal(a->table, b->table);
  assert_int_equal(a->scope, b->scope);
  assert_true(equal_or_null(a->parent, b->parent));
  assert_true(equal_or_null(a->parent_relationship, b->parent_relationship));
  assert_true(equal_or_null(a->contact_relationship, b->contact_relationship));
  assert_true(equal_or_null(a->account_relationship, b->account_relationship));
  assert_int_equal(a->line, b->line);
}

static void assert_same_roles(const rc_table_permission *a,
                              const rc_table_permission *b)
{
  size_t i;
  assert_int_equal(a->webrole_count, b->webrole_count);
  assert_int_equal(a->inherited, b->inherited);
  for (i = 0; i < a->webrole_count; i++)
    assert_string_equal(a->webroles[i], b->webroles[i]);
}

/* Copy the fixture's site, correct three permissions into a separate
 * folder, lay the corrected files over the copy and load it: the three
 * changed as asked, every other permission and web role as before. */
static void check_layout(fixture *f, const char *fixture_site)
{
  char site[600], out[600], src[3][1024], file[1024];
  static const char *const rel[3] = {NOTES, KNOWLEDGE, CASES};
  /* the anonymous role as a user might type it: braced, upper case */
  static const char *const anon[] = {"{3F0A1C52-6B7D-4E8F-9A01-B2C3D4E5F601}"};
  static const char *const cust[] = {CUST};
  rc_fix_permission_edit edits[3];
  rc_model *before, *after;
  char *first[3];
  size_t i, n;

  path_in(site, sizeof(site), f->work, "site");
  path_in(out, sizeof(out), f->work, "out");
  copy_tree(fixture_site, site);
  for (i = 0; i < 3; i++)
    path_in(src[i], sizeof(src[i]), site, rel[i]);
  memset(edits, 0, sizeof(edits));
  edits[0].file = src[0];
  edits[0].relative = rel[0];
  edits[0].clear_rights = RC_PERM_CREATE | RC_PERM_WRITE | RC_PERM_DELETE;
  edits[1].file = src[1];
  edits[1].relative = rel[1];
  edits[1].detach_count = 1;
  edits[1].detach = anon;
  edits[2].file = src[2];
  edits[2].relative = rel[2];
  edits[2].detach_count = 1;
  edits[2].detach = cust;
  if (rc_fix_write_site(f->ctx, out, edits, 3))
    fail_msg("%s", rc_ctx_error(f->ctx));
  assert_int_equal(count_files(out), 3);

  /* written twice: the same bytes */
  for (i = 0; i < 3; i++) {
    path_in(file, sizeof(file), out, rel[i]);
    first[i] = slurp(file, NULL);
  }
  assert_int_equal(rc_fix_write_site(f->ctx, out, edits, 3), RC_OK);
  for (i = 0; i < 3; i++) {
    char *again;
    path_in(file, sizeof(file), out, rel[i]);
    again = slurp(file, NULL);
    assert_string_equal(again, first[i]);
    free(again);
    free(first[i]);
  }
  assert_int_equal(count_files(out), 3);

  before = load_site(f->ctx, fixture_site);
  copy_tree(out, site);
  after = load_site(f->ctx, site);
  assert_int_equal(rc_model_permission_count(after),
                   rc_model_permission_count(before));
  assert_int_equal(rc_model_webrole_count(after),
                   rc_model_webrole_count(before));
  for (i = 0; i < rc_model_webrole_count(before); i++) {
    const rc_webrole *a = rc_model_webrole(after, i);
    const rc_webrole *b = rc_model_webrole(before, i);
    assert_string_equal(a->id, b->id);
    assert_string_equal(a->name, b->name);
    assert_int_equal(a->anonymous, b->anonymous);
    assert_int_equal(a->authenticated, b->authenticated);
  }
  for (i = 0; i < rc_model_permission_count(before); i++) {
    const rc_table_permission *b = rc_model_permission(before, i);
    const rc_table_permission *a = permission(after, b->id);
    assert_same_but_access(a, b);
    if (!strcmp(b->id, ID_NOTES)) {
      assert_int_equal(b->rights,
                       RC_PERM_CREATE | RC_PERM_READ | RC_PERM_WRITE);
      assert_int_equal(a->rights, RC_PERM_READ);
      assert_same_roles(a, b);
    } else if (!strcmp(b->id, ID_KNOWLEDGE)) {
      assert_int_equal(a->rights, b->rights);
      assert_int_equal(b->webrole_count, 2);
      assert_int_equal(a->webrole_count, 1);
      assert_string_equal(a->webroles[0], AUTH);
      assert_false(rc_permission_has_webrole(a, ANON));
    } else if (!strcmp(b->id, ID_CASES)) {
      assert_int_equal(a->rights, b->rights);
      assert_int_equal(b->webrole_count, 1);
      assert_int_equal(a->webrole_count, 0);
      assert_false(a->inherited);
    } else {
      assert_int_equal(a->rights, b->rights);
      assert_same_roles(a, b);
    }
  }
  rc_model_free(before);
  rc_model_free(after);

  /* the emptied list is written as the fixtures write one */
  path_in(file, sizeof(file), out, CASES);
  first[0] = slurp(file, &n);
  assert_non_null(strstr(first[0], "\nadx_entitypermission_webrole: []\n"));
  assert_null(strstr(first[0], CUST));
  free(first[0]);
}

static void test_fixsite__current_layout(void **state)
{
  fixture *f = *state;
  char file[1024], *text;
  check_layout(f, RC_FIXTURES "/portal-yaml/input");
  /* one file whole: only the three values change */
  path_in(file, sizeof(file), f->work, "out/" NOTES);
  text = slurp(file, NULL);
  assert_string_equal(text, "adx_entitypermission_webrole:\n"
                            "- " AUTH "\n"
                            "append: false\n"
                            "appendto: false\n"
                            "create: false\n"
                            "delete: false\n"
                            "entitylogicalname: annotation\n"
                            "entityname: Notes - signed-in users\n"
                            "id: " ID_NOTES "\n"
                            "read: true\n"
                            "scope: 756150000\n"
                            "write: false\n");
  free(text);
}

static void test_fixsite__adx_layout(void **state)
{
  fixture *f = *state;
  char file[1024], *text;
  check_layout(f, RC_FIXTURES "/portal-yaml-adx/input");
  path_in(file, sizeof(file), f->work, "out/" KNOWLEDGE);
  text = slurp(file, NULL);
  assert_string_equal(text, "adx_append: false\n"
                            "adx_appendto: false\n"
                            "adx_create: false\n"
                            "adx_delete: false\n"
                            "adx_entitylogicalname: knowledgearticle\n"
                            "adx_entityname: Knowledge articles - everyone\n"
                            "adx_entitypermission_webrole:\n"
                            "- " AUTH "\n"
                            "adx_entitypermissionid: " ID_KNOWLEDGE "\n"
                            "adx_read: true\n"
                            "adx_scope: 756150000\n"
                            "adx_write: false\n");
  free(text);
}

/* Write src (len bytes) as work/in.yml, correct it into work/out/<rel> and
 * return the result, or NULL with *error set when the call fails. */
static char *fix_text(fixture *f, const char *text, size_t len, unsigned clear,
                      const char *const *detach, size_t ndetach, int *error)
{
  char in[1024], out[1024], file[1024];
  rc_fix_permission_edit e;
  path_in(in, sizeof(in), f->work, "in.yml");
  path_in(out, sizeof(out), f->work, "out");
  spit(in, text, len);
  memset(&e, 0, sizeof(e));
  e.file = in;
  e.relative = "nested/new/x.tablepermission.yml";
  e.clear_rights = clear;
  e.detach = detach;
  e.detach_count = ndetach;
  *error = rc_fix_write_site(f->ctx, out, &e, 1);
  path_in(file, sizeof(file), out, e.relative);
  if (*error) {
    assert_false(exists(file));
    return NULL;
  }
  return slurp(file, NULL);
}

#define BOM "\xEF\xBB\xBF"

/* CR LF and a BOM kept; quoted, capitalised and commented values; a
 * right already false stays as written; a comment inside the list stays. */
static void test_fixsite__crlf_bom_comments(void **state)
{
  fixture *f = *state;
  static const char src[] =
      BOM "# contoso: partner access\r\n"
          "adx_entitypermission_webrole: # the roles\r\n"
          "  - " ANON " # anonymous\r\n"
          "  # keep this note\r\n"
          "  - '{3F0A1C52-6B7D-4E8F-9A01-B2C3D4E5F602}'\r\n"
          "append: False\r\n"
          "create: 'true'\r\n"
          "read: True # reading stays\r\n"
          "write:   yes   # was yes\r\n"
          "delete: \"true\"\r\n"
          "entitylogicalname: contact\r\n"
          "scope: 756150001\r\n";
  static const char want[] =
      BOM "# contoso: partner access\r\n"
          "adx_entitypermission_webrole: # the roles\r\n"
          "  # keep this note\r\n"
          "  - '{3F0A1C52-6B7D-4E8F-9A01-B2C3D4E5F602}'\r\n"
          "append: False\r\n"
          "create: false\r\n"
          "read: True # reading stays\r\n"
          "write:   false   # was yes\r\n"
          "delete: false\r\n"
          "entitylogicalname: contact\r\n"
          "scope: 756150001\r\n";
  static const char *const detach[] = {"3F0A1C52-6B7D-4E8F-9A01-B2C3D4E5F601"};
  int error;
  char *text =
      fix_text(f, src, sizeof(src) - 1,
               RC_PERM_CREATE | RC_PERM_WRITE | RC_PERM_DELETE | RC_PERM_APPEND,
               detach, 1, &error);
  if (error)
    fail_msg("%s", rc_ctx_error(f->ctx));
  assert_string_equal(text, want);
  free(text);
}

/* The only role of a list written with LF ends and no final line end:
 * "[]", the comment after the key kept. */
static void test_fixsite__last_role_without_final_newline(void **state)
{
  fixture *f = *state;
  static const char src[] = "read: true\n"
                            "entitypermission_webrole:  # who\n"
                            "- " CUST;
  static const char *const detach[] = {CUST};
  int error;
  char *text = fix_text(f, src, sizeof(src) - 1, 0, detach, 1, &error);
  if (error)
    fail_msg("%s", rc_ctx_error(f->ctx));
  assert_string_equal(text, "read: true\n"
                            "entitypermission_webrole: [] # who\n");
  free(text);
}

/* A flow list keeps its other items as written; emptied, it is "[]". */
static void test_fixsite__flow_list(void **state)
{
  fixture *f = *state;
  static const char src[] =
      "adx_entitypermission_webrole: [" ANON ", '" AUTH "' ]  # both\n"
      "adx_read: true\n";
  static const char *const one[] = {ANON};
  static const char *const both[] = {AUTH, ANON};
  int error;
  char *text = fix_text(f, src, sizeof(src) - 1, 0, one, 1, &error);
  if (error)
    fail_msg("%s", rc_ctx_error(f->ctx));
  assert_string_equal(text, "adx_entitypermission_webrole: ['" AUTH
                            "']  # both\nadx_read: true\n");
  free(text);
  text = fix_text(f, src, sizeof(src) - 1, RC_PERM_READ, both, 2, &error);
  if (error)
    fail_msg("%s", rc_ctx_error(f->ctx));
  assert_string_equal(text, "adx_entitypermission_webrole: []  # both\n"
                            "adx_read: false\n");
  free(text);
}

/* Two edits of one file (from two web roles' plans) are merged. */
static void test_fixsite__edits_of_one_file_merge(void **state)
{
  fixture *f = *state;
  char site[600], out[600], src[1024], other[1024], file[1024], *text;
  static const char *const anon[] = {ANON};
  rc_fix_permission_edit e[2];
  path_in(site, sizeof(site), f->work, "site");
  path_in(out, sizeof(out), f->work, "out");
  copy_tree(RC_FIXTURES "/portal-yaml/input", site);
  path_in(src, sizeof(src), site, KNOWLEDGE);
  memset(e, 0, sizeof(e));
  e[0].file = e[1].file = src;
  e[0].relative = e[1].relative = KNOWLEDGE;
  e[0].clear_rights = RC_PERM_READ;
  e[1].detach = anon;
  e[1].detach_count = 1;
  assert_int_equal(rc_fix_write_site(f->ctx, out, e, 2), RC_OK);
  path_in(file, sizeof(file), out, KNOWLEDGE);
  text = slurp(file, NULL);
  assert_non_null(strstr(text, "\nread: false\n"));
  assert_null(strstr(text, ANON));
  assert_non_null(strstr(text, AUTH));
  free(text);
  /* one output from two different sources: refused, naming both */
  path_in(other, sizeof(other), site, NOTES);
  e[1].file = other;
  assert_int_equal(rc_fix_write_site(f->ctx, out, e, 2), RC_EUSAGE);
  assert_non_null(strstr(rc_ctx_error(f->ctx), "written from two sources"));
  assert_non_null(strstr(rc_ctx_error(f->ctx), NOTES));
}

/* A web role file is not a table permission: RC_EINPUT naming it, and
 * nothing written. */
static void test_fixsite__not_a_permission(void **state)
{
  fixture *f = *state;
  static const char src[] = "anonymoususersrole: false\n"
                            "authenticatedusersrole: false\n"
                            "id: " CUST "\n"
                            "name: Customers\n";
  int error;
  assert_null(fix_text(f, src, sizeof(src) - 1, RC_PERM_READ, NULL, 0, &error));
  assert_int_equal(error, RC_EINPUT);
  assert_non_null(strstr(rc_ctx_error(f->ctx), "in.yml: not a table "
                                               "permission"));
  /* nor is a list of records, or an empty file */
  assert_null(fix_text(f, "- read: true\n", 13, RC_PERM_READ, NULL, 0, &error));
  assert_int_equal(error, RC_EINPUT);
  assert_non_null(strstr(rc_ctx_error(f->ctx), "in.yml"));
  assert_null(fix_text(f, "", 0, RC_PERM_READ, NULL, 0, &error));
  assert_int_equal(error, RC_EINPUT);
  assert_non_null(strstr(rc_ctx_error(f->ctx), "in.yml"));
}

/* YAML the line editor cannot change safely is refused with the file and
 * line, never written wrong; invalid YAML is an input error. */
static void test_fixsite__odd_yaml_refused(void **state)
{
  fixture *f = *state;
  static const char *const anon[] = {ANON};
  static const struct {
    const char *text;
    unsigned clear;
    const char *message;
  } cases[] = {
      {"read: >\n  true\nentitylogicalname: contact\n", RC_PERM_READ,
       "in.yml:1: a right whose value is not on its line"},
      {"read: true\nadx_entitypermission_webrole:\n- id: " ANON "\n", 0,
       "in.yml:3: a web-role list item that is not one id"},
      {"adx_entitypermission_webrole: [" ANON ",\n  " AUTH "]\n", 0,
       "in.yml:1: a web-role list that is not ids on one line"},
      {"read: !!bool true\nscope: 1\n", RC_PERM_READ,
       "in.yml: the corrected copy does not read as intended (read)"},
      {"{read: true, scope: 1}\n", RC_PERM_READ, "in.yml: not written one key"},
      {"read: true\r\rscope: 1\n", RC_PERM_READ, "in.yml: a line ends in CR"},
      {"read: [true\n", RC_PERM_READ, "in.yml:"},
      {"read: &a true\nwrite: *a\n", RC_PERM_READ, "YAML aliases"},
  };
  size_t i;
  int error;
  for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    assert_null(fix_text(f, cases[i].text, strlen(cases[i].text),
                         cases[i].clear, anon, 1, &error));
    assert_int_equal(error, RC_EINPUT);
    if (!strstr(rc_ctx_error(f->ctx), cases[i].message))
      fail_msg("case %lu: %s", (unsigned long)i, rc_ctx_error(f->ctx));
  }
}

/* Over 1 MiB: refused before it is parsed. */
static void test_fixsite__large_file_refused(void **state)
{
  fixture *f = *state;
  size_t n = (1u << 20) + 100;
  char *big = malloc(n);
  int error;
  assert_non_null(big);
  memset(big, '#', n);
  memcpy(big, "read: true\n", 11);
  assert_null(fix_text(f, big, n, RC_PERM_READ, NULL, 0, &error));
  assert_int_equal(error, RC_EINPUT);
  assert_non_null(strstr(rc_ctx_error(f->ctx), "in.yml: larger than"));
  free(big);
}

/* The output folder is the site itself: refused before anything is
 * written, naming the file; the source is unchanged. A path leaving the
 * output folder is refused too. */
static void test_fixsite__never_writes_over_an_input(void **state)
{
  fixture *f = *state;
  char site[600], src[1024], *before, *after;
  rc_fix_permission_edit e;
  path_in(site, sizeof(site), f->work, "site");
  copy_tree(RC_FIXTURES "/portal-yaml/input", site);
  path_in(src, sizeof(src), site, NOTES);
  before = slurp(src, NULL);
  memset(&e, 0, sizeof(e));
  e.file = src;
  e.relative = NOTES;
  e.clear_rights = RC_PERM_CREATE;
  assert_int_equal(rc_fix_write_site(f->ctx, site, &e, 1), RC_EUSAGE);
  assert_non_null(strstr(rc_ctx_error(f->ctx), NOTES ": is the input"));
  after = slurp(src, NULL);
  assert_string_equal(after, before);
  free(after);
  free(before);
  e.relative = "../x.tablepermission.yml";
  assert_int_equal(rc_fix_write_site(f->ctx, site, &e, 1), RC_EUSAGE);
  assert_non_null(strstr(rc_ctx_error(f->ctx), "../x.tablepermission.yml"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_fixsite__current_layout, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_fixsite__adx_layout, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_fixsite__crlf_bom_comments, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(
          test_fixsite__last_role_without_final_newline, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fixsite__flow_list, setup, teardown),
      cmocka_unit_test_setup_teardown(test_fixsite__edits_of_one_file_merge,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_fixsite__not_a_permission, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_fixsite__odd_yaml_refused, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_fixsite__large_file_refused, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_fixsite__never_writes_over_an_input,
                                      setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
