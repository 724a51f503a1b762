/* The Power Platform admin center's non-conformant usage rows, joined to
 * the user each names and to the user's roles that grant what it says they
 * did. */
#include "rules/users_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules/emit.h"
#include "util/alloc.h"
#include "util/ascii.h"
#include "util/buf.h"

/* ---- the non-conformant usage report ---- */

typedef struct {
  const rc_principal_user *user;
  size_t index;
} by_user;

static int cmp_by_user(const void *a, const void *b)
{
  const by_user *x = a, *y = b;
  return ((uintptr_t)x->user > (uintptr_t)y->user) -
         ((uintptr_t)x->user < (uintptr_t)y->user);
}

/* The user a row names: by UPN or id, else by a display name only one
 * user has. */
static const rc_principal_user *row_user(const rc_principals *p,
                                         const rc_usage_row *row)
{
  const rc_principal_user *hit = NULL;
  size_t i;
  if (row->user[0])
    return rc_principals_find_user(p, row->user);
  for (i = 0; row->user_name[0] && i < rc_principals_user_count(p); i++) {
    const rc_principal_user *u = rc_principals_user(p, i);
    if (rc_ascii_casecmp(u->full_name, row->user_name))
      continue;
    if (hit)
      return NULL; /* two people of that name: no guess */
    hit = u;
  }
  return hit;
}

/* "Sales Rep (team Sales EMEA)": v's roles that grant the row's operation
 * on its table. */
static const char *granted_by(judge *J, const rc_user_verdict *v,
                              const rc_usage_row *row)
{
  rc_buf b;
  const char *out;
  size_t i;
  rc_buf_init(&b, RC_TEXT_MAX);
  for (i = 0; i < v->role_count; i++) {
    const rc_user_role *r = &v->roles[i];
    const rc_model *m;
    const rc_table *t;
    if (r->join == RC_JOIN_NONE)
      continue;
    m = J->in->models[r->model];
    t = rc_model_table_by_name(m, row->table);
    if (!t || !rc_cell_depth(
                  rc_model_cell(m, r->role, (size_t)(t - rc_model_table(m, 0))),
                  row->right))
      continue;
    rc_buf_puts(&b, b.len ? "; " : "");
    rc_buf_puts(&b, rc_model_role(m, r->role)->name);
    if (r->team[0]) {
      rc_buf_puts(&b, " (team ");
      rc_buf_puts(&b, r->team);
      rc_buf_puts(&b, ")");
    }
  }
  out = rc_buf_copy(&b, &J->U->arena);
  rc_buf_dispose(&b);
  return out;
}

int rc_users__join_usage(judge *J)
{
  rc_users *U = J->U;
  const rc_usage *usage = J->in->usage;
  size_t n = usage ? rc_usage_row_count(usage) : 0, i;
  by_user *index;
  if (!n)
    return RC_OK;
  U->joins = rc_arena_alloc(&U->arena, n * sizeof(*U->joins));
  index = rc_malloc((U->n + 1) * sizeof(*index));
  if (!U->joins || !index) {
    rc_free(index);
    return RC_ENOMEM;
  }
  for (i = 0; i < U->n; i++)
    index[i] = (by_user){U->users[i].user, i};
  qsort(index, U->n, sizeof(*index), cmp_by_user);
  for (i = 0; i < n; i++) {
    rc_usage_join *j = &U->joins[U->njoins++];
    by_user key, *hit;
    j->row = rc_usage_row_at(usage, i);
    j->user = -1;
    j->granted_by = "";
    key.user = row_user(J->in->principals, j->row);
    hit = key.user ? bsearch(&key, index, U->n, sizeof(*index), cmp_by_user)
                   : NULL;
    if (!hit)
      continue;
    j->user = (long)hit->index;
    j->granted_by = granted_by(J, &U->users[hit->index], j->row);
    if (!j->granted_by) {
      rc_free(index);
      return RC_ENOMEM;
    }
  }
  rc_free(index);
  return RC_OK;
}
