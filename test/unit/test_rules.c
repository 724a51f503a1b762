/* Rule cases: every folder under fixtures/rules/ holds input*.xml (bare
 * customizations.xml or role files), optionally `profile` (default
 * team-member), `rules.xml` (a rule-pack override) and `config.xml`, and
 * the exact expected findings in `expected.txt`, one per line:
 *   RULE SEVERITY TABLE PRIVILEGE DEPTH APP   ("-" for empty)
 * or, for web-role findings (inputs that are portal sites):
 *   RULE SEVERITY webrole:NAME TABLE SCOPE
 * and optionally `fit.txt`, one line per role:
 *   ROLE NAME|TM PA SP SE CSP CSE FS PO MKT|SMALLEST
 * and optionally `messages.txt`, each finding's message, one per line, in
 * the order of expected.txt (for rules whose wording is the point),
 * and `reasons.txt`, the fit table's reason lines, one per line:
 *   ROLE NAME|REASON
 * Set RC_SHOW_ACTUAL=1 to print what the analyzer produced. */
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

#include "rolecheck/rolecheck.h"
#include "util/sys.h"

#define CASES RC_FIXTURES "/rules"

static char *read_text(const char *path)
{
  FILE *f = fopen(path, "rb");
  long n;
  char *s;
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  s = calloc((size_t)n + 1, 1);
  if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
    free(s);
    s = NULL;
  }
  fclose(f);
  return s;
}

static void append(char **buf, size_t *len, const char *text)
{
  size_t n = strlen(text);
  *buf = realloc(*buf, *len + n + 1);
  assert_non_null(*buf);
  memcpy(*buf + *len, text, n + 1);
  *len += n;
}

static const char *dash(const char *s)
{
  return s && s[0] ? s : "-";
}

