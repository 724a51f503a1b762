/* Loading the rule pack: the built-in rulepack.xml, then an optional
 * override file, both validated against docs/rulepack.xsd, turned into sets
 * and rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/xdoc.h"
#include "rules/pack.h"
#include "util/alloc.h"
#include "util/embed.h"
#include "util/error.h"

const char *rc_severity_name(rc_severity severity)
{
  switch (severity) {
  case RC_SEVERITY_ERROR:
    return "error";
  case RC_SEVERITY_WARNING:
    return "warning";
  case RC_SEVERITY_NOTE:
    break;
  }
  return "note";
}

int rc_severity_parse(const char *name, rc_severity *out)
{
  if (!strcmp(name, "error"))
    *out = RC_SEVERITY_ERROR;
  else if (!strcmp(name, "warning"))
    *out = RC_SEVERITY_WARNING;
  else if (!strcmp(name, "note"))
    *out = RC_SEVERITY_NOTE;
  else
    return -1;
  return 0;
}

static unsigned rights_parse(const char *s)
{
  static const char *const names[] = {"create", "read",     "write",  "delete",
                                      "append", "appendto", "assign", "share"};
  unsigned mask = 0;
  while (*s) {
    size_t n = strcspn(s, " "), i;
    for (i = 0; i < RC_RIGHT_COUNT; i++) {
      if (strlen(names[i]) == n && !strncmp(names[i], s, n))
        mask |= 1u << i;
    }
    s += n;
    while (*s == ' ')
      s++;
  }
  return mask;
}

/* Space-separated words into a NULL-terminated arena array. */
static const char *const *words(rc_arena *a, const char *s)
{
  size_t n = 0, k = 0;
  const char *p;
  const char **out;
  for (p = s; *p;) {
    while (*p == ' ')
      p++;
    if (!*p)
      break;
    n++;
    p += strcspn(p, " ");
  }
  out = rc_arena_alloc(a, (n + 1) * sizeof(*out));
  if (!out)
    return NULL;
  for (p = s; *p;) {
    size_t len;
    while (*p == ' ')
      p++;
    if (!*p)
      break;
    len = strcspn(p, " ");
    out[k] = rc_arena_strndup(a, p, len);
    if (!out[k++])
      return NULL;
    p += len;
  }
  out[k] = NULL;
  return out;
}

static int grow(void **items, size_t *cap, size_t need, size_t elem)
{
  return rc_array_reserve(items, cap, need, elem);
}

typedef struct {
  rc_rulepack *pack;
  rc_ctx *ctx;
  const char *file;
  int nomem; /* a copy failed: a "missing" attribute may be that */
} loader;

static int fail_at(loader *L, const rc_xnode *n, const char *what,
                   const char *detail)
{
  if (L->nomem)
    return rc_fail_nomem(L->ctx);
  return rc_fail(L->ctx, RC_EUSAGE, "%s:%lu: %s%s%s", L->file, n->line, what,
                 detail ? ": " : "", detail ? detail : "");
}

static const char *dup_attr(loader *L, const rc_xnode *n, const char *name)
{
  const char *v = rc_xnode_attr(n, name);
  const char *copy = v ? rc_arena_strdup(&L->pack->arena, v) : NULL;
  if (v && !copy)
    L->nomem = 1;
  return copy;
}

static uint32_t licence_mask(loader *L, const rc_xnode *n, const char *list,
                             int *error)
{
  uint32_t mask = 0;
  const char *const *w = words(&L->pack->arena, list);
  if (!w) {
    *error = rc_fail_nomem(L->ctx);
    return 0;
  }
  for (; *w; w++) {
    int i = rc_pack__licence(L->pack, *w);
    if (i < 0) {
      *error = fail_at(L, n, "unknown licence", *w);
      return 0;
    }
    mask |= 1u << i;
  }
  return mask;
}

