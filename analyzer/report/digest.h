/* What a consultant hands over, computed once per report from the analysis:
 * the summary (roles by smallest licence, findings by rule, the roles to fix
 * first) and each role's fix list (what to remove or lower, the rule asking
 * for it and the licence it saves). The HTML, xlsx, Markdown and JSON
 * reports all say what this holds, so they say the same. */
#ifndef RC_REPORT_DIGEST_H
#define RC_REPORT_DIGEST_H

#include <jansson.h>

#include "report/render.h"
#include "rolecheck/rolecheck.h"

/* Why a role has a fix list. */
typedef enum {
  RC_DIGEST_NONE = 0, /* nothing to change */
  /* the role is evaluated under a licence profile it breaks: the changes
   * `rolecheck fix` makes so that it fits that licence */
  RC_DIGEST_FIX,
  /* the role fits what it holds, but a cheaper licence is a few changes
   * away (the what-if) */
  RC_DIGEST_SAVE,
} rc_digest_kind;

typedef struct {
  const rc_role_fit *fit;
  const char *name, *id, *solution;
  size_t errors, warnings, notes; /* its new findings */
  rc_licence_cost cost;           /* the cheapest licence today */
  rc_digest_kind kind;
  /* the licence the changes reach: "Team Members"; NULL for a web role
   * (its changes meet the portal rules) */
  const char *goal;
  double to;     /* its cost per user and month; < 0 unknown */
  double saving; /* cost.per_user_month - to; < 0 unknown */
  size_t change_count;
  const rc_fix_change *changes; /* by table, right, privilege */
  size_t open_count;            /* what no role edit settles */
  const rc_fix_open *open;
  long users; /* people holding it (--users-per-role); < 0 unknown */
} rc_digest_role;

typedef struct {
  const char *minimum; /* the fit's smallest licence, as the fit says it */
  size_t roles;
  double cost;      /* per user and month of the first role; < 0 unknown */
  long users;       /* of the roles whose users are known; < 0: none known */
  double per_month; /* those users' cost a month; < 0 unknown */
} rc_digest_licence;

typedef struct {
  const rc_rule_info *rule;
  rc_severity severity; /* the highest of its new findings */
  size_t findings, roles;
} rc_digest_rule;

typedef struct {
  rc_digest_role *roles; /* in fit order: roles, then web roles */
  size_t nroles;
  rc_digest_licence *licences; /* roles only, cheapest first */
  size_t nlicences;
  rc_digest_rule *rules; /* new findings: by severity, count, id */
  size_t nrules;
  size_t *top; /* indexes of roles[] to fix first, at most RC_DIGEST_TOP */
  size_t ntop;
  size_t with_fix; /* roles with a fix list */
  int have_users;  /* the run has users per role */
  /* what the fix lists save a month, over the roles whose users are
   * known; < 0 when none */
  double saving_month;
  rc_fix *fix;
} rc_digest;

#define RC_DIGEST_TOP 5

/* Build the digest of a check render (rd->check gives the prices, what-if
 * and --role). RC_OK or RC_ENOMEM. */
int rc_digest_new(rc_digest **out, rc_ctx *ctx, const rc_render *rd);
void rc_digest_free(rc_digest *d);
/* "remove or lower 3 privileges and Team Members is enough (saves 97.00 per
 * user and month)": the role's fix list in one sentence, into buf. */
void rc_digest_sentence(char *buf, size_t cap, const rc_digest_role *r,
                        const rc_prices *prices);

/* The check JSON's "fixList": one object per role with a fix list (NULL on
 * ENOMEM). */
json_t *rc_digest_json(const rc_digest *d, const rc_render *rd);
/* The Markdown summary's "Roles to fix first" and "Fix list" sections,
 * stopping once the output has grown past cap bytes from start. */
void rc_digest_md(FILE *out, const rc_digest *d, const rc_render *rd,
                  long start, long cap);
/* The HTML report's Summary and Fix list sections. */
void rc_digest_html_summary(FILE *out, const rc_digest *d, const rc_render *rd);
void rc_digest_html_fixes(FILE *out, const rc_digest *d, const rc_render *rd);

#endif
