/* The rule pack's private layout: sets of tables, privileges and apps, and
 * rules whose conditions are lists of clauses over one role's grants. All
 * strings live in the pack's arena. */
#ifndef RC_RULES_PACK_H
#define RC_RULES_PACK_H

#include "rolecheck/rules.h"
#include "util/arena.h"

#define RC_RIGHTS_ALL 0xffu
#define RC_RIGHTS_CUD                                                          \
  ((1u << RC_RIGHT_CREATE) | (1u << RC_RIGHT_WRITE) | (1u << RC_RIGHT_DELETE))
#define RC_MAX_LICENCES 32

typedef enum { RC_SET_TABLES, RC_SET_PRIVILEGES, RC_SET_APPS } rc_set_kind;

typedef struct {
  const char *name;  /* table or privilege name; app unique name */
  rc_pattern *regex; /* tables: <match regex>; apps: unique-name patterns */
  unsigned rights;   /* the rights the membership applies to */
  rc_depth min_depth, max_depth;
  uint32_t licences;  /* RESTRICTED: licences sufficient for CUD */
  uint32_t uncertain; /* ... and those that probably also qualify */
  long next_same;     /* index of the next entry with this name, or -1 */
} rc_set_entry;

typedef struct {
  const char *id;
  rc_set_kind kind;
  rc_set_entry *entries;
  size_t count;
  size_t cap;
  /* name -> first entry (index + 1), open addressing; built after loading
   * so membership is a hash lookup, not a scan */
  uint32_t *slots;
  size_t nslots;
  int has_regex;
} rc_set;

typedef enum {
  RC_CLAUSE_GRANTS,
  RC_CLAUSE_PRIVILEGES,
  RC_CLAUSE_COUNT,
  RC_CLAUSE_APPMAP,
  RC_CLAUSE_BUILTIN,
  RC_CLAUSE_PERMISSIONS, /* web roles: their table permissions */
} rc_clause_kind;

typedef enum {
  RC_BUILTIN_UNRESOLVED,
  RC_BUILTIN_OWNERSHIP,
  RC_BUILTIN_COPIES,
  RC_BUILTIN_UNKNOWN_TABLE, /* once per input: Microsoft tables the
                               catalogue lacks */
} rc_builtin;

/* What fix does to what a clause flags (rule pack attribute repair). */
typedef enum {
  RC_REPAIR_NONE = 0, /* nothing a role edit can do: the finding stays */
  RC_REPAIR_REMOVE,   /* remove the privilege (permissions: the rights) */
  RC_REPAIR_LOWER,    /* lower the depth to repair_depth */
  RC_REPAIR_MOVE,     /* move to the admin part (--split-admin), else remove */
  RC_REPAIR_DETACH,   /* permissions: unlink the web role */
} rc_repair;

typedef struct {
  rc_clause_kind kind;
  const char *set;           /* set id, or NULL */
  const char *const *tables; /* explicit names, NULL-terminated, or NULL */
  const char *const *except;
  const char *const *names;   /* privileges clause: explicit names */
  const char *const *exclude; /* count: excluded set ids; app-map: 1 set */
  unsigned rights;
  rc_depth min_depth;
  unsigned max; /* count */
  rc_builtin builtin;
  const char *message;   /* replaces the rule's message for these findings */
  rc_repair repair;      /* what fix does with its hits */
  rc_depth repair_depth; /* RC_REPAIR_LOWER: the depth kept */
  /* permissions clauses */
  unsigned perm_rights; /* RC_PERM_* bits, any of which matches */
  long scope;           /* RC_SCOPE_*, 0 = any */
  int webrole_kind;     /* 0 any, 1 the anonymous, 2 the authenticated role */
  rc_pattern *webrole_name;
  int per_webrole; /* one finding per web role listing the tables */
  /* resolved once the pack is complete (rc_pack__index) */
  const rc_set *set_ptr;
  const rc_set **exclude_ptrs; /* NULL-terminated */
} rc_clause;

typedef struct {
  rc_rule_info info;
  rc_clause *clauses;
  size_t nclauses;
  int per_role; /* per="role": every hit of a role makes one finding that
                   lists its privileges (one problem, one finding) */
  /* from its profile (rc_pack__index) */
  int report_always; /* reported for every role, whatever its profile */
  int on_webroles;   /* also runs on every web role */
} rc_rule;

/* What a rule profile means (<profiles>); a profile not listed has both
 * flags 0. */
typedef struct {
  const char *id;
  int report_always; /* report="always" */
  int webroles;      /* web-roles="true" */
} rc_profile;

typedef struct {
  const char *id, *url;
} rc_source;

typedef struct {
  rc_licence_info info;
  int professional;
} rc_licence;

struct rc_rulepack {
  rc_arena arena;
  const char *version;
  const char *as_of;
  rc_source *sources;
  size_t nsources, sources_cap;
  rc_licence *licences;
  size_t nlicences, licences_cap;
  /* the custom tables a Professional licence includes, or -1 for no such
   * allowance */
  long professional_tables;
  rc_profile *profiles;
  size_t nprofiles, profiles_cap;
  const char *webrole_profile; /* the profile of web roles, or NULL */
  rc_set *sets;
  size_t nsets, sets_cap;
  rc_rule *rules;
  size_t nrules, rules_cap;
};

/* The set with this id, or NULL. */
const rc_set *rc_pack__set(const rc_rulepack *pack, const char *id);
/* Does the tables set hold this grant (table, right, depth)? */
int rc_set__has_table(const rc_set *set, const char *table, rc_right right,
                      rc_depth depth);
/* Does the privileges set hold this misc privilege at this depth? */
int rc_set__has_privilege(const rc_set *set, const char *name, rc_depth depth);
/* Any right/depth: is the table named in the set at all? */
int rc_set__names_table(const rc_set *set, const char *table);
/* Does the apps set hold an app with this unique name (an entry's name
 * ignoring ASCII case, or its pattern)? 0 for a NULL set. */
int rc_set__has_app(const rc_set *set, const char *unique_name);
/* The set entry for a table (exact name), or NULL. */
const rc_set_entry *rc_set__entry(const rc_set *set, const char *name);
/* The profile with this id, or NULL. */
const rc_profile *rc_pack__profile(const rc_rulepack *pack, const char *id);
/* Build every set's name index, point clauses at their sets and rules at
 * their profile's flags (after loading and overrides). */
int rc_pack__index(rc_rulepack *pack);
/* Index of a licence id, or -1. */
int rc_pack__licence(const rc_rulepack *pack, const char *id);
/* The licence classes (rc_licence_class bits) that give licence k of the
 * fit table: Team Members, Power Apps (Premium or per app), or the
 * Dynamics 365 application of the same id; 0 for none. */
unsigned rc_pack__licence_classes(const rc_rulepack *pack, size_t k);
/* The number of bits set in v. */
int rc_pack__bits(uint32_t v);

#endif