static int load_sources(loader *L, const rc_xnode *sec)
{
  rc_rulepack *p = L->pack;
  size_t i, k;
  for (i = 0; i < sec->nchildren; i++) {
    const rc_xnode *n = sec->children[i];
    const char *id = rc_xnode_attr(n, "id");
    for (k = 0; k < p->nsources && strcmp(p->sources[k].id, id); k++)
      ;
    if (k == p->nsources) {
      void *items = p->sources;
      if (grow(&items, &p->sources_cap, k + 1, sizeof(*p->sources)) < 0)
        return rc_fail_nomem(L->ctx);
      p->sources = items;
      p->nsources++;
    }
    p->sources[k].id = dup_attr(L, n, "id");
    p->sources[k].url = dup_attr(L, n, "url");
    if (!p->sources[k].id || !p->sources[k].url)
      return rc_fail_nomem(L->ctx);
  }
  return RC_OK;
}

static int is_true(const char *v)
{
  return v && (!strcmp(v, "true") || !strcmp(v, "1"));
}

static int load_licences(loader *L, const rc_xnode *sec)
{
  rc_rulepack *p = L->pack;
  const char *allowance = rc_xnode_attr(sec, "professional-custom-tables");
  size_t i;
  if (allowance)
    p->professional_tables = strtol(allowance, NULL, 10);
  for (i = 0; i < sec->nchildren; i++) {
    const rc_xnode *n = sec->children[i];
    int k = rc_pack__licence(p, rc_xnode_attr(n, "id"));
    const char *prof = rc_xnode_attr(n, "professional");
    rc_licence *lic;
    if (k < 0) {
      void *items = p->licences;
      if (p->nlicences >= RC_MAX_LICENCES)
        return fail_at(L, n, "too many licences", NULL);
      if (grow(&items, &p->licences_cap, p->nlicences + 1,
               sizeof(*p->licences)) < 0)
        return rc_fail_nomem(L->ctx);
      p->licences = items;
      k = (int)p->nlicences++;
    }
    lic = &p->licences[k];
    lic->info.id = dup_attr(L, n, "id");
    lic->info.name = dup_attr(L, n, "name");
    lic->info.short_name =
        rc_xnode_attr(n, "short") ? dup_attr(L, n, "short") : lic->info.id;
    lic->info.is_d365 = !strcmp(rc_xnode_attr(n, "kind"), "d365");
    lic->professional = is_true(prof);
    if (!lic->info.id || !lic->info.name || !lic->info.short_name)
      return rc_fail_nomem(L->ctx);
  }
  return RC_OK;
}

/* What each rule profile means; an override restates a profile whole. */
static int load_profiles(loader *L, const rc_xnode *sec)
{
  rc_rulepack *p = L->pack;
  size_t i;
  for (i = 0; i < sec->nchildren; i++) {
    const rc_xnode *n = sec->children[i];
    const char *report = rc_xnode_attr(n, "report");
    rc_profile *prof =
        (rc_profile *)rc_pack__profile(p, rc_xnode_attr(n, "id"));
    if (!prof) {
      void *items = p->profiles;
      if (grow(&items, &p->profiles_cap, p->nprofiles + 1,
               sizeof(*p->profiles)) < 0)
        return rc_fail_nomem(L->ctx);
      p->profiles = items;
      prof = &p->profiles[p->nprofiles++];
      prof->id = dup_attr(L, n, "id");
      if (!prof->id)
        return rc_fail_nomem(L->ctx);
    }
    prof->report_always = report && !strcmp(report, "always");
    prof->webroles = is_true(rc_xnode_attr(n, "web-roles"));
  }
  return RC_OK;
}

static int add_entry(loader *L, rc_set *set, const rc_set_entry *e)
{
  void *items = set->entries;
  if (grow(&items, &set->cap, set->count + 1, sizeof(*set->entries)) < 0)
    return rc_fail_nomem(L->ctx);
  set->entries = items;
  set->entries[set->count++] = *e;
  return RC_OK;
}

/* Compiled patterns are kept in a list so the pack can free them. */
static int compile(loader *L, const rc_xnode *n, const char *regex,
                   rc_pattern **out)
{
  char origin[512];
  int error;
  snprintf(origin, sizeof(origin), "%s:%lu: bad pattern", L->file, n->line);
  error = rc_pattern_new_from(out, L->ctx, regex, origin);
  if (error < 0 && L->nomem)
    return rc_fail_nomem(L->ctx);
  return error;
}

