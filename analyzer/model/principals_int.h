/* What the readers of rc_principals share (principals.c: the set, its
 * settling and the Configuration Migration data.xml; principals_webapi.c:
 * the Dataverse Web API pages, parsed as events on any thread). */
#ifndef RC_MODEL_PRINCIPALS_INT_H
#define RC_MODEL_PRINCIPALS_INT_H

#include <stddef.h>

#include "rolecheck/tenant.h"
#include "util/arena.h"

typedef struct {
  rc_role_grant *items;
  size_t n, cap;
} grants;

typedef struct {
  const char **items;
  size_t n, cap;
} strs;

typedef struct {
  rc_principal_user pub;
  grants roles, effective;
  strs teams;
  size_t seq;
} user;

typedef struct {
  rc_principal_team pub;
  grants roles;
  size_t seq;
} team;

/* What is known of a role copy: from data.xml role records and from every
 * expanded assignment. */
typedef struct {
  const char *id, *root, *name, *bu;
} role_rec;

/* A many-to-many row of data.xml, applied when the set settles. */
enum { L_USER_ROLE, L_TEAM_ROLE, L_MEMBER };
typedef struct {
  int kind;
  const char *a, *b; /* user or team; role or team */
} m2m_link;

struct rc_principals {
  rc_arena arena;
  user *users;
  size_t nu, capu;
  team *teams;
  size_t nt, capt;
  role_rec *roles;
  size_t nr, capr;
  m2m_link *links;
  size_t nl, capl;
  size_t seq;
  int one_thread; /* rc_principals_set_jobs(p, 1): no page parsed ahead */
};

/* ---- building (principals.c) ---- */

int rc_principals__grant_add(grants *g, const rc_role_grant *r);
int rc_principals__str_add(strs *s, const char *v);
int rc_principals__role_add(rc_principals *p, const char *id, const char *root,
                            const char *name, const char *bu);
/* A new user or team with this id, read from file; NULL: out of memory. */
user *rc_principals__user_new(rc_principals *p, const char *id,
                              const char *file);
team *rc_principals__team_new(rc_principals *p, const char *id,
                              const char *file);
/* A copy of s[0..len) in p without surrounding spaces; NULL: no memory. */
const char *rc_principals__copy(rc_principals *p, const char *s, size_t len);
/* The normalised GUID s[0..len) spells (white space around it aside),
 * copied into p, in *out: RC_OK, RC_EINPUT when s is NULL or spells none,
 * RC_ENOMEM when the copy cannot be made (*out NULL for both). */
int rc_principals__guid(rc_principals *p, const char *s, size_t len,
                        const char **out);
/* A lookup or object id: normalised when it is a GUID, kept as given
 * otherwise; "" for s NULL; NULL when out of memory. */
const char *rc_principals__ref(rc_principals *p, const char *s, size_t len);

/* A data.xml relationship (L_*) between a and b, applied when the set
 * settles; RC_OK or RC_ENOMEM. */
int rc_principals__link_add(rc_principals *p, int kind, const char *a,
                            const char *b);

/* ---- Configuration Migration data (principals_cmt.c) ---- */

/* Read the data.xml at path, or (zip) the data.xml of the data.zip at
 * path, into p, unsettled; RC_OK or the failure on ctx. */
int rc_principals__read_cmt(rc_principals *p, rc_ctx *ctx, const char *path,
                            int zip);

/* ---- Web API pages (principals_webapi.c) ---- */

typedef struct rc_webapi_page rc_webapi_page;

/* Read and parse the page at path, its JSON from offset skip (after a byte
 * order mark and white space), on any thread: RC_OK and *out, or the
 * failure on ctx. Nothing of p is touched. */
int rc_principals__page_parse(rc_ctx *ctx, const char *path, size_t skip,
                              rc_webapi_page **out);
/* Add the page's users or teams to p in order (file: the name they keep),
 * or fail with the first bad record. */
int rc_principals__page_add(rc_principals *p, rc_ctx *ctx, const char *file,
                            const rc_webapi_page *page);
void rc_principals__page_free(rc_webapi_page *page);

#endif
