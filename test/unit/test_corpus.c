/* Real exports: every privilege name resolves (none is unresolved), every
 * Microsoft table the catalogue lacks is a listed known exception, and the
 * catalogue agrees with the depths real roles use. Skipped when the corpus
 * folder is absent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "rolecheck/rolecheck.h"

#define MAX_NAMES 512

typedef struct {
  char *names[MAX_NAMES];
  size_t count;
} name_set;

static int set_has(const name_set *s, const char *name)
{
  size_t i;
  for (i = 0; i < s->count; i++) {
    if (!strcmp(s->names[i], name))
      return 1;
  }
  return 0;
}

static void set_add(name_set *s, const char *name)
{
  if (set_has(s, name))
    return;
  assert_true(s->count < MAX_NAMES);
  s->names[s->count] = strdup(name);
  assert_non_null(s->names[s->count]);
  s->count++;
}

static void set_free(name_set *s)
{
  size_t i;
  for (i = 0; i < s->count; i++)
    free(s->names[i]);
  s->count = 0;
}

static void load_known(name_set *known)
{
  char line[512];
  FILE *f = fopen(RC_TEST_DATA "/corpus/uncatalogued.txt", "r");
  assert_non_null(f);
  while (fgets(line, sizeof(line), f)) {
    char *tab = strchr(line, '\t');
    if (line[0] == '#' || !tab)
      continue;
    *tab = '\0';
    set_add(known, line);
  }
  fclose(f);
}

static int corpus_missing(void)
{
  struct stat st;
  return stat(RC_CORPUS "/expected.tsv", &st) != 0;
}

static void test_corpus__every_name_resolves(void **state)
{
  rc_ctx *ctx;
  rc_input_list *inputs;
  name_set known = {{0}, 0}, seen = {{0}, 0};
  size_t i, r, g, p;
  (void)state;
  if (corpus_missing())
    skip();
  load_known(&known);
  assert_int_equal(rc_ctx_new(&ctx), RC_OK);
  assert_int_equal(rc_input_list_new(&inputs), RC_OK);
  assert_int_equal(rc_input_list_add(inputs, ctx, RC_CORPUS), RC_OK);
  assert_true(rc_input_list_count(inputs) >= 30);
  for (i = 0; i < rc_input_list_count(inputs); i++) {
    rc_model *m;
    int error = rc_model_load(&m, ctx, inputs, i);
    if (error)
      print_error("%s: %s\n", rc_input_list_path(inputs, i), rc_ctx_error(ctx));
    assert_int_equal(error, RC_OK);
    for (p = 0; p < rc_model_privilege_count(m); p++) {
      const rc_privilege *priv = rc_model_privilege(m, p);
      const rc_table *t;
      if (priv->kind == RC_PRIV_UNRESOLVED)
        print_error("unresolved privilege name: %s (in %s)\n", priv->name,
                    rc_input_list_path(inputs, i));
      assert_int_not_equal(priv->kind, RC_PRIV_UNRESOLVED);
      if (priv->kind != RC_PRIV_TABLE)
        continue;
      /* a Microsoft table named only by privileges, not in the catalogue */
      t = rc_model_table(m, (size_t)priv->table);
      if (t->defined_in != RC_DEFINED_NOWHERE || rc_table_counts_as_custom(t))
        continue;
      if (!set_has(&known, priv->name))
        print_error("new privilege of a Microsoft table the catalogue lacks: "
                    "%s (in %s)\n",
                    priv->name, rc_input_list_path(inputs, i));
      set_add(&seen, priv->name);
    }
    /* Org-owned tables can only be granted at Global: the catalogue's
     * ownership must agree with every real role */
    for (r = 0; r < rc_model_role_count(m); r++) {
      for (g = 0; g < rc_model_role(m, r)->grant_count; g++) {
        const rc_grant *gr = rc_model_grant(m, r, g);
        const rc_privilege *priv = rc_model_privilege(m, gr->privilege);
        const rc_table *t;
        if (priv->kind != RC_PRIV_TABLE)
          continue;
        t = rc_model_table(m, (size_t)priv->table);
        if (t->ownership == RC_OWNERSHIP_ORG && gr->depth != RC_DEPTH_GLOBAL) {
          print_error("%s at %s on org-owned %s\n", priv->name,
                      rc_depth_name(gr->depth), t->logical_name);
          fail();
        }
      }
    }
    rc_model_free(m);
  }
  for (i = 0; i < seen.count; i++)
    assert_true(set_has(&known, seen.names[i]));
  for (i = 0; i < known.count; i++) {
    if (!set_has(&seen, known.names[i]))
      print_error("listed as uncatalogued but catalogued or gone: %s\n",
                  known.names[i]);
    assert_true(set_has(&seen, known.names[i]));
  }
  rc_input_list_free(inputs);
  rc_ctx_free(ctx);
  set_free(&known);
  set_free(&seen);
}

