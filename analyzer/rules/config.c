/* The project configuration (rolecheck.xml), licence-profile assignments and
 * suppressions. The file is validated against docs/config.xsd, so an unknown
 * element or attribute is an error that names the file and line. */
#include <stdio.h>
#include <string.h>

#include "parse/xdoc.h"
#include "rules/analysis.h"
#include "util/alloc.h"
#include "util/ascii.h"
#include "util/embed.h"
#include "util/error.h"

typedef struct {
  unsigned long line;
  const char *role, *role_id, *license;
} cfg_assign;

/* A line of <team-members-app>: the app alone, or one <role>/<table>. */
typedef struct {
  unsigned long line;
  const char *app, *role, *role_id, *table;
} cfg_app;

typedef struct {
  unsigned long line;
  const char *id;
  int has_severity, has_enabled;
  rc_severity severity;
  int enabled;
} cfg_rule;

struct rc_config {
  rc_arena arena;
  rc_config_info info;
  cfg_assign *assigns;
  size_t nassigns;
  cfg_rule *rules;
  size_t nrules;
  cfg_app *apps;
  size_t napps;
  rc_suppression *suppressions;
};

/* ---- assignments ---- */

int rc_assignments_new(rc_assignments **out)
{
  rc_assignments *a = rc_calloc(1, sizeof(*a));
  *out = a;
  if (!a)
    return RC_ENOMEM;
  rc_arena_init(&a->arena);
  return RC_OK;
}

void rc_assignments_free(rc_assignments *a)
{
  size_t i;
  if (!a)
    return;
  for (i = 0; i < a->count; i++)
    rc_pattern_free(a->items[i].name);
  rc_free(a->items);
  for (i = 0; i < a->napps; i++)
    rc_pattern_free(a->apps[i].name);
  rc_free(a->apps);
  rc_arena_dispose(&a->arena);
  rc_free(a);
}

/* "field-service" for "Field Service". */
static int kebab_equal(const char *name, const char *profile)
{
  for (; *name && *profile; name++, profile++) {
    char c = *name == ' ' ? '-' : (char)rc_ascii_tolower((unsigned char)*name);
    if (c != *profile)
      return 0;
  }
  return !*name && !*profile;
}

/* The canonical profile for what a user wrote, or NULL. */
static const char *canonical_profile(const rc_rulepack *pack,
                                     const char *profile)
{
  static const char *const fixed[] = {"team-member", "power-apps", "portal"};
  size_t i;
  /* a static string: the caller's text may not outlive the assignment */
  for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
    if (!strcmp(profile, fixed[i]))
      return fixed[i];
  }
  for (i = 0; i < rc_rulepack_licence_count(pack); i++) {
    const rc_licence_info *l = rc_rulepack_licence(pack, i);
    if (!l->is_d365)
      continue;
    if (!rc_ascii_casecmp(l->id, profile) || kebab_equal(l->name, profile))
      return l->id;
  }
  return NULL;
}

static int bad_profile(rc_ctx *ctx, const rc_rulepack *pack, const char *origin,
                       const char *profile)
{
  char list[256] = "team-member, power-apps, portal";
  size_t i;
  for (i = 0; i < rc_rulepack_licence_count(pack); i++) {
    const rc_licence_info *l = rc_rulepack_licence(pack, i);
    if (l->is_d365 && strlen(list) + strlen(l->id) + 3 < sizeof(list)) {
      strcat(list, ", ");
      strcat(list, l->id);
    }
  }
  return rc_fail(ctx, RC_EUSAGE, "%s: unknown licence profile '%s' (one of %s)",
                 origin, profile, list);
}

