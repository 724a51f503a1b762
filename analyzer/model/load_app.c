/* Model-driven apps: AppModule.xml or the <AppModules> of
 * customizations.xml (the unique and display names, the tables an app lists
 * and the roles it maps); a _managed twin is counted once. */
#include "model/load_app.h"

#include <string.h>

#include "util/alloc.h"
#include "util/ascii.h"
#include "util/error.h"

/* Append s to a growable list of strings. */
static int push_str(const char ***items, size_t *n, size_t *cap, const char *s)
{
  void *p = (void *)*items;
  if (rc_array_reserve(&p, cap, *n + 1, sizeof(char *)) < 0)
    return RC_ENOMEM;
  *items = p;
  (*items)[(*n)++] = s;
  return RC_OK;
}

void rc_load__app_drop_open(rc_loader *L)
{
  if (L->app >= 0) {
    rc_free(L->m->apps[L->app].tables);
    rc_free(L->m->apps[L->app].roles);
    L->m->apps[L->app].tables = NULL;
    L->m->apps[L->app].roles = NULL;
    L->app = -1;
  }
}

int rc_load__app_event(rc_loader *L, const rc_event *ev)
{
  rc_model *m = L->m;
  rc_app_rec *a;
  if (ev->kind == RC_EV_APP_BEGIN) {
    void *apps = m->apps;
    rc_load__app_drop_open(L);
    if (rc_array_reserve(&apps, &m->apps_cap, m->napps + 1, sizeof(*m->apps)) <
        0)
      return rc_fail_nomem(L->ctx);
    m->apps = apps;
    a = &m->apps[m->napps];
    memset(a, 0, sizeof(*a));
    a->pub.file = rc_arena_strdup(&m->arena, L->doc);
    a->pub.line = ev->line;
    a->pub.unique_name = "";
    if (!a->pub.file)
      return rc_fail_nomem(L->ctx);
    L->app = (long)m->napps;
    L->app_duplicate = 0;
    return RC_OK;
  }
  if (L->app < 0)
    return RC_OK;
  a = &m->apps[L->app];
  switch (ev->kind) {
  case RC_EV_APP_NAME: {
    size_t idx;
    int added;
    if (rc_intern_add(&m->app_names, &m->arena, ev->text.s, ev->text.len, &idx,
                      &added) < 0)
      return rc_fail_nomem(L->ctx);
    a->pub.unique_name = m->app_names.keys[idx];
    L->app_duplicate = !added; /* a _managed twin: counted once */
    break;
  }
  case RC_EV_APP_DISPLAY: {
    int lang = rc_loader__is_1033(ev->localized.language);
    if (ev->localized.description.s &&
        (!a->pub.display_name || (lang && !a->display_lang))) {
      a->pub.display_name = rc_loader__dup(L, ev->localized.description);
      a->display_lang = lang;
      if (!a->pub.display_name)
        return rc_fail_nomem(L->ctx);
    }
    break;
  }
  case RC_EV_APP_COMPONENT:
    if (rc_loader__is_table_type(ev->component.type) &&
        ev->component.schema_name.s) {
      char logical[RC_NAME_MAX];
      const char *s;
      if (rc_ascii_lower(logical, sizeof(logical), ev->component.schema_name.s,
                         ev->component.schema_name.len) < 0)
        break;
      s = rc_arena_strdup(&m->arena, logical);
      if (!s ||
          push_str(&a->tables, &a->pub.table_count, &a->tables_cap, s) < 0)
        return rc_fail_nomem(L->ctx);
      a->pub.tables = a->tables;
    }
    break;
  case RC_EV_APP_ROLE:
    if (ev->app_role.id.s) {
      char key[RC_NAME_MAX];
      const char *s;
      rc_loader__role_key(key, sizeof(key), ev->app_role.id.s,
                          ev->app_role.id.len);
      s = rc_arena_strdup(&m->arena, key);
      if (!s || push_str(&a->roles, &a->pub.role_count, &a->roles_cap, s) < 0)
        return rc_fail_nomem(L->ctx);
      a->pub.role_ids = a->roles;
    }
    break;
  case RC_EV_APP_END:
    L->app = -1;
    if (L->app_duplicate || !a->pub.unique_name[0]) {
      rc_free(a->tables);
      rc_free(a->roles);
    } else {
      m->napps++;
    }
    break;
  default:
    break;
  }
  return RC_OK;
}
