/* The `diff` view: what a change does to roles and licences, as text,
 * Markdown for a pull-request comment, JSON, or SARIF of the new findings. */
#include <stdlib.h>
#include <string.h>

#include "report/escape.h"
#include "report/view.h"
#include "rolecheck/rolecheck.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/sys.h"

/* Markdown comments stop here (PR comment bodies are capped at 65,536). */
#define MD_BUDGET 60000

typedef struct {
  size_t renamed, added, removed;
  size_t grants[5];   /* by rc_grant_change */
  size_t findings[3]; /* by rc_finding_change */
  size_t new_by_severity[4];
  size_t failing; /* new findings that count at fail_on */
  size_t apps[2]; /* app access taken away, given */
} diff_counts;

static void count(const rc_diff *d, rc_severity fail_on, diff_counts *c)
{
  size_t i;
  memset(c, 0, sizeof(*c));
  for (i = 0; i < rc_diff_role_count(d); i++) {
    rc_role_status s = rc_diff_role(d, i)->status;
    c->renamed += s == RC_ROLE_RENAMED;
    c->added += s == RC_ROLE_ADDED;
    c->removed += s == RC_ROLE_REMOVED;
  }
  for (i = 0; i < rc_diff_change_count(d); i++)
    c->grants[rc_diff_change(d, i)->change]++;
  for (i = 0; i < rc_diff_app_change_count(d); i++)
    c->apps[rc_diff_app_change(d, i)->added != 0]++;
  for (i = 0; i < rc_diff_finding_count(d); i++) {
    const rc_finding_delta *f = rc_diff_finding(d, i);
    c->findings[f->change]++;
    if (f->change != RC_FINDING_NEW || f->finding->state != RC_STATE_NEW)
      continue;
    c->new_by_severity[f->finding->severity]++;
    if (fail_on && f->finding->severity >= fail_on)
      c->failing++;
  }
}

static size_t total_grants(const diff_counts *c)
{
  return c->grants[0] + c->grants[1] + c->grants[2] + c->grants[3] +
         c->grants[4];
}

static const char *role_name(const rc_role_delta *r)
{
  return r->head_name ? r->head_name : r->base_name;
}

static const char *depth_label(rc_depth d)
{
  return d ? rc_depth_name(d) : "none";
}

/* "Read" for a table right, the kind for other privileges, "scope" for a
 * web-role permission's scope. */
static const char *what(const rc_privilege_change *c)
{
  if (c->change == RC_GRANT_RESCOPED)
    return "scope";
  return c->right >= 0 ? rc_right_name((rc_right)c->right)
                       : rc_priv_kind_name(c->kind);
}

static int is_web(const rc_privilege_change *c)
{
  return c->scope_from || c->scope_to;
}

/* The depth (or a web role's scope): "Local", "Basic → Global". */
static void put_level(FILE *out, const rc_privilege_change *c)
{
  const char *from = is_web(c) ? c->scope_from : depth_label(c->from);
  const char *to = is_web(c) ? c->scope_to : depth_label(c->to);
  if (c->change == RC_GRANT_ADDED)
    fputs(to, out);
  else if (c->change == RC_GRANT_REMOVED)
    fputs(from, out);
  else
    fprintf(out, "%s \xe2\x86\x92 %s", from, to);
}

static const char *const change_marks[] = {"+", "-", "^", "v", "~"};

static void text_fit(FILE *out, const rc_rulepack *pack,
                     const rc_fit_change *fc)
{
  size_t k, shown = 0;
  if (!fc->base) {
    fprintf(out, "needs %s (new role)", fc->head->minimum);
    return;
  }
  if (!fc->head) {
    fprintf(out, "needed %s (role removed)", fc->base->minimum);
    return;
  }
  if (strcmp(fc->base->minimum, fc->head->minimum))
    fprintf(out, "%s \xe2\x86\x92 needs %s", fc->base->minimum,
            fc->head->minimum);
  else
    fprintf(out, "still %s", fc->head->minimum);
  for (k = 0; k < rc_rulepack_licence_count(pack); k++) {
    if (fc->base->fit[k] == fc->head->fit[k])
      continue;
    fprintf(out, "%s%s %s \xe2\x86\x92 %s", shown++ ? ", " : " (",
            rc_rulepack_licence(pack, k)->name, rc_fit_name(fc->base->fit[k]),
            rc_fit_name(fc->head->fit[k]));
  }
  if (shown)
    fputc(')', out);
}