int rc_assignments_add(rc_assignments *a, rc_ctx *ctx, const rc_rulepack *pack,
                       const char *pattern, const char *role_id,
                       const char *profile, const char *origin)
{
  const char *canon = canonical_profile(pack, profile);
  rc_assignment item;
  void *items = a->items;
  memset(&item, 0, sizeof(item));
  if (!canon)
    return bad_profile(ctx, pack, origin, profile);
  if (role_id) {
    if (rc_guid_normalize(item.guid, role_id, strlen(role_id)) < 0)
      return rc_fail(ctx, RC_EUSAGE, "%s: '%s' is not a role id (a GUID)",
                     origin, role_id);
  } else {
    int error = rc_pattern_new(&item.name, ctx, pattern);
    if (error == RC_ENOMEM)
      return error;
    if (error < 0)
      return rc_fail(ctx, RC_EUSAGE, "%s: %s", origin, rc_ctx_error(ctx));
  }
  item.profile = canon;
  item.origin = rc_arena_strdup(&a->arena, origin);
  if (!item.origin ||
      rc_array_reserve(&items, &a->cap, a->count + 1, sizeof(*a->items)) < 0) {
    rc_pattern_free(item.name);
    return rc_fail_nomem(ctx);
  }
  a->items = items;
  a->items[a->count++] = item;
  return RC_OK;
}

int rc_assignments_assume(rc_assignments *a, rc_ctx *ctx,
                          const rc_rulepack *pack, const char *profile)
{
  const char *canon = canonical_profile(pack, profile);
  if (!canon)
    return bad_profile(ctx, pack, "--assume", profile);
  a->assume = canon;
  a->assume_origin = "--assume";
  return RC_OK;
}

int rc_assignments_map_app(rc_assignments *a, rc_ctx *ctx,
                           const rc_rulepack *pack, const char *app,
                           const char *pattern, const char *role_id,
                           const char *table, const char *origin)
{
  rc_app_map item;
  void *items = a->apps;
  size_t i;
  memset(&item, 0, sizeof(item));
  if (!rc_set__has_app(rc_pack__set(pack, "TM_APPS"), app))
    return rc_fail(ctx, RC_EUSAGE,
                   "%s: '%s' is not a designated Team Members app (set "
                   "TM_APPS of rule pack %s: unique names only, never the "
                   "display name)",
                   origin, app, rc_rulepack_version(pack));
  if (!!pattern + !!role_id + !!table > 1)
    return rc_fail(ctx, RC_EUSAGE,
                   "%s: a role by name, a role by id or a table, one at a time",
                   origin);
  if (role_id) {
    if (rc_guid_normalize(item.guid, role_id, strlen(role_id)) < 0)
      return rc_fail(ctx, RC_EUSAGE, "%s: '%s' is not a role id (a GUID)",
                     origin, role_id);
  } else if (pattern) {
    int error = rc_pattern_new(&item.name, ctx, pattern);
    if (error == RC_ENOMEM)
      return error;
    if (error < 0)
      return rc_fail(ctx, RC_EUSAGE, "%s: %s", origin, rc_ctx_error(ctx));
  }
  item.app = rc_arena_strdup(&a->arena, app);
  item.origin = rc_arena_strdup(&a->arena, origin);
  if (table && (item.table = rc_arena_strdup(&a->arena, table)) != NULL) {
    char *t = (char *)item.table;
    for (i = 0; t[i]; i++)
      t[i] = (char)rc_ascii_tolower((unsigned char)t[i]);
  }
  if (!item.app || !item.origin || (table && !item.table) ||
      rc_array_reserve(&items, &a->apps_cap, a->napps + 1, sizeof(*a->apps)) <
          0) {
    rc_pattern_free(item.name);
    return rc_fail_nomem(ctx);
  }
  a->apps = items;
  a->apps[a->napps++] = item;
  return RC_OK;
}

const char *rc_assignments__app_maps(const rc_assignments *a, const char *app,
                                     const rc_role *role)
{
  size_t i;
  for (i = 0; a && i < a->napps; i++) {
    const rc_app_map *it = &a->apps[i];
    if ((app && rc_ascii_casecmp(it->app, app)) || it->table ||
        (!it->name && !it->guid[0]))
      continue;
    if (it->name ? rc_pattern_match(it->name, role->name)
                 : !strcmp(it->guid, role->guid))
      return it->origin;
  }
  return NULL;
}

const char *rc_assignments__app_origin(const rc_assignments *a, const char *app)
{
  size_t i;
  for (i = 0; a && i < a->napps; i++) {
    if (!rc_ascii_casecmp(a->apps[i].app, app))
      return a->apps[i].origin;
  }
  return NULL;
}