/* check --assume team-member over the whole corpus, and the licence fit of
 * the roles reviewed by hand in reviewed_fit.txt. */
static void test_corpus__reviewed_licence_fit(void **state)
{
  rc_ctx *ctx;
  rc_input_list *inputs;
  rc_model *models[128];
  rc_rulepack *pack;
  rc_assignments *assign;
  rc_analysis *an;
  size_t n = 0, i, k, checked = 0;
  char line[4096];
  FILE *f;
  (void)state;
  if (corpus_missing())
    skip();
  assert_int_equal(rc_ctx_new(&ctx), RC_OK);
  assert_int_equal(rc_input_list_new(&inputs), RC_OK);
  assert_int_equal(rc_input_list_add(inputs, ctx, RC_CORPUS), RC_OK);
  assert_true(rc_input_list_count(inputs) <= 128);
  for (i = 0; i < rc_input_list_count(inputs); i++)
    assert_int_equal(rc_model_load(&models[n++], ctx, inputs, i), RC_OK);
  assert_int_equal(rc_rulepack_load(&pack, ctx, NULL), RC_OK);
  assert_int_equal(rc_assignments_new(&assign), RC_OK);
  assert_int_equal(rc_assignments_assume(assign, ctx, pack, "team-member"),
                   RC_OK);
  assert_int_equal(rc_analyze(&an, ctx, pack, assign, models, n), RC_OK);
  /* every role and web role of every input has a fit */
  for (i = 0, k = 0; i < n; i++)
    k += rc_model_role_count(models[i]) + rc_model_webrole_count(models[i]);
  assert_int_equal(rc_analysis_fit_count(an), k);

  f = fopen(RC_TEST_DATA "/corpus/reviewed_fit.txt", "r");
  assert_non_null(f);
  while (fgets(line, sizeof(line), f)) {
    char *input = line, *role, *levels, *smallest, got[256];
    size_t plen = strlen(RC_CORPUS) + 1;
    int found = 0;
    if (line[0] == '#' || line[0] == '\n')
      continue;
    line[strcspn(line, "\n")] = '\0';
    role = strchr(input, '\t');
    assert_non_null(role);
    *role++ = '\0';
    levels = strchr(role, '\t');
    assert_non_null(levels);
    *levels++ = '\0';
    smallest = strchr(levels, '\t');
    assert_non_null(smallest);
    *smallest++ = '\0';
    for (i = 0; i < rc_analysis_fit_count(an); i++) {
      const rc_role_fit *rf = rc_analysis_fit(an, i);
      const char *path = rc_model_path(models[rf->model]);
      if (rf->webrole || strlen(path) <= plen || strcmp(path + plen, input) ||
          strcmp(rc_model_role(models[rf->model], rf->role)->name, role))
        continue;
      got[0] = '\0';
      for (k = 0; k < rc_rulepack_licence_count(pack); k++) {
        if (k)
          strcat(got, " ");
        strcat(got, rc_fit_name(rf->fit[k]));
      }
      if (strcmp(got, levels) || strcmp(rf->minimum, smallest))
        fail_msg("%s / %s: expected %s | %s, got %s | %s", input, role, levels,
                 smallest, got, rf->minimum);
      found = 1;
    }
    if (!found)
      fail_msg("no role '%s' in %s", role, input);
    checked++;
  }
  fclose(f);
  assert_true(checked >= 7);
  rc_analysis_free(an);
  rc_assignments_free(assign);
  rc_rulepack_free(pack);
  for (i = 0; i < n; i++)
    rc_model_free(models[i]);
  rc_input_list_free(inputs);
  rc_ctx_free(ctx);
}