static void text_finding(FILE *out, const rc_finding *f, int color)
{
  fputs("  ", out);
  rc_view__put_severity(out, f->severity, color, 7);
  fprintf(out, " %s %s%s", f->rule->id, f->role_name,
          f->webrole ? " (web role)" : "");
  rc_view__finding_subject(out, f);
  if (f->state == RC_STATE_BASELINED)
    fputs(" [baselined]", out);
  else if (f->state == RC_STATE_SUPPRESSED)
    fputs(" [suppressed]", out);
  fprintf(out, " at %s:%lu\n    %s\n", f->file, f->line, f->message);
}

static void text_summary(FILE *out, const diff_counts *c, const rc_diff *d)
{
  fprintf(out,
          "%lu role%s changed (%lu renamed, %lu added, %lu removed), %lu "
          "privilege change%s (%lu added, %lu removed, %lu raised, %lu "
          "lowered, %lu rescoped); %lu new finding%s (%lu error, %lu warning, "
          "%lu note), "
          "%lu resolved, %lu unchanged; %lu licence-fit change%s",
          (unsigned long)rc_diff_role_count(d),
          rc_diff_role_count(d) == 1 ? "" : "s", (unsigned long)c->renamed,
          (unsigned long)c->added, (unsigned long)c->removed,
          (unsigned long)total_grants(c), total_grants(c) == 1 ? "" : "s",
          (unsigned long)c->grants[0], (unsigned long)c->grants[1],
          (unsigned long)c->grants[2], (unsigned long)c->grants[3],
          (unsigned long)c->grants[4], (unsigned long)c->findings[0],
          c->findings[0] == 1 ? "" : "s",
          (unsigned long)c->new_by_severity[RC_SEVERITY_ERROR],
          (unsigned long)c->new_by_severity[RC_SEVERITY_WARNING],
          (unsigned long)c->new_by_severity[RC_SEVERITY_NOTE],
          (unsigned long)c->findings[1], (unsigned long)c->findings[2],
          (unsigned long)rc_diff_fit_count(d),
          rc_diff_fit_count(d) == 1 ? "" : "s");
  if (c->apps[0] + c->apps[1])
    fprintf(out, "; %lu app-access change%s (%lu given, %lu taken away)",
            (unsigned long)(c->apps[0] + c->apps[1]),
            c->apps[0] + c->apps[1] == 1 ? "" : "s", (unsigned long)c->apps[1],
            (unsigned long)c->apps[0]);
  fputc('\n', out);
}

int rc_render__diff_text(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  const rc_diff *d = rd->diff;
  const rc_rulepack *pack = rd->pack;
  const rc_diff_options *opts = rd->diff_opts;
  (void)ctx;
  diff_counts c;
  size_t i, k, a;
  int section;
  count(d, opts->fail_on, &c);
  fprintf(out, "rolecheck diff %s \xe2\x86\x92 %s\n", opts->base_label,
          opts->head_label);
  if (!rc_diff_role_count(d) && !c.findings[0] && !c.findings[1]) {
    fprintf(out, "\nNo change to roles, privileges, findings or licence "
                 "fit");
    if (c.findings[2])
      fprintf(out, " (%lu finding%s unchanged)", (unsigned long)c.findings[2],
              c.findings[2] == 1 ? "" : "s");
    fputs(".\n", out);
    return RC_OK;
  }
  if (rc_diff_role_count(d))
    fputs("\nRoles\n", out);
  for (i = 0, k = 0, a = 0; i < rc_diff_role_count(d); i++) {
    const rc_role_delta *r = rc_diff_role(d, i);
    fprintf(out, "  %s%s {%s}", role_name(r), r->webrole ? " (web role)" : "",
            r->id);
    if (r->status == RC_ROLE_RENAMED)
      fprintf(out, ": renamed from '%s'", r->base_name);
    else if (r->status != RC_ROLE_KEPT)
      fprintf(out, ": %s", rc_role_status_name(r->status));
    fputc('\n', out);
    for (; k < rc_diff_change_count(d) && rc_diff_change(d, k)->role == i;
         k++) {
      const rc_privilege_change *pc = rc_diff_change(d, k);
      /* added and raised in red: the change gives more */
      fprintf(out, "    %s%s%s %-8s %-32s ",
              !opts->color ? ""
              : pc->change == RC_GRANT_ADDED || pc->change == RC_GRANT_RAISED
                  ? "\033[31m"
                  : "\033[32m",
              change_marks[pc->change], opts->color ? "\033[0m" : "", what(pc),
              pc->table[0] ? pc->table : pc->privilege);
      if (is_web(pc) && pc->change != RC_GRANT_RESCOPED)
        fputs("scope ", out);
      put_level(out, pc);
      if (pc->table[0])
        fprintf(out, is_web(pc) ? "  (%s)" : "  %s", pc->privilege);
      fputc('\n', out);
    }
    for (;
         a < rc_diff_app_change_count(d) && rc_diff_app_change(d, a)->role == i;
         a++) {
      const rc_app_change *ac = rc_diff_app_change(d, a);
      fprintf(out, "    %s%s%s %-8s %-32s %s\n",
              !opts->color ? ""
              : ac->added  ? "\033[31m"
                           : "\033[32m",
              ac->added ? "+" : "-", opts->color ? "\033[0m" : "", "app",
              ac->app, ac->added ? "access given" : "access taken away");
    }
  }
  if (rc_diff_fit_count(d))
    fputs("\nLicence fit\n", out);
  for (i = 0; i < rc_diff_fit_count(d); i++) {
    const rc_fit_change *fc = rc_diff_fit(d, i);
    fprintf(out, "  %s: ", role_name(rc_diff_role(d, fc->role)));
    text_fit(out, pack, fc);
    fputc('\n', out);
  }
  for (section = RC_FINDING_NEW; section <= RC_FINDING_RESOLVED; section++) {
    if (!c.findings[section])
      continue;
    fprintf(out, "\n%s findings (%lu)\n",
            section == RC_FINDING_NEW ? "New" : "Resolved",
            (unsigned long)c.findings[section]);
    for (i = 0; i < rc_diff_finding_count(d); i++) {
      const rc_finding_delta *f = rc_diff_finding(d, i);
      if ((int)f->change == section)
        text_finding(out, f->finding, opts->color);
    }
  }
  fputc('\n', out);
  text_summary(out, &c, d);
  return RC_OK;
}