/* A role whose name says Team Member(s). */
static int says_team_member(const char *name)
{
  size_t i, n = strlen(name);
  for (i = 0; i + 10 <= n; i++) {
    char w[12];
    size_t k, j = 0;
    for (k = i; k < n && j < 10; k++) {
      char c = (char)rc_ascii_tolower((unsigned char)name[k]);
      if (c == ' ' || c == '-' || c == '_')
        continue;
      w[j++] = c;
    }
    w[j] = '\0';
    if (!strcmp(w, "teammember"))
      return 1;
  }
  return 0;
}

const char *rc_assignments__profile(const rc_assignments *a,
                                    const rc_role *role, const char **origin)
{
  size_t i;
  *origin = NULL;
  /* security roles generated for web roles (enhanced authorization) are
   * marked portal by assignment and are never evaluated as another licence,
   * whatever --assume says */
  for (i = 0; a && a->assume && i < a->count; i++) {
    const rc_assignment *it = &a->items[i];
    if (strcmp(it->profile, "portal"))
      continue;
    if (it->name ? rc_pattern_match(it->name, role->name)
                 : !strcmp(it->guid, role->guid)) {
      *origin = it->origin;
      return it->profile;
    }
  }
  if (a && a->assume) {
    *origin = a->assume_origin;
    return a->assume;
  }
  for (i = 0; a && i < a->count; i++) {
    const rc_assignment *it = &a->items[i];
    if (it->name ? rc_pattern_match(it->name, role->name)
                 : !strcmp(it->guid, role->guid)) {
      *origin = it->origin;
      return it->profile;
    }
  }
  if (says_team_member(role->name)) {
    *origin = "role name";
    return "team-member";
  }
  return NULL;
}

/* ---- the configuration file ---- */

static const char *text_of(rc_arena *a, const rc_xnode *n)
{
  return rc_arena_strdup(a, n->text);
}

static const char *attr_dup(rc_arena *a, const rc_xnode *n, const char *name)
{
  const char *v = rc_xnode_attr(n, name);
  return v ? rc_arena_strdup(a, v) : NULL;
}

/* <team-members-app name="..."> with its <role name|id> and <table name>
 * lines; the app alone is the first line. */
static int load_app(rc_config *c, rc_ctx *ctx, const rc_xnode *n)
{
  const char *app = attr_dup(&c->arena, n, "name");
  size_t k;
  cfg_app *line = &c->apps[c->napps++];
  memset(line, 0, sizeof(*line));
  line->line = n->line;
  line->app = app;
  for (k = 0; k < n->nchildren; k++) {
    const rc_xnode *e = n->children[k];
    line = &c->apps[c->napps++];
    memset(line, 0, sizeof(*line));
    line->line = e->line;
    line->app = app;
    if (!strcmp(e->name, "table")) {
      line->table = attr_dup(&c->arena, e, "name");
      continue;
    }
    line->role = attr_dup(&c->arena, e, "name");
    line->role_id = attr_dup(&c->arena, e, "id");
    if (!line->role == !line->role_id)
      return rc_fail(ctx, RC_EUSAGE, "%s:%lu: <role> needs either name or id",
                     c->info.path, e->line);
  }
  return app ? RC_OK : rc_fail_nomem(ctx);
}