static int load_entry(loader *L, rc_set *set, const rc_xnode *n)
{
  rc_set_entry e;
  const char *v;
  int error = RC_OK;
  memset(&e, 0, sizeof(e));
  e.rights = RC_RIGHTS_ALL;
  e.min_depth = RC_DEPTH_BASIC;
  e.max_depth = RC_DEPTH_GLOBAL;
  if (set->kind == RC_SET_APPS) {
    /* designated apps are recognised by unique name (whose prefix is the
     * publisher's), never by display name: a customer app displayed as
     * "Customer Service Team Member" is a custom app (issue 18) */
    const char *unique = rc_xnode_attr(n, "unique-name");
    if (!unique)
      return fail_at(L, n, "an app needs unique-name", NULL);
    /* an exact unique name, or a (?...) pattern */
    v = unique;
    if (v[0] != '(' && v[0] != '^') {
      e.name = rc_arena_strdup(&L->pack->arena, v);
      if (!e.name)
        return rc_fail_nomem(L->ctx);
    } else {
      error = compile(L, n, v, &e.regex);
    }
    return error < 0 ? error : add_entry(L, set, &e);
  }
  if (!strcmp(n->name, "match"))
    error = compile(L, n, rc_xnode_attr(n, "regex"), &e.regex);
  else
    e.name = dup_attr(L, n, "name");
  if (error < 0)
    return error;
  if ((v = rc_xnode_attr(n, "rights")) != NULL)
    e.rights = rights_parse(v);
  if ((v = rc_xnode_attr(n, "min-depth")) != NULL)
    rc_depth_parse(v, strlen(v), &e.min_depth);
  if ((v = rc_xnode_attr(n, "max-depth")) != NULL)
    rc_depth_parse(v, strlen(v), &e.max_depth);
  if ((v = rc_xnode_attr(n, "licences")) != NULL)
    e.licences = licence_mask(L, n, v, &error);
  if (!error && (v = rc_xnode_attr(n, "uncertain")) != NULL)
    e.uncertain = licence_mask(L, n, v, &error);
  if (error < 0) {
    rc_pattern_free(e.regex);
    return error;
  }
  error = add_entry(L, set, &e);
  if (error < 0)
    rc_pattern_free(e.regex);
  return error;
}

static void clear_set(rc_set *set)
{
  size_t i;
  for (i = 0; i < set->count; i++)
    rc_pattern_free(set->entries[i].regex);
  set->count = 0;
}

static int load_sets(loader *L, const rc_xnode *sec)
{
  rc_rulepack *p = L->pack;
  size_t i, k;
  for (i = 0; i < sec->nchildren; i++) {
    const rc_xnode *n = sec->children[i];
    const char *mode = rc_xnode_attr(n, "mode");
    rc_set_kind kind = !strcmp(n->name, "tables")       ? RC_SET_TABLES
                       : !strcmp(n->name, "privileges") ? RC_SET_PRIVILEGES
                                                        : RC_SET_APPS;
    rc_set *set = (rc_set *)rc_pack__set(p, rc_xnode_attr(n, "id"));
    int error;
    if (!set) {
      void *items = p->sets;
      if (grow(&items, &p->sets_cap, p->nsets + 1, sizeof(*p->sets)) < 0)
        return rc_fail_nomem(L->ctx);
      p->sets = items;
      set = &p->sets[p->nsets++];
      memset(set, 0, sizeof(*set));
      set->id = dup_attr(L, n, "id");
      set->kind = kind;
      if (!set->id)
        return rc_fail_nomem(L->ctx);
    } else if (set->kind != kind) {
      return fail_at(L, n, "set redefined with another kind", set->id);
    } else if (!mode || strcmp(mode, "extend")) {
      clear_set(set);
    }
    for (k = 0; k < n->nchildren; k++) {
      error = load_entry(L, set, n->children[k]);
      if (error < 0)
        return error;
    }
  }
  return RC_OK;
}