static int cmp_lines(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The Power Pages sample: web roles and table permissions as counted from
 * the zip by an independent script (power_pages.txt). */
static void test_corpus__power_pages_sample(void **state)
{
  char line[4096], path[8192], *want[64], *got[64];
  size_t nwant = 0, ngot = 0, i, k;
  rc_ctx *ctx;
  rc_input_list *inputs;
  rc_model *m;
  FILE *f;
  (void)state;
  if (corpus_missing())
    skip();
  f = fopen(RC_TEST_DATA "/corpus/power_pages.txt", "r");
  assert_non_null(f);
  path[0] = '\0';
  while (fgets(line, sizeof(line), f)) {
    line[strcspn(line, "\n")] = '\0';
    if (line[0] == '#' || !line[0])
      continue;
    if (!strncmp(line, "input\t", 6)) {
      snprintf(path, sizeof(path), "%s/%s", RC_CORPUS, line + 6);
      continue;
    }
    assert_true(nwant < 64);
    want[nwant++] = strdup(line);
  }
  fclose(f);
  assert_true(path[0]);
  assert_int_equal(rc_ctx_new(&ctx), RC_OK);
  assert_int_equal(rc_input_list_new(&inputs), RC_OK);
  assert_int_equal(rc_input_list_add(inputs, ctx, path), RC_OK);
  assert_int_equal(rc_model_load(&m, ctx, inputs, 0), RC_OK);
  for (i = 0; i < rc_model_webrole_count(m); i++) {
    const rc_webrole *w = rc_model_webrole(m, i);
    snprintf(line, sizeof(line), "webrole\t%s\t%d\t%d", w->name, w->anonymous,
             w->authenticated);
    got[ngot++] = strdup(line);
  }
  for (i = 0; i < rc_model_permission_count(m); i++) {
    const rc_table_permission *p = rc_model_permission(m, i);
    static const char letters[] = "CRWDAT";
    char rights[7], *names[16];
    size_t nn = 0;
    for (k = 0; k < 6; k++)
      rights[k] = (p->rights & (1u << k)) ? letters[k] : '-';
    rights[6] = '\0';
    for (k = 0; k < p->webrole_count && nn < 16; k++) {
      size_t w;
      for (w = 0; w < rc_model_webrole_count(m); w++) {
        if (!strcmp(rc_model_webrole(m, w)->id, p->webroles[k]))
          names[nn++] = (char *)rc_model_webrole(m, w)->name;
      }
    }
    qsort(names, nn, sizeof(char *), cmp_lines);
    snprintf(line, sizeof(line), "permission\t%s\t%s\t%ld\t%s\t", p->name,
             p->table, p->scope, rights);
    for (k = 0; k < nn; k++) {
      if (k)
        strcat(line, ",");
      strcat(line, names[k]);
    }
    got[ngot++] = strdup(line);
  }
  qsort(want, nwant, sizeof(char *), cmp_lines);
  qsort(got, ngot, sizeof(char *), cmp_lines);
  for (i = 0; i < nwant && i < ngot; i++) {
    if (strcmp(want[i], got[i]))
      fail_msg("expected '%s', got '%s'", want[i], got[i]);
  }
  assert_int_equal(ngot, nwant);
  assert_int_equal(rc_model_webrole_count(m), 3);
  assert_int_equal(rc_model_permission_count(m), 6);
  for (i = 0; i < nwant; i++)
    free(want[i]);
  for (i = 0; i < ngot; i++)
    free(got[i]);
  rc_model_free(m);
  rc_input_list_free(inputs);
  rc_ctx_free(ctx);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_corpus__power_pages_sample),
      cmocka_unit_test(test_corpus__every_name_resolves),
      cmocka_unit_test(test_corpus__reviewed_licence_fit),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
