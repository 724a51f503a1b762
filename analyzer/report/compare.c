/* Roles compared with each other (report/digest.h): the near-duplicate and
 * overlapping roles across every input, the question asked before a
 * licence review consolidates roles. Two roles share a grant when they hold
 * the same privilege (names compared without regard to ASCII case) at the
 * same depth. */
#include <stdlib.h>
#include <string.h>

#include "report/digest.h"
#include "report/view.h"
#include "util/alloc.h"
#include "util/ascii.h"
#include "util/error.h"

typedef struct {
  const rc_model *m;
  size_t model; /* its index among the inputs */
  size_t role;
  size_t *order; /* grants by name (rc_model_grant_order()) */
  size_t n;
} side;

static const char *grant_name(const side *s, size_t i, rc_depth *depth)
{
  const rc_grant *g = rc_model_grant(s->m, s->role, s->order[i]);
  *depth = (rc_depth)g->depth;
  return rc_model_privilege(s->m, g->privilege)->name;
}

/* Walk both sorted lists: grants at the same depth, at another depth, and
 * only in one. */
static void meet(const side *a, const side *b, rc_digest_pair *p)
{
  size_t i = 0, j = 0;
  while (i < a->n && j < b->n) {
    rc_depth da, db;
    const char *x = grant_name(a, i, &da), *y = grant_name(b, j, &db);
    int c = rc_ascii_casecmp(x, y);
    if (c < 0) {
      p->only_a++;
      i++;
    } else if (c > 0) {
      p->only_b++;
      j++;
    } else {
      if (da == db)
        p->same++;
      else
        p->depth++;
      i++;
      j++;
    }
  }
  p->only_a += a->n - i;
  p->only_b += b->n - j;
}

/* By size, then input and role (qsort is not stable everywhere, and which
 * role of an equal pair is A must not depend on it). */
static int side_cmp(const void *x, const void *y)
{
  const side *a = x, *b = y;
  if (a->n != b->n)
    return a->n < b->n ? -1 : 1;
  if (a->model != b->model)
    return a->model < b->model ? -1 : 1;
  return a->role < b->role ? -1 : a->role > b->role;
}

static int pair_cmp(const void *x, const void *y)
{
  const rc_digest_pair *a = x, *b = y;
  int c;
  if (a->share != b->share)
    return a->share > b->share ? -1 : 1;
  if ((c = strcmp(a->a_name, b->a_name)) != 0 ||
      (c = strcmp(a->b_name, b->b_name)) != 0 ||
      (c = strcmp(a->a_solution, b->a_solution)) != 0)
    return c;
  return strcmp(a->b_solution, b->b_solution);
}

/* Worth saying: identical, one the other plus at most RC_DIGEST_PLUS
 * privileges, or mostly the same (RC_DIGEST_SIMILAR of the grants of
 * both). */
static int worth(const rc_digest_pair *p)
{
  size_t all = p->same + p->depth + p->only_a + p->only_b;
  if (!p->same)
    return 0;
  if (!p->depth && !p->only_b && p->only_a <= RC_DIGEST_PLUS)
    return 1; /* identical, or A is B plus a few */
  return (double)p->same >= RC_DIGEST_SIMILAR * (double)all;
}

int rc_digest__compare(rc_digest *d, const rc_render *rd)
{
  size_t mi, r, n = 0, i, j, cap = 0;
  side *s;
  int error = RC_OK;
  for (mi = 0; mi < rd->count; mi++)
    n += rc_model_role_count(rd->models[mi]);
  s = rc_calloc(n ? n : 1, sizeof(*s));
  if (!s)
    return RC_ENOMEM;
  n = 0;
  for (mi = 0; mi < rd->count && !error; mi++) {
    const rc_model *m = rd->models[mi];
    for (r = 0; r < rc_model_role_count(m) && !error; r++) {
      if (!rc_model_role(m, r)->grant_count ||
          !rc_pattern_match(rd->check->role, rc_model_role(m, r)->name))
        continue;
      s[n].m = m;
      s[n].model = mi;
      s[n].role = r;
      s[n].n = rc_model_role(m, r)->grant_count;
      if (rc_model_grant_order(&s[n].order, m, r) < 0)
        error = RC_ENOMEM;
      else
        n++;
    }
  }
  if (n)
    qsort(s, n, sizeof(*s), side_cmp);
  /* sorted by size: a pair worth saying has sizes within RC_DIGEST_PLUS
   * or RC_DIGEST_SIMILAR of each other, so the larger ones are not met */
  for (i = 0; i < n && !error; i++) {
    for (j = i + 1; j < n && !error; j++) {
      if (s[j].n - s[i].n > RC_DIGEST_PLUS &&
          (double)s[i].n < RC_DIGEST_SIMILAR * (double)s[j].n)
        break;
      rc_digest_pair p;
      memset(&p, 0, sizeof(p));
      /* s[j] is the larger: A, so that "A is B plus N" reads */
      meet(&s[j], &s[i], &p);
      p.share =
          (double)p.same / (double)(p.same + p.depth + p.only_a + p.only_b);
      if (!worth(&p))
        continue;
      p.a_name = rc_model_role(s[j].m, s[j].role)->name;
      p.a_solution = rc_view__solution_label(s[j].m);
      p.b_name = rc_model_role(s[i].m, s[i].role)->name;
      p.b_solution = rc_view__solution_label(s[i].m);
      if (rc_array_reserve((void **)&d->pairs, &cap, d->npairs + 1,
                           sizeof(*d->pairs)) < 0)
        error = RC_ENOMEM;
      else
        d->pairs[d->npairs++] = p;
    }
  }
  for (i = 0; i < n; i++)
    rc_model_order_free(s[i].order);
  rc_free(s);
  if (!error && d->npairs)
    qsort(d->pairs, d->npairs, sizeof(*d->pairs), pair_cmp);
  return error;
}

void rc_digest_pair_text(char *buf, size_t cap, const rc_digest_pair *p)
{
  size_t all = p->same + p->depth + p->only_a + p->only_b;
  if (!p->depth && !p->only_a && !p->only_b)
    snprintf(buf, cap, "the same %lu grants", (unsigned long)p->same);
  else if (!p->depth && !p->only_b)
    snprintf(buf, cap, "%s is %s plus %lu privilege%s", p->a_name, p->b_name,
             (unsigned long)p->only_a, p->only_a == 1 ? "" : "s");
  else
    snprintf(buf, cap,
             "%.0f %% the same (%lu of %lu grants): %lu only in %s, %lu only "
             "in %s, %lu at another depth",
             100.0 * (double)p->same / (double)all, (unsigned long)p->same,
             (unsigned long)all, (unsigned long)p->only_a, p->a_name,
             (unsigned long)p->only_b, p->b_name, (unsigned long)p->depth);
}
