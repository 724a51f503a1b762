/* The digest (report/digest.h) in the check JSON and the Markdown summary. */
#include <string.h>

#include "report/digest.h"
#include "report/escape.h"
#include "report/view.h"

static json_t *money(double v)
{
  return v >= 0 ? json_real(v) : json_null();
}

static json_t *role_json(const rc_digest_role *r, const rc_render *rd)
{
  json_t *changes = json_array(), *open = json_array(), *o;
  size_t k;
  int bad = !changes || !open;
  char text[512];
  for (k = 0; !bad && k < r->change_count; k++)
    bad = json_array_append_new(
        changes, rc_view__fix_change_json(&r->changes[k], r->fit->webrole));
  for (k = 0; !bad && k < r->open_count; k++) {
    const rc_fix_open *x = &r->open[k];
    bad = json_array_append_new(open,
                                json_pack("{s:s, s:s, s:s, s:s}", "rule",
                                          x->rule, "kind", x->kind, "table",
                                          x->table, "detail", x->detail)) != 0;
  }
  if (bad) {
    json_decref(changes);
    json_decref(open);
    return NULL;
  }
  rc_digest_sentence(text, sizeof(text), r, rd->check->prices);
  /* json_pack steals every "o" value, also when it fails */
  o = json_pack(
      "{s:s, s:{s:s, s:s, s:s}, s:s, s:s?, s:s?, s:o, s:o, s:o, s:o, s:s, "
      "s:o, s:o}",
      "solution", r->solution, "role", "kind",
      r->fit->webrole ? "webrole" : "role", "id", r->id, "name", r->name, "why",
      r->kind == RC_DIGEST_SAVE ? "cheaper-licence"
      : r->fit->webrole         ? "breaks-portal-rules"
                                : "breaks-licence",
      "needs", r->fit->webrole ? NULL : r->fit->minimum, "enoughAfter", r->goal,
      "perUserMonthAfter", money(r->to), "savingPerUserMonth", money(r->saving),
      "users", r->users >= 0 ? json_integer(r->users) : json_null(),
      "savingPerMonth",
      money(r->users >= 0 && r->saving >= 0 ? r->saving * (double)r->users
                                            : -1),
      "sentence", text, "changes", changes, "open", open);
  return o;
}

json_t *rc_digest_json(const rc_digest *d, const rc_render *rd)
{
  json_t *a = json_array();
  size_t i;
  for (i = 0; a && i < d->nroles; i++) {
    if (d->roles[i].kind &&
        json_array_append_new(a, role_json(&d->roles[i], rd))) {
      json_decref(a);
      return NULL;
    }
  }
  return a;
}

json_t *rc_digest_pairs_json(const rc_digest *d)
{
  json_t *a = json_array();
  size_t i;
  for (i = 0; a && i < d->npairs; i++) {
    const rc_digest_pair *p = &d->pairs[i];
    char text[1024];
    rc_digest_pair_text(text, sizeof(text), p);
    if (json_array_append_new(
            a, json_pack("{s:{s:s, s:s}, s:{s:s, s:s}, s:I, s:I, s:I, s:I, "
                         "s:I, s:s}",
                         "a", "name", p->a_name, "solution", p->a_solution, "b",
                         "name", p->b_name, "solution", p->b_solution, "same",
                         (json_int_t)p->same, "otherDepth",
                         (json_int_t)p->depth, "onlyA", (json_int_t)p->only_a,
                         "onlyB", (json_int_t)p->only_b, "percentSame",
                         (json_int_t)(p->share * 100 + 0.5), "text", text))) {
      json_decref(a);
      return NULL;
    }
  }
  return a;
}

static int full(FILE *out, long start, long cap)
{
  return start >= 0 && ftell(out) - start > cap;
}

/* "Remove 2 privileges ...": the sentence, capitalised. */
static void put_sentence(FILE *out, const rc_digest_role *r, const rc_prices *p)
{
  char text[512];
  rc_digest_sentence(text, sizeof(text), r, p);
  if (!text[0]) {
    fputs("see the findings", out);
    return;
  }
  if (text[0] >= 'a' && text[0] <= 'z')
    text[0] = (char)(text[0] - 'a' + 'A');
  rc_put_md(out, text);
}

void rc_digest_md(FILE *out, const rc_digest *d, const rc_render *rd,
                  long start, long cap)
{
  const rc_prices *p = rd->check->prices;
  size_t i, k;
  if (d->ntop) {
    fputs("### Roles to fix first\n\n| Role | Errors | Smallest | What to do "
          "|\n|---|---:|---|---|\n",
          out);
    for (i = 0; i < d->ntop; i++) {
      const rc_digest_role *r = &d->roles[d->top[i]];
      fputs("| ", out);
      rc_put_md(out, r->name);
      fprintf(out, "%s | %lu | ", r->fit->webrole ? " (web role)" : "",
              (unsigned long)r->errors);
      rc_put_md(out, r->fit->webrole ? "-" : r->fit->minimum);
      fputs(" | ", out);
      put_sentence(out, r, p);
      fputs(" |\n", out);
    }
    fputc('\n', out);
  }
  if (!d->with_fix || full(out, start, cap))
    return;
  fputs("### Fix list\n\n", out);
  for (i = 0; i < d->nroles; i++) {
    const rc_digest_role *r = &d->roles[i];
    const char *table = NULL;
    if (!r->kind)
      continue;
    if (full(out, start, cap)) {
      fputs("More roles: see the JSON report (fixList).\n\n", out);
      return;
    }
    fputs("**", out);
    rc_put_md(out, r->name);
    fputs("**", out);
    if (r->fit->webrole)
      fputs(" (web role)", out);
    fputs(": ", out);
    put_sentence(out, r, p);
    fputs(".\n\n", out);
    if (r->change_count)
      fputs("| Table | Privilege | Right | Change | Rules |\n"
            "|---|---|---|---|---|\n",
            out);
    for (k = 0; k < r->change_count; k++) {
      const rc_fix_change *c = &r->changes[k];
      char what[96];
      rc_view__fix_change_text(what, sizeof(what), c);
      fputs("| ", out);
      /* the table once, at the head of its rows */
      if (!table || strcmp(table, c->table))
        rc_put_md(out, c->table[0] ? c->table : "(other privileges)");
      table = c->table;
      fputs(" | ", out);
      rc_put_md(out, c->privilege);
      fputs(" | ", out);
      rc_put_md(out, rc_view__fix_right_text(c));
      fputs(" | ", out);
      rc_put_md(out, what);
      fputs(" | ", out);
      rc_put_md(out, c->rules);
      fputs(" |\n", out);
    }
    if (r->change_count)
      fputc('\n', out);
    for (k = 0; k < r->open_count; k++) {
      const rc_fix_open *x = &r->open[k];
      fputs("- open, ", out);
      rc_put_md(out, x->rule);
      fputs(": ", out);
      rc_put_md(out, x->detail);
      fputc('\n', out);
    }
    if (r->open_count)
      fputc('\n', out);
  }
}
