/* The rule engine's shared state, at the bottom of the engine: the engine
 * struct, a role's grants flattened for the clauses, and what every
 * evaluator (engine.c, builtin.c, webrole.c, tmapps.c) uses to turn what it
 * found into findings: message templates, finding emission, the texts
 * several rules print (emit.c). emit.c calls none of the evaluators. */
#ifndef RC_RULES_EMIT_H
#define RC_RULES_EMIT_H

#include <stdint.h>

#include "rules/analysis.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/intern.h"

/* The cap on a text built for a finding: no real input reaches it. */
#define RC_TEXT_MAX (1u << 20)

/* One grant on a table or pseudo-entity, flattened for the clauses. */
typedef struct {
  const char *table;
  rc_right right;
  rc_depth depth;
  const char *privilege;
  const char *file;
  unsigned long line;
  const rc_table *tb; /* the table; NULL for a pseudo-entity */
  size_t grant;       /* its index in rc_model_grant() */
  int metadata;  /* a pseudo-entity (Entity, Attribute, ...), not a table */
  uint32_t sets; /* sets naming the table (bit = set index), all ones when
                    not computed */
} rc_tgrant;

typedef struct {
  rc_ctx *ctx;
  rc_analysis *an;
  const rc_rulepack *pack;
  const rc_assignments *assign; /* the roles' profiles (TM008 per app) */
  rc_model *const *models;
  size_t nmodels;
  /* per model: which sets name each table (a set's qualifiers are checked
   * only when its bit is set) */
  uint32_t *table_sets;
  size_t table_sets_model;
  /* the same by table name, for every model: the sets' names and patterns
   * are looked up once per name, not once per model (a users run judges
   * thousands of models with the same tables) */
  rc_intern set_names;
  rc_arena set_names_arena;
  uint32_t *name_sets;
  size_t name_sets_cap;
  /* all findings, reported or not, for fit */
  rc_finding *all;
  size_t nall, all_cap;
  int *reported;
  size_t reported_cap;
} rc_engine;

/* One role as the clauses see it. */
typedef struct {
  const rc_model *m;
  size_t ri;
  const rc_role *role;
  rc_tgrant *grants; /* tables and pseudo-entities; free with rc_free() */
  size_t ngrants;
} rc_role_view;

/* A {name} of a message template and its value. */
typedef struct {
  const char *name;
  const char *value;
} rc_var;

/* Fill the fields every finding of role ri of model mi has, expand the
 * clause's message (or the rule's) and fix with vars (which win over
 * {role}, {solution}, {version} and {id}) and record f, reported or only
 * for the licence fit. RC_OK or RC_ENOMEM (set in the context). */
int rc_emit__finding(rc_engine *E, const rc_rule *rule, const rc_clause *clause,
                     size_t mi, size_t ri, rc_finding *f, const rc_var *vars,
                     size_t nvars, int reported);
/* The same for web role wi ({webrole} and {role} are its name); always
 * reported. */
int rc_emit__webrole(rc_engine *E, const rc_rule *rule, const rc_clause *c,
                     size_t mi, size_t wi, rc_finding *f, const rc_var *vars,
                     size_t nvars);

/* Record what the finding just emitted flags (when it is reported): grant
 * g of its role, or permission p of its web role with the rights matched.
 * RC_OK or RC_ENOMEM. */
int rc_emit__flag(rc_engine *E, const rc_clause *c, size_t g, size_t p,
                  unsigned perm_rights);

/* The key form of a list of tables ("a, b" -> "a,b", sorted), in the
 * analysis's arena; NULL on ENOMEM. */
const char *rc_emit__key_tables(rc_engine *E, const char *list);
/* The licences sufficient for a restricted table, as messages name them
 * ("Dynamics 365 Field Service or Project Operations"); NULL on ENOMEM. */
const char *rc_emit__licences(rc_engine *E, const char *table);
/* An input's solution unique name, or its path when it has none. */
const char *rc_emit__solution_name(const rc_model *m);

/* Is name in the NULL-terminated list (NULL: an empty list)? */
int rc_emit__in_list(const char *const *list, const char *name);
/* Bit of a set in rc_tgrant.sets, or 0 when sets are too many to track. */
uint32_t rc_emit__set_bit(const rc_rulepack *pack, const rc_set *set);
/* Fill rv->grants from the grants of role rv->ri of model mi (rv->m,
 * rv->ri and rv->role set by the caller). RC_OK or RC_ENOMEM. */
int rc_emit__role_view(rc_engine *E, rc_role_view *rv, size_t mi);

#endif