static const rc_xnode *child(const rc_xnode *n, const char *name)
{
  size_t i;
  for (i = 0; i < n->nchildren; i++) {
    if (!strcmp(n->children[i]->name, name))
      return n->children[i];
  }
  return NULL;
}

/* The checks <builtin check="..."/> names: the one list of them (the
 * schema takes any name; builtin.c implements these). */
static const struct {
  const char *name;
  rc_builtin check;
} checks[] = {{"unresolved", RC_BUILTIN_UNRESOLVED},
              {"ownership", RC_BUILTIN_OWNERSHIP},
              {"copies-differ", RC_BUILTIN_COPIES},
              {"unknown-table", RC_BUILTIN_UNKNOWN_TABLE}};

static int builtin_check(loader *L, const rc_xnode *n, rc_clause *c)
{
  const char *v = rc_xnode_attr(n, "check");
  char detail[256];
  size_t i, len;
  for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
    if (!strcmp(checks[i].name, v)) {
      c->builtin = checks[i].check;
      return RC_OK;
    }
  }
  /* the schema keeps v to 32 characters: the list fits */
  len = (size_t)snprintf(detail, sizeof(detail), "%.64s (one of", v);
  for (i = 0; i < sizeof(checks) / sizeof(checks[0]) && len < sizeof(detail);
       i++)
    len += (size_t)snprintf(detail + len, sizeof(detail) - len, "%s %s",
                            i ? "," : "", checks[i].name);
  if (len < sizeof(detail))
    snprintf(detail + len, sizeof(detail) - len, ")");
  return fail_at(L, n, "unknown check", detail);
}

/* The clause's repair attribute, or its default: a grants clause with a
 * min-depth lowers to the depth below it, other grants, privileges,
 * permissions and count clauses remove; app maps and built-in checks have
 * none. The schema allows each clause only the values it can do. */
static int load_repair(loader *L, const rc_xnode *n, rc_clause *c)
{
  const char *v = rc_xnode_attr(n, "repair");
  switch (c->kind) {
  case RC_CLAUSE_GRANTS:
    c->repair =
        c->min_depth > RC_DEPTH_BASIC ? RC_REPAIR_LOWER : RC_REPAIR_REMOVE;
    c->repair_depth = (rc_depth)(c->min_depth - 1);
    break;
  case RC_CLAUSE_PRIVILEGES:
  case RC_CLAUSE_PERMISSIONS:
  case RC_CLAUSE_COUNT:
    c->repair = RC_REPAIR_REMOVE;
    break;
  default:
    c->repair = RC_REPAIR_NONE;
    break;
  }
  if (!v)
    return RC_OK;
  if (!strcmp(v, "remove")) {
    c->repair = RC_REPAIR_REMOVE;
  } else if (!strcmp(v, "none")) {
    c->repair = RC_REPAIR_NONE;
  } else if (!strcmp(v, "move")) {
    c->repair = RC_REPAIR_MOVE;
  } else if (!strcmp(v, "detach")) {
    c->repair = RC_REPAIR_DETACH;
  } else if (rc_depth_parse(v, strlen(v), &c->repair_depth) == 0) {
    c->repair = RC_REPAIR_LOWER;
  } else {
    return fail_at(L, n, "unknown repair", v);
  }
  {
    /* what each condition can do, beyond remove and none */
    int ok = c->repair == RC_REPAIR_REMOVE || c->repair == RC_REPAIR_NONE;
    if (c->repair == RC_REPAIR_LOWER)
      ok = c->kind == RC_CLAUSE_GRANTS;
    else if (c->repair == RC_REPAIR_MOVE)
      ok = c->kind == RC_CLAUSE_GRANTS || c->kind == RC_CLAUSE_PRIVILEGES;
    else if (c->repair == RC_REPAIR_DETACH)
      ok = c->kind == RC_CLAUSE_PERMISSIONS;
    if (c->kind == RC_CLAUSE_APPMAP || c->kind == RC_CLAUSE_BUILTIN)
      ok = c->repair == RC_REPAIR_NONE;
    if (!ok)
      return fail_at(L, n, "repair does not apply to this condition", v);
  }
  return RC_OK;
}