/* ---- Markdown ---- */

typedef struct {
  FILE *out;
  size_t used;
  size_t dropped;
  FILE *row;  /* scratch file: one row is printed here, then measured */
  char *text; /* the row read back */
  size_t cap;
} md_sink;

static void md_row(md_sink *s, const char *text, size_t len)
{
  if (s->dropped || s->used + len > MD_BUDGET) {
    s->dropped++;
    return;
  }
  fwrite(text, 1, len, s->out);
  s->used += len;
}

/* Start a row (open_memstream is POSIX only: a temporary file it is). */
static FILE *row_begin(md_sink *s)
{
  if (!s->row && !(s->row = rc_sys_tmpfile()))
    return NULL;
  rewind(s->row);
  return s->row;
}

static int row_end(md_sink *s)
{
  long n = ftell(s->row);
  if (n < 0 || ferror(s->row) || fseek(s->row, 0, SEEK_SET))
    return RC_ENOMEM;
  if ((size_t)n >= s->cap) {
    char *grown = rc_realloc(s->text, (size_t)n + 1);
    if (!grown)
      return RC_ENOMEM;
    s->text = grown;
    s->cap = (size_t)n + 1;
  }
  if (fread(s->text, 1, (size_t)n, s->row) != (size_t)n)
    return RC_ENOMEM;
  md_row(s, s->text, (size_t)n);
  return RC_OK;
}

static int md_findings(md_sink *s, const rc_diff *d, rc_finding_change which,
                       const char *docs_base)
{
  size_t i;
  fprintf(s->out,
          "\n### %s findings\n\n| Severity | Rule | Role | Table | "
          "Privilege | Depth | Finding |\n|---|---|---|---|---|---|---|\n",
          which == RC_FINDING_NEW ? "New" : "Resolved");
  for (i = 0; i < rc_diff_finding_count(d); i++) {
    const rc_finding *f = rc_diff_finding(d, i)->finding;
    if (rc_diff_finding(d, i)->change != which)
      continue;
    FILE *m = row_begin(s);
    if (!m)
      return RC_ENOMEM;
    fprintf(m, "| %s | [%s](%s%s.md) | ", rc_severity_name(f->severity),
            f->rule->id, docs_base ? docs_base : "", f->rule->id);
    rc_put_md(m, f->role_name);
    fputs(" | ", m);
    rc_put_md(m, f->table[0] ? f->table : f->app);
    fputs(" | ", m);
    rc_put_md(m, f->privilege[0] ? f->privilege : f->scope);
    fprintf(m, " | %s | ", f->depth ? rc_depth_name(f->depth) : "");
    rc_put_md(m, f->message);
    fputs(" |\n", m);
    if (row_end(s) < 0)
      return RC_ENOMEM;
  }
  return RC_OK;
}

