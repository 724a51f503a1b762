/* The built-in checks (<builtin check="..."/>), what the rule pack's
 * vocabulary cannot express: SOL001 unresolved privilege names and SOL002
 * depths the table's ownership forbids (per role), SOL003 role copies that
 * differ and SOL004 Microsoft tables the catalogue lacks (once per pack). */
#ifndef RC_RULES_BUILTIN_H
#define RC_RULES_BUILTIN_H

#include "rules/emit.h"

/* A builtin clause c of rule on role rv of model mi; the checks that run
 * once per pack do nothing here. RC_OK or an error. */
int rc_builtin__role(rc_engine *E, const rc_rule *rule, const rc_clause *c,
                     const rc_role_view *rv, size_t mi, int reported);
/* The checks of rule that run once over every input (its first clause,
 * when that is one of them). RC_OK or an error. */
int rc_builtin__pack(rc_engine *E, const rc_rule *rule);

#endif