static int load_clause(loader *L, const rc_xnode *n, rc_clause *c)
{
  rc_arena *a = &L->pack->arena;
  const char *v;
  memset(c, 0, sizeof(*c));
  c->min_depth = RC_DEPTH_BASIC;
  c->message = dup_attr(L, n, "message");
  if (!strcmp(n->name, "grants")) {
    c->kind = RC_CLAUSE_GRANTS;
    c->set = dup_attr(L, n, "set");
    if ((v = rc_xnode_attr(n, "tables")) != NULL && !(c->tables = words(a, v)))
      return rc_fail_nomem(L->ctx);
    if ((v = rc_xnode_attr(n, "except")) != NULL && !(c->except = words(a, v)))
      return rc_fail_nomem(L->ctx);
    if (!c->set == !c->tables)
      return fail_at(L, n, "<grants> needs set or tables", NULL);
    c->rights = rights_parse(rc_xnode_attr(n, "rights"));
    if ((v = rc_xnode_attr(n, "min-depth")) != NULL)
      rc_depth_parse(v, strlen(v), &c->min_depth);
  } else if (!strcmp(n->name, "privileges")) {
    c->kind = RC_CLAUSE_PRIVILEGES;
    c->set = dup_attr(L, n, "set");
    if ((v = rc_xnode_attr(n, "names")) != NULL && !(c->names = words(a, v)))
      return rc_fail_nomem(L->ctx);
    if (!c->set == !c->names)
      return fail_at(L, n, "<privileges> needs set or names", NULL);
  } else if (!strcmp(n->name, "count")) {
    c->kind = RC_CLAUSE_COUNT;
    c->rights = rights_parse(rc_xnode_attr(n, "rights"));
    c->max = (unsigned)strtoul(rc_xnode_attr(n, "max"), NULL, 10);
    if ((v = rc_xnode_attr(n, "exclude")) != NULL &&
        !(c->exclude = words(a, v)))
      return rc_fail_nomem(L->ctx);
  } else if (!strcmp(n->name, "permissions")) {
    static const char *const perms[] = {"create", "read",   "write",
                                        "delete", "append", "appendto"};
    const char *r = rc_xnode_attr(n, "rights");
    size_t k;
    c->kind = RC_CLAUSE_PERMISSIONS;
    c->set = dup_attr(L, n, "set");
    if ((v = rc_xnode_attr(n, "tables")) != NULL && !(c->tables = words(a, v)))
      return rc_fail_nomem(L->ctx);
    if ((v = rc_xnode_attr(n, "except")) != NULL && !(c->except = words(a, v)))
      return rc_fail_nomem(L->ctx);
    if (c->set && c->tables)
      return fail_at(L, n, "<permissions> takes set or tables, not both", NULL);
    while (*r) {
      size_t len = strcspn(r, " ");
      for (k = 0; k < 6; k++) {
        if (strlen(perms[k]) == len && !strncmp(perms[k], r, len))
          c->perm_rights |= 1u << k;
      }
      r += len;
      while (*r == ' ')
        r++;
    }
    if ((v = rc_xnode_attr(n, "scope")) != NULL) {
      long code;
      for (code = RC_SCOPE_GLOBAL; code <= RC_SCOPE_CUSTOM; code++) {
        if (!strcmp(rc_scope_name(code), v))
          c->scope = code;
      }
    }
    if ((v = rc_xnode_attr(n, "webrole")) != NULL)
      c->webrole_kind = !strcmp(v, "anonymous") ? 1 : 2;
    if ((v = rc_xnode_attr(n, "per")) != NULL)
      c->per_webrole = !strcmp(v, "webrole");
    if ((v = rc_xnode_attr(n, "webrole-name")) != NULL) {
      int error = compile(L, n, v, &c->webrole_name);
      if (error < 0)
        return error;
    }
  } else if (!strcmp(n->name, "app-map")) {
    c->kind = RC_CLAUSE_APPMAP;
    c->set = dup_attr(L, n, "exclude");
  } else if (!strcmp(n->name, "builtin")) {
    c->kind = RC_CLAUSE_BUILTIN;
    return builtin_check(L, n, c);
  } else {
    return fail_at(L, n, "unknown condition", n->name);
  }
  return load_repair(L, n, c);
}