static int md_body(md_sink *s, const rc_diff *d, const rc_rulepack *pack,
                   const rc_diff_options *opts)
{
  diff_counts c;
  FILE *out = s->out;
  size_t i, k, a;
  count(d, opts->fail_on, &c);
  fputs("## rolecheck diff\n\n", out);
  if (!rc_diff_role_count(d) && !c.findings[0] && !c.findings[1]) {
    fputs("No change to roles, privileges, findings or licence fit.\n", out);
    return RC_OK;
  }
  fprintf(
      out,
      "%s **%lu new finding%s** (%lu error, %lu warning, %lu note), %lu "
      "resolved, %lu unchanged; %lu licence-fit change%s; %lu privilege "
      "change%s in %lu role%s",
      c.failing ? ":x:" : ":white_check_mark:", (unsigned long)c.findings[0],
      c.findings[0] == 1 ? "" : "s",
      (unsigned long)c.new_by_severity[RC_SEVERITY_ERROR],
      (unsigned long)c.new_by_severity[RC_SEVERITY_WARNING],
      (unsigned long)c.new_by_severity[RC_SEVERITY_NOTE],
      (unsigned long)c.findings[1], (unsigned long)c.findings[2],
      (unsigned long)rc_diff_fit_count(d), rc_diff_fit_count(d) == 1 ? "" : "s",
      (unsigned long)total_grants(&c), total_grants(&c) == 1 ? "" : "s",
      (unsigned long)rc_diff_role_count(d),
      rc_diff_role_count(d) == 1 ? "" : "s");
  if (c.apps[0] + c.apps[1])
    fprintf(out, "; %lu app-access change%s",
            (unsigned long)(c.apps[0] + c.apps[1]),
            c.apps[0] + c.apps[1] == 1 ? "" : "s");
  fprintf(out, ". %s at `--fail-on %s` (new findings only).\n",
          c.failing ? "Failing" : "Passing",
          opts->fail_on ? rc_severity_name(opts->fail_on) : "never");
  s->used = 400;
  if (rc_diff_fit_count(d)) {
    fputs("\n### Licence fit\n\n| Role | Change |\n|---|---|\n", out);
    for (i = 0; i < rc_diff_fit_count(d); i++) {
      const rc_fit_change *fc = rc_diff_fit(d, i);
      FILE *m = row_begin(s);
      if (!m)
        return RC_ENOMEM;
      fputs("| ", m);
      rc_put_md(m, role_name(rc_diff_role(d, fc->role)));
      fputs(" | ", m);
      text_fit(m, pack, fc);
      fputs(" |\n", m);
      if (row_end(s) < 0)
        return RC_ENOMEM;
    }
  }
  if ((c.findings[0] &&
       md_findings(s, d, RC_FINDING_NEW, opts->docs_base) < 0) ||
      (c.findings[1] &&
       md_findings(s, d, RC_FINDING_RESOLVED, opts->docs_base) < 0))
    return RC_ENOMEM;
  if (rc_diff_role_count(d)) {
    fputs("\n### Privilege changes\n\n| Role | Change | Right | Table or "
          "privilege | Depth |\n|---|---|---|---|---|\n",
          out);
    for (i = 0, k = 0, a = 0; i < rc_diff_role_count(d); i++) {
      const rc_role_delta *r = rc_diff_role(d, i);
      if (r->status != RC_ROLE_KEPT) {
        FILE *m = row_begin(s);
        if (!m)
          return RC_ENOMEM;
        fputs("| ", m);
        rc_put_md(m, role_name(r));
        fprintf(m, " | role %s", rc_role_status_name(r->status));
        if (r->status == RC_ROLE_RENAMED) {
          fputs(" from ", m);
          rc_put_md(m, r->base_name);
        }
        fputs(" | | | |\n", m);
        if (row_end(s) < 0)
          return RC_ENOMEM;
      }
      for (; k < rc_diff_change_count(d) && rc_diff_change(d, k)->role == i;
           k++) {
        const rc_privilege_change *pc = rc_diff_change(d, k);
        FILE *m = row_begin(s);
        if (!m)
          return RC_ENOMEM;
        fputs("| ", m);
        rc_put_md(m, role_name(r));
        fprintf(m, " | %s | %s | ", rc_grant_change_name(pc->change), what(pc));
        rc_put_md(m, pc->table[0] ? pc->table : pc->privilege);
        if (is_web(pc)) {
          fputs(" (", m);
          rc_put_md(m, pc->privilege);
          fputs(pc->change == RC_GRANT_RESCOPED ? ") | " : ") | scope ", m);
        } else {
          fputs(" | ", m);
        }
        put_level(m, pc);
        fputs(" |\n", m);
        if (row_end(s) < 0)
          return RC_ENOMEM;
      }
      for (; a < rc_diff_app_change_count(d) &&
             rc_diff_app_change(d, a)->role == i;
           a++) {
        const rc_app_change *ac = rc_diff_app_change(d, a);
        FILE *m = row_begin(s);
        if (!m)
          return RC_ENOMEM;
        fputs("| ", m);
        rc_put_md(m, role_name(r));
        fprintf(m, " | %s | app | ",
                ac->added ? "access given" : "access taken away");
        rc_put_md(m, ac->app);
        fputs(" | |\n", m);
        if (row_end(s) < 0)
          return RC_ENOMEM;
      }
    }
  }
  if (s->dropped)
    fprintf(out, "\n%lu more rows: see the JSON or SARIF report.\n",
            (unsigned long)s->dropped);
  return RC_OK;
}