int rc_config_load(rc_config **out, rc_ctx *ctx, const char *path)
{
  const rc_embedded *xsd = rc_embed_find("config.xsd");
  rc_xdoc *doc = NULL;
  rc_config *c;
  const rc_xnode *root;
  size_t i, k, nsupp = 0;
  int error;

  RC_ASSERT_ARG(ctx, out && path);
  *out = NULL;
  if (!xsd)
    return rc_fail(ctx, RC_ERROR, "the configuration schema is missing");
  error = rc_xdoc_load_file(&doc, ctx, path, (const char *)xsd->data, xsd->len);
  if (error < 0)
    return error;
  c = rc_calloc(1, sizeof(*c));
  if (!c) {
    rc_xdoc_free(doc);
    return rc_fail_nomem(ctx);
  }
  rc_arena_init(&c->arena);
  root = rc_xdoc_root(doc);
  c->info.path = rc_arena_strdup(&c->arena, path);
  /* size the arrays */
  for (i = 0; i < root->nchildren; i++) {
    const rc_xnode *n = root->children[i];
    if (!strcmp(n->name, "assign"))
      c->nassigns++;
    else if (!strcmp(n->name, "rules"))
      c->nrules += n->nchildren;
    else if (!strcmp(n->name, "suppressions"))
      nsupp += n->nchildren;
    else if (!strcmp(n->name, "team-members-app"))
      c->napps += n->nchildren + 1;
  }
  c->assigns =
      rc_arena_alloc(&c->arena, (c->nassigns + 1) * sizeof(cfg_assign));
  c->rules = rc_arena_alloc(&c->arena, (c->nrules + 1) * sizeof(cfg_rule));
  c->apps = rc_arena_alloc(&c->arena, (c->napps + 1) * sizeof(cfg_app));
  c->suppressions =
      rc_arena_alloc(&c->arena, (nsupp + 1) * sizeof(rc_suppression));
  if (!c->info.path || !c->assigns || !c->rules || !c->apps ||
      !c->suppressions) {
    error = rc_fail_nomem(ctx);
    goto done;
  }
  c->nassigns = c->nrules = c->napps = 0;
  for (i = 0; i < root->nchildren && !error; i++) {
    const rc_xnode *n = root->children[i];
    if (!strcmp(n->name, "fail-on")) {
      c->info.fail_on = text_of(&c->arena, n);
    } else if (!strcmp(n->name, "baseline")) {
      c->info.baseline = text_of(&c->arena, n);
    } else if (!strcmp(n->name, "rule-pack")) {
      c->info.rule_pack = text_of(&c->arena, n);
    } else if (!strcmp(n->name, "assign")) {
      cfg_assign *as = &c->assigns[c->nassigns++];
      as->line = n->line;
      as->role = rc_xnode_attr(n, "role");
      as->role_id = rc_xnode_attr(n, "role-id");
      as->license = rc_xnode_attr(n, "license");
      if (!as->role == !as->role_id) {
        error = rc_fail(ctx, RC_EUSAGE,
                        "%s:%lu: <assign> needs either role or role-id", path,
                        n->line);
        break;
      }
      as->role = as->role ? rc_arena_strdup(&c->arena, as->role) : NULL;
      as->role_id =
          as->role_id ? rc_arena_strdup(&c->arena, as->role_id) : NULL;
      as->license = rc_arena_strdup(&c->arena, as->license);
    } else if (!strcmp(n->name, "team-members-app")) {
      error = load_app(c, ctx, n);
    } else if (!strcmp(n->name, "rules")) {
      for (k = 0; k < n->nchildren; k++) {
        const rc_xnode *r = n->children[k];
        cfg_rule *cr = &c->rules[c->nrules++];
        const char *v;
        memset(cr, 0, sizeof(*cr));
        cr->line = r->line;
        cr->id = rc_arena_strdup(&c->arena, rc_xnode_attr(r, "id"));
        if ((v = rc_xnode_attr(r, "severity")) != NULL) {
          cr->has_severity = 1;
          rc_severity_parse(v, &cr->severity);
        }
        if ((v = rc_xnode_attr(r, "enabled")) != NULL) {
          cr->has_enabled = 1;
          cr->enabled = !strcmp(v, "true") || !strcmp(v, "1");
        }
      }
    } else if (!strcmp(n->name, "suppressions")) {
      for (k = 0; k < n->nchildren; k++) {
        const rc_xnode *s = n->children[k];
        rc_suppression *sp = &c->suppressions[c->info.suppression_count++];
        const char *v;
        memset(sp, 0, sizeof(*sp));
        sp->file = c->info.path;
        sp->line = s->line;
        if (!rc_xnode_attr(s, "rule")) {
          error = rc_fail(ctx, RC_EUSAGE, "%s:%lu: <suppress> needs a rule",
                          path, s->line);
          break;
        }
        sp->rule = rc_arena_strdup(&c->arena, rc_xnode_attr(s, "rule"));
        sp->reason = rc_arena_strdup(&c->arena, rc_xnode_attr(s, "reason"));
        if ((v = rc_xnode_attr(s, "role-id")) != NULL) {
          char guid[37];
          if (rc_guid_normalize(guid, v, strlen(v)) < 0) {
            error =
                rc_fail(ctx, RC_EUSAGE, "%s:%lu: role-id '%s' is not a GUID",
                        path, s->line, v);
            break;
          }
          sp->role_id = rc_arena_strdup(&c->arena, guid);
        }
        if ((v = rc_xnode_attr(s, "table")) != NULL)
          sp->table = rc_arena_strdup(&c->arena, v);
        if ((v = rc_xnode_attr(s, "privilege")) != NULL)
          sp->privilege = rc_arena_strdup(&c->arena, v);
        if ((v = rc_xnode_attr(s, "app")) != NULL)
          sp->app = rc_arena_strdup(&c->arena, v);
        if ((v = rc_xnode_attr(s, "scope")) != NULL)
          sp->scope = rc_arena_strdup(&c->arena, v);
        if ((v = rc_xnode_attr(s, "tables")) != NULL) {
          /* "a, b c" -> "a,b,c": the key form of rc_finding.tables */
          char *tables = rc_finding_key__tables(v);
          sp->tables = tables ? rc_arena_strdup(&c->arena, tables) : NULL;
          rc_free(tables);
          if (!sp->tables) {
            error = rc_fail_nomem(ctx);
            break;
          }
        }
      }
    }
  }
  c->info.suppressions = c->suppressions;
done:
  rc_xdoc_free(doc);
  if (error < 0) {
    rc_config_free(c);
    return error;
  }
  *out = c;
  return RC_OK;
}