static rc_rule *find_rule(const rc_rulepack *p, const char *id)
{
  size_t i;
  for (i = 0; i < p->nrules; i++) {
    if (!strcmp(p->rules[i].info.id, id))
      return &p->rules[i];
  }
  return NULL;
}

/* Set *field from an attribute or child element's text when present. */
static int take(loader *L, const rc_xnode *n, const char *name, int element,
                const char **field)
{
  const char *v;
  if (element) {
    const rc_xnode *c = child(n, name);
    v = c ? c->text : NULL;
  } else {
    v = rc_xnode_attr(n, name);
  }
  if (!v)
    return RC_OK;
  *field = rc_arena_strdup(&L->pack->arena, v);
  return *field ? RC_OK : rc_fail_nomem(L->ctx);
}

static int load_rule(loader *L, const rc_xnode *n)
{
  rc_rulepack *p = L->pack;
  const char *id = rc_xnode_attr(n, "id");
  rc_rule *r = find_rule(p, id);
  const rc_xnode *cond = child(n, "condition");
  const char *v;
  int error = RC_OK;
  static const char *const texts[] = {"summary", "message", "why", "fix"};
  size_t i;

  if (!r) {
    void *items = p->rules;
    if (grow(&items, &p->rules_cap, p->nrules + 1, sizeof(*p->rules)) < 0)
      return rc_fail_nomem(L->ctx);
    p->rules = items;
    r = &p->rules[p->nrules++];
    memset(r, 0, sizeof(*r));
    r->info.enabled = 1;
    r->info.sources = r->info.confidence = r->info.as_of = r->info.why = "";
  }
  error = take(L, n, "id", 0, &r->info.id);
  if (!error)
    error = take(L, n, "name", 0, &r->info.name);
  if (!error)
    error = take(L, n, "profile", 0, &r->info.profile);
  if (!error)
    error = take(L, n, "confidence", 0, &r->info.confidence);
  if (!error)
    error = take(L, n, "as-of", 0, &r->info.as_of);
  if (!error)
    error = take(L, n, "sources", 0, &r->info.sources);
  if (!error)
    error = take(L, n, "security-severity", 0, &r->info.security_severity);
  for (i = 0; !error && i < 4; i++) {
    const char **fields[] = {&r->info.summary, &r->info.message, &r->info.why,
                             &r->info.fix};
    error = take(L, n, texts[i], 1, fields[i]);
  }
  if (error < 0)
    return error;
  if ((v = rc_xnode_attr(n, "severity")) != NULL)
    rc_severity_parse(v, &r->info.severity);
  if ((v = rc_xnode_attr(n, "enabled")) != NULL)
    r->info.enabled = is_true(v);
  if ((v = rc_xnode_attr(n, "per")) != NULL)
    r->per_role = !strcmp(v, "role");
  if (cond) {
    /* an override restating the condition replaces the old clauses */
    for (i = 0; i < r->nclauses; i++)
      rc_pattern_free(r->clauses[i].webrole_name);
    r->nclauses = 0;
    r->clauses =
        rc_arena_alloc(&p->arena, (cond->nchildren + 1) * sizeof(*r->clauses));
    if (!r->clauses)
      return rc_fail_nomem(L->ctx);
    /* counted as loaded, so a failure part-way frees only what exists */
    for (i = 0; i < cond->nchildren; i++) {
      error = load_clause(L, cond->children[i], &r->clauses[i]);
      r->nclauses = i + 1;
      if (error < 0)
        return error;
    }
  }
  if (!r->info.name || !r->info.profile || !r->info.severity ||
      !r->info.summary || !r->info.message || !r->info.fix || !r->nclauses)
    return fail_at(L, n,
                   "a new rule needs name, profile, severity, summary, "
                   "condition, message and fix",
                   id);
  return RC_OK;
}

static int load_rules(loader *L, const rc_xnode *sec)
{
  size_t j;
  int error = RC_OK;
  for (j = 0; j < sec->nchildren && !error; j++)
    error = load_rule(L, sec->children[j]);
  return error;
}