static int diff_md_sink(FILE *out, const rc_diff *d, const rc_rulepack *pack,
                        const rc_diff_options *opts)
{
  md_sink s = {out, 0, 0, NULL, NULL, 0};
  int error = md_body(&s, d, pack, opts);
  if (s.row)
    fclose(s.row);
  rc_free(s.text);
  return error;
}

/* ---- JSON ---- */

static json_t *role_json(const rc_role_delta *r)
{
  json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "kind",
                        r->webrole ? "webrole" : "role", "id", r->id, "name",
                        role_name(r), "status", rc_role_status_name(r->status));
  if (o && r->status == RC_ROLE_RENAMED &&
      json_object_set_new(o, "previousName", json_string(r->base_name))) {
    json_decref(o);
    return NULL;
  }
  return o;
}

static json_t *fit_side(const rc_rulepack *pack, const rc_role_fit *f)
{
  json_t *fits;
  size_t k;
  if (!f)
    return json_null();
  fits = json_object();
  for (k = 0; fits && k < rc_rulepack_licence_count(pack); k++) {
    if (json_object_set_new(fits, rc_rulepack_licence(pack, k)->id,
                            json_string(rc_fit_name(f->fit[k])))) {
      json_decref(fits);
      return NULL;
    }
  }
  return json_pack("{s:s, s:o}", "smallest", f->minimum, "fit", fits);
}