void rc_config_free(rc_config *config)
{
  if (!config)
    return;
  rc_arena_dispose(&config->arena);
  rc_free(config);
}

const rc_config_info *rc_config_get(const rc_config *config)
{
  return &config->info;
}

int rc_config_apply(const rc_config *config, rc_ctx *ctx, rc_rulepack *pack,
                    rc_assignments *a)
{
  size_t i;
  char origin[1100];
  for (i = 0; i < config->nrules; i++) {
    const cfg_rule *r = &config->rules[i];
    if (rc_rulepack_configure(pack, ctx, r->id,
                              r->has_severity ? &r->severity : NULL,
                              r->has_enabled ? &r->enabled : NULL) < 0)
      return rc_fail(ctx, RC_EUSAGE, "%s:%lu: unknown rule '%s'",
                     config->info.path, r->line, r->id);
  }
  for (i = 0; i < config->nassigns; i++) {
    const cfg_assign *as = &config->assigns[i];
    int error;
    snprintf(origin, sizeof(origin), "%s:%lu", config->info.path, as->line);
    error = rc_assignments_add(a, ctx, pack, as->role, as->role_id, as->license,
                               origin);
    if (error < 0)
      return error;
  }
  for (i = 0; i < config->napps; i++) {
    const cfg_app *ap = &config->apps[i];
    int error;
    snprintf(origin, sizeof(origin), "%s:%lu", config->info.path, ap->line);
    error = rc_assignments_map_app(a, ctx, pack, ap->app, ap->role, ap->role_id,
                                   ap->table, origin);
    if (error < 0)
      return error;
  }
  for (i = 0; i < config->info.suppression_count; i++) {
    const rc_suppression *s = &config->suppressions[i];
    if (!rc_rulepack_find(pack, s->rule))
      return rc_fail(ctx, RC_EUSAGE, "%s:%lu: unknown rule '%s'",
                     config->info.path, s->line, s->rule);
  }
  return RC_OK;
}

/* ---- matching findings ---- */

int rc_analysis_suppress(rc_analysis *analysis, const rc_config *config,
                         void (*stale)(const rc_suppression *s, void *p),
                         void *payload)
{
  size_t i, k;
  int nstale = 0;
  for (i = 0; i < config->info.suppression_count; i++) {
    const rc_suppression *s = &config->suppressions[i];
    /* the finding key; an omitted attribute (NULL) matches anything */
    rc_finding_key want = {s->rule, s->role_id, s->table, s->privilege,
                           s->app,  s->scope,   s->tables};
    int used = 0;
    for (k = 0; k < analysis->nfindings; k++) {
      rc_finding *f = &analysis->findings[k];
      if (f->state != RC_STATE_NEW || !rc_finding_key__match(&want, f))
        continue;
      f->state = RC_STATE_SUPPRESSED;
      f->reason = s->reason;
      used = 1;
    }
    if (!used) {
      nstale++;
      if (stale)
        stale(s, payload);
    }
  }
  return nstale;
}