static const struct {
  const char *name;
  int (*load)(loader *L, const rc_xnode *sec);
} sections[] = {{"sources", load_sources},
                {"licences", load_licences},
                {"profiles", load_profiles},
                {"sets", load_sets},
                {"rules", load_rules}};

static int load_doc(loader *L, const rc_xdoc *doc, int is_override)
{
  const rc_xnode *root = rc_xdoc_root(doc);
  const char *version = rc_xnode_attr(root, "version");
  const char *as_of = rc_xnode_attr(root, "as-of");
  size_t i, k;
  int error = RC_OK;
  rc_rulepack *p = L->pack;

  if (!is_override) {
    p->version = rc_arena_strdup(&p->arena, version ? version : "0");
    p->as_of = rc_arena_strdup(&p->arena, as_of ? as_of : "");
  } else {
    size_t n = strlen(p->version) + strlen(version ? version : "local") + 2;
    char *v = rc_arena_alloc(&p->arena, n);
    if (v)
      snprintf(v, n, "%s+%s", p->version, version ? version : "local");
    p->version = v;
    if (as_of)
      p->as_of = rc_arena_strdup(&p->arena, as_of);
  }
  if (!p->version || !p->as_of)
    return rc_fail_nomem(L->ctx);
  /* in this order whatever the file's: sets refer to licences */
  for (k = 0; k < sizeof(sections) / sizeof(sections[0]) && !error; k++) {
    for (i = 0; i < root->nchildren && !error; i++) {
      if (!strcmp(root->children[i]->name, sections[k].name))
        error = sections[k].load(L, root->children[i]);
    }
  }
  return error;
}

/* Every clause must name sets of the right kind; at most one profile runs
 * on web roles. */
static int check_refs(rc_rulepack *p, rc_ctx *ctx)
{
  size_t i, c;
  const char *webroles = NULL;
  /* a web role is evaluated as one profile */
  for (i = 0; i < p->nprofiles; i++) {
    if (!p->profiles[i].webroles)
      continue;
    if (webroles)
      return rc_fail(ctx, RC_EUSAGE,
                     "profiles '%s' and '%s' both run on web roles", webroles,
                     p->profiles[i].id);
    webroles = p->profiles[i].id;
  }
  for (i = 0; i < p->nrules; i++) {
    const rc_rule *r = &p->rules[i];
    for (c = 0; c < r->nclauses; c++) {
      const rc_clause *cl = &r->clauses[c];
      const char *const *ex;
      rc_set_kind want = cl->kind == RC_CLAUSE_PRIVILEGES ? RC_SET_PRIVILEGES
                         : cl->kind == RC_CLAUSE_APPMAP   ? RC_SET_APPS
                                                          : RC_SET_TABLES;
      const rc_set *s = cl->set ? rc_pack__set(p, cl->set) : NULL;
      if (cl->set && (!s || s->kind != want))
        return rc_fail(ctx, RC_EUSAGE, "rule %s: no %s set '%s'", r->info.id,
                       want == RC_SET_TABLES ? "tables"
                       : want == RC_SET_APPS ? "apps"
                                             : "privileges",
                       cl->set);
      for (ex = cl->exclude; ex && *ex; ex++) {
        s = rc_pack__set(p, *ex);
        if (!s || s->kind != RC_SET_TABLES)
          return rc_fail(ctx, RC_EUSAGE, "rule %s: no tables set '%s'",
                         r->info.id, *ex);
      }
    }
  }
  return RC_OK;
}

static int cmp_rules(const void *a, const void *b)
{
  return strcmp(((const rc_rule *)a)->info.id, ((const rc_rule *)b)->info.id);
}