int rc_render__diff_json(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  const rc_diff *d = rd->diff;
  rc_model *const *base = rd->base;
  rc_model *const *head = rd->models;
  const rc_rulepack *pack = rd->pack;
  const rc_diff_options *opts = rd->diff_opts;
  json_t *changes = json_array(), *added = json_array(),
         *resolved = json_array(), *fits = json_array(), *apps = json_array(),
         *root;
  diff_counts c;
  size_t i, k;
  count(d, opts->fail_on, &c);
  if (!changes || !added || !resolved || !fits || !apps)
    goto nomem;
  for (i = 0, k = 0; i < rc_diff_role_count(d); i++) {
    const rc_role_delta *r = rc_diff_role(d, i);
    if (r->status != RC_ROLE_KEPT &&
        json_array_append_new(
            changes, json_pack("{s:o, s:s}", "role", role_json(r), "change",
                               r->status == RC_ROLE_RENAMED ? "roleRenamed"
                               : r->status == RC_ROLE_ADDED ? "roleAdded"
                                                            : "roleRemoved")))
      goto nomem;
    for (; k < rc_diff_change_count(d) && rc_diff_change(d, k)->role == i;
         k++) {
      const rc_privilege_change *pc = rc_diff_change(d, k);
      json_t *entry = json_pack(
          "{s:o, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:I}}", "role",
          role_json(r), "change", rc_grant_change_name(pc->change), "privilege",
          pc->privilege, "privilegeKind", rc_priv_kind_name(pc->kind), "table",
          pc->table, "right",
          pc->right >= 0 ? rc_right_name((rc_right)pc->right) : "", "from",
          rc_depth_name(pc->from), "to", rc_depth_name(pc->to), "location",
          "file", pc->file, "line", (json_int_t)pc->line);
      /* web roles: where the permission applies, before and after */
      if (entry && is_web(pc) &&
          (json_object_set_new(entry, "scopeFrom",
                               pc->scope_from ? json_string(pc->scope_from)
                                              : json_null()) ||
           json_object_set_new(entry, "scopeTo",
                               pc->scope_to ? json_string(pc->scope_to)
                                            : json_null()))) {
        json_decref(entry);
        entry = NULL;
      }
      if (json_array_append_new(changes, entry))
        goto nomem;
    }
  }
  for (i = 0; i < rc_diff_finding_count(d); i++) {
    const rc_finding_delta *f = rc_diff_finding(d, i);
    if (f->change == RC_FINDING_UNCHANGED)
      continue;
    if (json_array_append_new(
            f->change == RC_FINDING_NEW ? added : resolved,
            rc_view__finding_json(f->change == RC_FINDING_NEW ? head : base,
                                  f->finding)))
      goto nomem;
  }
  for (i = 0; i < rc_diff_fit_count(d); i++) {
    const rc_fit_change *fc = rc_diff_fit(d, i);
    if (json_array_append_new(fits,
                              json_pack("{s:o, s:o, s:o}", "role",
                                        role_json(rc_diff_role(d, fc->role)),
                                        "before", fit_side(pack, fc->base),
                                        "after", fit_side(pack, fc->head))))
      goto nomem;
  }
  for (i = 0; i < rc_diff_app_change_count(d); i++) {
    const rc_app_change *ac = rc_diff_app_change(d, i);
    if (json_array_append_new(
            apps, json_pack("{s:o, s:s, s:s, s:{s:s, s:I}}", "role",
                            role_json(rc_diff_role(d, ac->role)), "change",
                            ac->added ? "added" : "removed", "app", ac->app,
                            "location", "file", ac->file, "line",
                            (json_int_t)ac->line)))
      goto nomem;
  }
  root = json_pack(
      "{s:i, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:I, s:I, s:I, s:I, s:I, "
      "s:I, s:o, s:o, s:o, s:o, s:o}",
      "version", 1, "toolVersion", rc_version(), "rulePackVersion",
      rc_rulepack_version(pack), "rulePackAsOf", rc_rulepack_as_of(pack),
      "base", opts->base_label, "head", opts->head_label, "complete",
      opts->complete, "failOn",
      opts->fail_on ? rc_severity_name(opts->fail_on) : "never", "rolesChanged",
      (json_int_t)rc_diff_role_count(d), "privilegesChanged",
      (json_int_t)total_grants(&c), "unchangedFindings",
      (json_int_t)c.findings[RC_FINDING_UNCHANGED], "failing",
      (json_int_t)c.failing, "newFindingsCount", (json_int_t)c.findings[0],
      "appAccessChanged", (json_int_t)(c.apps[0] + c.apps[1]),
      "privilegeChanges", changes, "newFindings", added, "resolvedFindings",
      resolved, "licenceFitChanges", fits, "appAccessChanges", apps);
  return rc_view__dump_json(out, ctx, root, "JSON");
nomem:
  json_decref(changes);
  json_decref(added);
  json_decref(resolved);
  json_decref(fits);
  json_decref(apps);
  return rc_fail_nomem(ctx);
}

/* ---- SARIF: the new findings, through the check renderer ---- */

int rc_render__diff_md(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  return diff_md_sink(out, rd->diff, rd->pack, rd->diff_opts) < 0
             ? rc_fail_nomem(ctx)
             : RC_OK;
}

int rc_render__diff_sarif(FILE *out, rc_ctx *ctx, const rc_render *rd)
{
  const rc_diff *d = rd->diff;
  const rc_diff_options *opts = rd->diff_opts;
  size_t n = rc_analysis_finding_count(rd->analysis), i;
  unsigned char *only = rc_calloc(n ? n : 1, 1);
  rc_check_options co = RC_CHECK_OPTIONS_INIT;
  rc_render sr = *rd;
  int error;
  if (!only)
    return rc_fail_nomem(ctx);
  for (i = 0; i < rc_diff_finding_count(d); i++) {
    const rc_finding_delta *f = rc_diff_finding(d, i);
    if (f->change == RC_FINDING_NEW && f->index < n)
      only[f->index] = 1;
  }
  co.format = RC_FORMAT_SARIF;
  co.fail_on = opts->fail_on;
  co.complete = opts->complete;
  co.docs_base = opts->docs_base;
  co.source_root = opts->source_root;
  co.only = only;
  sr.view = RC_VIEW_CHECK;
  sr.check = &co;
  error = rc_render__sarif(out, ctx, &sr);
  rc_free(only);
  return error;
}
