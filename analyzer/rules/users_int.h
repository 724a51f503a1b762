/* What the files of rc_users_judge() share (users.c: indexes, joins and
 * verdicts; users_sets.c: the distinct sets of roles, judged in batches on
 * several threads; users_usage.c: the non-conformant usage rows joined). */
#ifndef RC_RULES_USERS_INT_H
#define RC_RULES_USERS_INT_H

#include "rolecheck/users.h"
#include "util/arena.h"
#include "util/intern.h"

/* Distinct sets of roles judged per call of rc_analyze(): bounds memory,
 * whatever the number of users. */
#define BATCH 256

/* Threads that judge the batches at most. */
#define MAX_JOBS 64

/* Full Dynamics 365 applications: what makes an attach licence count. */
#define FULL_D365                                                              \
  (RC_LIC_SP | RC_LIC_SE | RC_LIC_CSP | RC_LIC_CSE | RC_LIC_FS | RC_LIC_PO |   \
   RC_LIC_MKT)

/* A finding of a union, as the verdict needs it. */
typedef struct {
  const char *rule;
  const char *profile; /* the rule's: "team-member" or "power-apps" */
  const char *table;
  rc_fit_level level;
} brief;

/* One distinct set of roles. */
typedef struct {
  rc_role_ref *refs;
  size_t nrefs;
  char guid[37];
  rc_role_fit *fit; /* the union's fit, in the users' arena */
  brief *findings;
  size_t nfindings;
} uni;

/* A solution role by id or by name. */
typedef struct {
  const char *key;
  size_t model, role;
} role_key;

/* A licence holder by object id or UPN. */
typedef struct {
  const char *key;
  size_t index;
} holder_key;

/* Users per licence held, for one role. */
typedef struct {
  unsigned classes;
  size_t users;
} per_licence;

typedef struct {
  size_t users, out, teams_only;
  per_licence *by;
  size_t nby, by_cap;
  int named; /* a warning for a join by name was given */
} role_stat;

struct rc_users {
  rc_arena arena;
  rc_user_verdict *users;
  size_t n;
  size_t verdicts[RC_VERDICT_COUNT];
  size_t skips[RC_SKIP_COUNT];
  size_t outside, outside_licensed;
  size_t nunions;
  rc_role_usage *usage;
  size_t nusage;
  rc_usage_join *joins;
  size_t njoins;
  /* what each judging thread kept: the unions' fits and findings */
  rc_arena arenas[MAX_JOBS];
  size_t narenas;
};

/* Everything one judgement needs while it runs. */
typedef struct {
  rc_users *U;
  rc_ctx *ctx;
  const rc_users_input *in;
  const rc_rulepack *pack;
  role_key *by_id, *by_name;
  size_t nroles;
  size_t *offset;              /* first global role index of each model */
  const rc_role_fit **own_fit; /* each role's own fit, by global index */
  role_stat *stats;
  holder_key *by_oid, *by_upn;
  size_t nholders;
  unsigned char *holder_seen;
  rc_intern union_keys;
  uni *unions;
  size_t nunions, unions_cap;
  /* role ids in no input, each warned about once */
  rc_intern unknown;
  size_t *unknown_users;
  size_t unknown_cap;
} judge;

/* The union of v's known roles: its index in J->unions, added when new.
 * RC_OK or RC_ENOMEM. */
int rc_users__union_of(judge *J, const rc_user_verdict *v, size_t *out);
/* Judge every union with the rule engine, on in->jobs threads. RC_OK or
 * an error, its message in J->ctx. */
int rc_users__judge_all(judge *J);
/* Join the usage rows to the users (sorted already) and their roles. */
int rc_users__join_usage(judge *J);

#endif