static int cmp_names(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_case(const char *name)
{
  char dir[512], path[1024], line[2048];
  char *inputs[16];
  size_t ninputs = 0, i, k;
  rc_ctx *ctx;
  rc_input_list *list;
  rc_model *models[16];
  size_t nmodels = 0;
  rc_rulepack *pack;
  rc_assignments *assign;
  rc_config *config = NULL;
  rc_analysis *an;
  char *actual = NULL, *fit = NULL, *messages = NULL, *reasons = NULL,
       *expected, *expected_fit, *expected_messages, *expected_reasons,
       *profile;
  size_t alen = 0, flen = 0, mlen = 0, rlen = 0;
  struct stat st;
  DIR *d;
  struct dirent *e;
  int ok = 1;

  snprintf(dir, sizeof(dir), "%s/%s", CASES, name);
  d = opendir(dir);
  assert_non_null(d);
  while ((e = readdir(d)) != NULL) {
    if (!strncmp(e->d_name, "input", 5) && ninputs < 16)
      inputs[ninputs++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(inputs, ninputs, sizeof(char *), cmp_names);
  assert_true(ninputs > 0);

  assert_int_equal(rc_ctx_new(&ctx), RC_OK);
  assert_int_equal(rc_input_list_new(&list), RC_OK);
  for (i = 0; i < ninputs; i++) {
    snprintf(path, sizeof(path), "%s/%s", dir, inputs[i]);
    if (rc_input_list_add(list, ctx, path) < 0)
      fail_msg("%s: %s", name, rc_ctx_error(ctx));
    free(inputs[i]);
  }
  for (i = 0; i < rc_input_list_count(list); i++) {
    if (rc_model_load(&models[nmodels], ctx, list, i) < 0)
      fail_msg("%s: %s", name, rc_ctx_error(ctx));
    nmodels++;
  }
  snprintf(path, sizeof(path), "%s/rules.xml", dir);
  if (rc_rulepack_load(&pack, ctx, stat(path, &st) == 0 ? path : NULL) < 0)
    fail_msg("%s: %s", name, rc_ctx_error(ctx));
  assert_int_equal(rc_assignments_new(&assign), RC_OK);
  snprintf(path, sizeof(path), "%s/config.xml", dir);
  if (stat(path, &st) == 0) {
    /* read from the case's folder, so that messages naming the file say
     * "config.xml:LINE" wherever the tree is */
    char cwd[1024];
    int loaded;
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    assert_int_equal(chdir(dir), 0);
    loaded = rc_config_load(&config, ctx, "config.xml") == RC_OK &&
             rc_config_apply(config, ctx, pack, assign) == RC_OK;
    assert_int_equal(chdir(cwd), 0);
    if (!loaded)
      fail_msg("%s: %s", name, rc_ctx_error(ctx));
  }
  snprintf(path, sizeof(path), "%s/profile", dir);
  profile = read_text(path);
  if (profile)
    profile[strcspn(profile, "\r\n")] = '\0';
  if (!profile || strcmp(profile, "none"))
    assert_int_equal(rc_assignments_assume(assign, ctx, pack,
                                           profile ? profile : "team-member"),
                     RC_OK);
  free(profile);
  assert_int_equal(rc_analyze(&an, ctx, pack, assign, models, nmodels), RC_OK);
  if (config)
    rc_analysis_suppress(an, config, NULL, NULL);

  for (i = 0; i < rc_analysis_finding_count(an); i++) {
    const rc_finding *f = rc_analysis_finding(an, i);
    if (f->webrole)
      snprintf(line, sizeof(line), "%s %s webrole:%s %s %s%s\n", f->rule->id,
               rc_severity_name(f->severity), f->role_name, dash(f->table),
               dash(f->scope),
               f->state == RC_STATE_SUPPRESSED ? " suppressed" : "");
    else
      snprintf(line, sizeof(line), "%s %s %s %s %s %s%s\n", f->rule->id,
               rc_severity_name(f->severity), dash(f->table),
               dash(f->privilege), f->depth ? rc_depth_name(f->depth) : "-",
               dash(f->app),
               f->state == RC_STATE_SUPPRESSED ? " suppressed" : "");
    append(&actual, &alen, line);
    append(&messages, &mlen, f->message);
    append(&messages, &mlen, "\n");
  }
  if (!messages)
    append(&messages, &mlen, "");
  if (!actual)
    append(&actual, &alen, "");
  for (i = 0; i < rc_analysis_fit_count(an); i++) {
    const rc_role_fit *rf = rc_analysis_fit(an, i);
    snprintf(line, sizeof(line), "%s|",
             rf->webrole ? rc_model_webrole(models[rf->model], rf->role)->name
                         : rc_model_role(models[rf->model], rf->role)->name);
    append(&fit, &flen, line);
    for (k = 0; k < rc_rulepack_licence_count(pack); k++) {
      snprintf(line, sizeof(line), "%s%s", k ? " " : "",
               rc_fit_name(rf->fit[k]));
      append(&fit, &flen, line);
    }
    snprintf(line, sizeof(line), "|%s\n", rf->minimum);
    append(&fit, &flen, line);
    for (k = 0; k < rf->reason_count; k++) {
      snprintf(line, sizeof(line), "%s|%s\n",
               rf->webrole ? rc_model_webrole(models[rf->model], rf->role)->name
                           : rc_model_role(models[rf->model], rf->role)->name,
               rf->reasons[k]);
      append(&reasons, &rlen, line);
    }
  }

  snprintf(path, sizeof(path), "%s/expected.txt", dir);
  expected = read_text(path);
  if (!expected || strcmp(expected, actual)) {
    print_error("%s: findings differ.\n--- expected\n%s--- actual\n%s", name,
                expected ? expected : "(no expected.txt)\n", actual);
    ok = 0;
  }
  snprintf(path, sizeof(path), "%s/fit.txt", dir);
  expected_fit = read_text(path);
  if (expected_fit && strcmp(expected_fit, fit ? fit : "")) {
    print_error("%s: licence fit differs.\n--- expected\n%s--- actual\n%s",
                name, expected_fit, fit ? fit : "");
    ok = 0;
  }
  snprintf(path, sizeof(path), "%s/messages.txt", dir);
  expected_messages = read_text(path);
  if (expected_messages && strcmp(expected_messages, messages)) {
    print_error("%s: messages differ.\n--- expected\n%s--- actual\n%s", name,
                expected_messages, messages);
    ok = 0;
  }
  snprintf(path, sizeof(path), "%s/reasons.txt", dir);
  expected_reasons = read_text(path);
  if (expected_reasons && strcmp(expected_reasons, reasons ? reasons : "")) {
    print_error("%s: licence-fit reasons differ.\n--- expected\n%s--- "
                "actual\n%s",
                name, expected_reasons, reasons ? reasons : "");
    ok = 0;
  }
  if (getenv("RC_SHOW_ACTUAL"))
    print_message("== %s\n%s-- fit\n%s-- messages\n%s-- reasons\n%s", name,
                  actual, fit ? fit : "", messages, reasons ? reasons : "");
  free(expected_messages);
  free(messages);
  free(expected);
  free(expected_fit);
  free(expected_reasons);
  free(actual);
  free(fit);
  free(reasons);
  rc_analysis_free(an);
  rc_config_free(config);
  rc_assignments_free(assign);
  rc_rulepack_free(pack);
  for (i = 0; i < nmodels; i++)
    rc_model_free(models[i]);
  rc_input_list_free(list);
  rc_ctx_free(ctx);
  return ok;
}

static void test_rules__every_case(void **state)
{
  DIR *d = opendir(CASES);
  struct dirent *e;
  char *names[256];
  size_t n = 0, i, failed = 0;
  (void)state;
  assert_non_null(d);
  while ((e = readdir(d)) != NULL) {
    char path[1024];
    struct stat st;
    snprintf(path, sizeof(path), "%s/%s", CASES, e->d_name);
    if (e->d_name[0] != '.' && stat(path, &st) == 0 && S_ISDIR(st.st_mode) &&
        n < 256)
      names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof(char *), cmp_names);
  assert_true(n > 0);
  for (i = 0; i < n; i++) {
    if (!run_case(names[i]))
      failed++;
    free(names[i]);
  }
  print_message("%lu rule cases, %lu failed\n", (unsigned long)n,
                (unsigned long)failed);
  assert_int_equal(failed, 0);
}

/* Every rule has docs/rules/<ID>.md titled "# ID: name", and every page
 * (but the index) belongs to a rule. */
static void test_rules__every_rule_has_its_page(void **state)
{
  rc_ctx *ctx;
  rc_rulepack *pack;
  DIR *d;
  struct dirent *e;
  size_t i, pages = 0;
  (void)state;
  assert_int_equal(rc_ctx_new(&ctx), RC_OK);
  assert_int_equal(rc_rulepack_load(&pack, ctx, NULL), RC_OK);
  assert_true(rc_rulepack_rule_count(pack) >= 16);
  for (i = 0; i < rc_rulepack_rule_count(pack); i++) {
    const rc_rule_info *r = rc_rulepack_rule(pack, i);
    char path[512], title[256], *text;
    snprintf(path, sizeof(path), "%s/../docs/rules/%s.md", RC_FIXTURES, r->id);
    text = read_text(path);
    if (!text)
      fail_msg("rule %s has no page %s", r->id, path);
    snprintf(title, sizeof(title), "# %s: %s\n", r->id, r->name);
    if (strncmp(text, title, strlen(title)))
      fail_msg("%s does not start with '%s'", path, title);
    free(text);
  }
  d = opendir(RC_FIXTURES "/../docs/rules");
  assert_non_null(d);
  while ((e = readdir(d)) != NULL) {
    char id[64];
    size_t n = strlen(e->d_name);
    if (n < 4 || strcmp(e->d_name + n - 3, ".md") ||
        !strcmp(e->d_name, "README.md"))
      continue;
    snprintf(id, sizeof(id), "%.*s", (int)(n - 3), e->d_name);
    if (!rc_rulepack_find(pack, id))
      fail_msg("docs/rules/%s has no rule", e->d_name);
    pages++;
  }
  closedir(d);
  assert_int_equal(pages, rc_rulepack_rule_count(pack));
  rc_rulepack_free(pack);
  rc_ctx_free(ctx);
}

/* A rule-pack override changes a severity and extends a set. */
static void test_rules__override_changes_severity_and_set(void **state)
{
  rc_ctx *ctx;
  rc_rulepack *pack;
  char path[512];
  int fd;
  FILE *f;
  (void)state;
  snprintf(path, sizeof(path), "%s/rolecheck-rules-XXXXXX", rc_sys_tmpdir());
  fd = mkstemp(path);
  assert_true(fd >= 0);
  f = fdopen(fd, "w");
  fputs("<rulepack version=\"local-1\">\n"
        "  <sets><tables id=\"TM_TXN\" mode=\"extend\">"
        "<table name=\"contoso_widget\"/></tables></sets>\n"
        "  <rules><rule id=\"TM004\" severity=\"warning\"/></rules>\n"
        "</rulepack>\n",
        f);
  fclose(f);
  assert_int_equal(rc_ctx_new(&ctx), RC_OK);
  assert_int_equal(rc_rulepack_load(&pack, ctx, path), RC_OK);
  assert_int_equal(rc_rulepack_find(pack, "TM004")->severity,
                   RC_SEVERITY_WARNING);
  assert_int_equal(rc_rulepack_find(pack, "TM001")->severity,
                   RC_SEVERITY_ERROR);
  assert_string_equal(rc_rulepack_version(pack), "2026.12.1+local-1");
  rc_rulepack_free(pack);
  /* a bad override names the file and line */
  f = fopen(path, "w");
  fputs("<rulepack>\n  <rules><rule id=\"TM004\" severity=\"loud\"/>"
        "</rules>\n</rulepack>\n",
        f);
  fclose(f);
  assert_int_equal(rc_rulepack_load(&pack, ctx, path), RC_EUSAGE);
  assert_non_null(strstr(rc_ctx_error(ctx), ":2: "));
  assert_null(pack);
  /* a repair a clause cannot do is refused with its line: unlinking a web
   * role is for table permissions, lowering for grants */
  f = fopen(path, "w");
  fputs("<rulepack>\n  <rules><rule id=\"TM004\"><condition>\n"
        "    <grants tables=\"account\" rights=\"write\" "
        "repair=\"detach\"/>\n  </condition></rule></rules>\n"
        "</rulepack>\n",
        f);
  fclose(f);
  assert_int_equal(rc_rulepack_load(&pack, ctx, path), RC_EUSAGE);
  assert_non_null(strstr(rc_ctx_error(ctx), ":3: repair does not apply"));
  f = fopen(path, "w");
  fputs("<rulepack>\n  <rules><rule id=\"TM008\"><condition>\n"
        "    <count rights=\"write\" max=\"15\" repair=\"Basic\"/>\n"
        "  </condition></rule></rules>\n</rulepack>\n",
        f);
  fclose(f);
  assert_int_equal(rc_rulepack_load(&pack, ctx, path), RC_EUSAGE);
  assert_non_null(strstr(rc_ctx_error(ctx), ":3: repair does not apply"));
  unlink(path);
  rc_ctx_free(ctx);
}

/* FNV-1a-64, as the first SARIF fingerprints were computed */
static uint64_t fnv1a64(const char *s, size_t n)
{
  uint64_t h = UINT64_C(0xcbf29ce484222325);
  size_t i;
  for (i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= UINT64_C(0x100000001b3);
  }
  return h;
}

/* The one finding key: a finding without a scope or table list keeps the
 * fingerprint of the first releases; scope and table list make another
 * finding; rule and app compare exactly, the rest ignoring case; compare
 * and fingerprint agree. */
static void test_rules__finding_key(void **state)
{
  static const char old[] = "TM004\x1f"
                            "7d1c2f0a-3b4e-4c5d-9e6f-0a1b2c3d4e5f\x1f"
                            "account\x1fprvwriteaccount\x1f";
  rc_rule_info tm004, tm008;
  rc_finding a, b;
  (void)state;
  memset(&tm004, 0, sizeof(tm004));
  memset(&tm008, 0, sizeof(tm008));
  tm004.id = "TM004";
  tm008.id = "TM008";
  memset(&a, 0, sizeof(a));
  a.rule = &tm004;
  a.role_id = "7d1c2f0a-3b4e-4c5d-9e6f-0a1b2c3d4e5f";
  a.table = "account";
  a.privilege = "prvWriteAccount";
  a.app = a.scope = a.tables = "";
  assert_true(rc_finding_fingerprint(&a) == fnv1a64(old, sizeof(old) - 1));
  /* a finding built without the newer fields is the same finding */
  b = a;
  b.tables = NULL;
  b.privilege = "PRVWRITEACCOUNT";
  b.line = 99;
  b.role_name = "renamed";
  assert_int_equal(rc_finding_compare(&a, &b), 0);
  assert_true(rc_finding_fingerprint(&a) == rc_finding_fingerprint(&b));
  /* a web-role scope is part of it */
  b.scope = "Global";
  assert_int_not_equal(rc_finding_compare(&a, &b), 0);
  assert_true(rc_finding_fingerprint(&a) != rc_finding_fingerprint(&b));
  /* apps compare exactly, as the first fingerprints did */
  b = a;
  a.app = "contoso_FieldApp";
  b.app = "contoso_fieldapp";
  assert_int_not_equal(rc_finding_compare(&a, &b), 0);
  /* TM008: one more table is another finding */
  a.rule = b.rule = &tm008;
  a.app = b.app = a.table = b.table = a.privilege = b.privilege = "";
  a.tables = "contoso_a,contoso_b";
  b.tables = "contoso_a,contoso_b,contoso_c";
  assert_true(rc_finding_compare(&a, &b) < 0);
  assert_true(rc_finding_fingerprint(&a) != rc_finding_fingerprint(&b));
  b.tables = "CONTOSO_A,contoso_b";
  assert_int_equal(rc_finding_compare(&a, &b), 0);
  assert_true(rc_finding_fingerprint(&a) == rc_finding_fingerprint(&b));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rules__every_case),
      cmocka_unit_test(test_rules__every_rule_has_its_page),
      cmocka_unit_test(test_rules__override_changes_severity_and_set),
      cmocka_unit_test(test_rules__finding_key),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