int rc_rulepack_load(rc_rulepack **out, rc_ctx *ctx, const char *override_path)
{
  const rc_embedded *xml = rc_embed_find("rulepack.xml");
  const rc_embedded *xsd = rc_embed_find("rulepack.xsd");
  rc_rulepack *p = NULL;
  rc_xdoc *doc = NULL;
  loader L;
  int error;

  RC_ASSERT_ARG(ctx, out);
  *out = NULL;
  memset(&L, 0, sizeof(L));
  if (!xml || !xsd)
    return rc_fail(ctx, RC_ERROR, "the built-in rule pack is missing");
  p = rc_calloc(1, sizeof(*p));
  if (!p)
    return rc_fail_nomem(ctx);
  rc_arena_init(&p->arena);
  p->professional_tables = -1;
  L.pack = p;
  L.ctx = ctx;
  L.file = "built-in rulepack.xml";
  error = rc_xdoc_load(&doc, ctx, L.file, (const char *)xml->data, xml->len,
                       (const char *)xsd->data, xsd->len);
  if (!error)
    error = load_doc(&L, doc, 0);
  rc_xdoc_free(doc);
  doc = NULL;
  if (!error && override_path) {
    L.file = override_path;
    error = rc_xdoc_load_file(&doc, ctx, override_path, (const char *)xsd->data,
                              xsd->len);
    if (!error)
      error = load_doc(&L, doc, 1);
    rc_xdoc_free(doc);
  }
  if (!error && L.nomem)
    error = rc_fail_nomem(ctx);
  if (!error)
    error = check_refs(p, ctx);
  if (!error && rc_pack__index(p) < 0)
    error = rc_fail_nomem(ctx);
  if (error < 0) {
    rc_rulepack_free(p);
    return error;
  }
  qsort(p->rules, p->nrules, sizeof(*p->rules), cmp_rules);
  *out = p;
  return RC_OK;
}

void rc_rulepack_free(rc_rulepack *pack)
{
  size_t i;
  if (!pack)
    return;
  for (i = 0; i < pack->nsets; i++) {
    clear_set(&pack->sets[i]);
    rc_free(pack->sets[i].entries);
    rc_free(pack->sets[i].slots);
  }
  for (i = 0; i < pack->nrules; i++) {
    size_t c;
    for (c = 0; c < pack->rules[i].nclauses; c++)
      rc_pattern_free(pack->rules[i].clauses[c].webrole_name);
  }
  rc_free(pack->sets);
  rc_free(pack->rules);
  rc_free(pack->sources);
  rc_free(pack->licences);
  rc_free(pack->profiles);
  rc_arena_dispose(&pack->arena);
  rc_free(pack);
}

const char *rc_rulepack_version(const rc_rulepack *pack)
{
  return pack->version;
}

const char *rc_rulepack_as_of(const rc_rulepack *pack)
{
  return pack->as_of;
}

size_t rc_rulepack_rule_count(const rc_rulepack *pack)
{
  return pack->nrules;
}

const rc_rule_info *rc_rulepack_rule(const rc_rulepack *pack, size_t i)
{
  return i < pack->nrules ? &pack->rules[i].info : NULL;
}

const rc_rule_info *rc_rulepack_find(const rc_rulepack *pack, const char *id)
{
  const rc_rule *r = find_rule(pack, id);
  return r ? &r->info : NULL;
}

const char *rc_rulepack_source_url(const rc_rulepack *pack, const char *id)
{
  size_t i;
  for (i = 0; i < pack->nsources; i++) {
    if (!strcmp(pack->sources[i].id, id))
      return pack->sources[i].url;
  }
  return NULL;
}

int rc_rulepack_configure(rc_rulepack *pack, rc_ctx *ctx, const char *id,
                          const rc_severity *severity, const int *enabled)
{
  rc_rule *r = find_rule(pack, id);
  if (!r)
    return rc_fail(ctx, RC_EUSAGE, "unknown rule '%s'", id);
  if (severity)
    r->info.severity = *severity;
  if (enabled)
    r->info.enabled = *enabled;
  return RC_OK;
}

size_t rc_rulepack_licence_count(const rc_rulepack *pack)
{
  return pack->nlicences;
}

const rc_licence_info *rc_rulepack_licence(const rc_rulepack *pack, size_t i)
{
  return i < pack->nlicences ? &pack->licences[i].info : NULL;
}

long rc_rulepack_licence_find(const rc_rulepack *pack, const char *id)
{
  return id ? rc_pack__licence(pack, id) : -1;
}
