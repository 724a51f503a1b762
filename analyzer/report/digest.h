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
  double cost;      /* per user and month: the lowest of its roles */
  double cost_max;  /* the highest (Power Apps per app: by apps); < 0 unknown */
  long users;       /* of the roles whose users are known; < 0: none known */
  double per_month; /* those users' cost a month; < 0 unknown */
} rc_digest_licence;

typedef struct {
  const rc_rule_info *rule;
  rc_severity severity; /* the highest of its new findings */
  size_t findings, roles;
} rc_digest_rule;

/* Two roles compared: A the larger. */
typedef struct {
  const char *a_name, *a_solution, *b_name, *b_solution;
  size_t same;   /* grants both hold at the same depth */
  size_t depth;  /* privileges both hold at different depths */
  size_t only_a; /* privileges only A holds */
  size_t only_b;
  double share; /* same of all */
} rc_digest_pair;

/* Pairs worth saying: identical, A is B plus at most RC_DIGEST_PLUS
 * privileges, or RC_DIGEST_SIMILAR of their grants the same. */
#define RC_DIGEST_SIMILAR 0.8
#define RC_DIGEST_PLUS    20

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
  rc_digest_pair *pairs; /* most alike first */
  size_t npairs;
  rc_fix *fix;
} rc_digest;

#define RC_DIGEST_TOP 5

/* Compare the roles (--role: those it matches) of rd's inputs into
 * d->pairs (compare.c). RC_OK or RC_ENOMEM. */
int rc_digest__compare(rc_digest *d, const rc_render *rd);
/* "A is B plus 4 privileges", "the same 12 grants", "85 % the same (...)"
 * into buf. */
void rc_digest_pair_text(char *buf, size_t cap, const rc_digest_pair *p);

/* Build the digest of a check render (rd->check gives the prices, what-if
 * and --role). RC_OK or RC_ENOMEM. */
int rc_digest_new(rc_digest **out, rc_ctx *ctx, const rc_render *rd);
void rc_digest_free(rc_digest *d);
/* The digest of a check render: rd->check->cache's (made at its first use,
 * one with and one without a what-if), else a new one. Give it back with
 * rc_digest_release(). RC_OK or RC_ENOMEM. */
int rc_digest_acquire(rc_digest **out, rc_ctx *ctx, const rc_render *rd);
/* Frees d unless rd->check->cache holds it. */
void rc_digest_release(const rc_render *rd, rc_digest *d);
/* "remove or lower 3 privileges and Team Members is enough (saves 97.00 per
 * user and month)": the role's fix list in one sentence, into buf. */
void rc_digest_sentence(char *buf, size_t cap, const rc_digest_role *r,
                        const rc_prices *prices);

/* "8.00", "5.00-10.00" (a licence whose roles cost differently) or "-",
 * into buf. */
void rc_digest_cost_range(char *buf, size_t cap, const rc_digest_licence *l);
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
void rc_digest_html_compare(FILE *out, const rc_digest *d);
/* The check JSON's "similarRoles" (NULL on ENOMEM). */
json_t *rc_digest_pairs_json(const rc_digest *d);

#endif
