/* A baseline's entries, shared by reading and applying it (rules/baseline.c)
 * and writing it (report/baseline.c). */
#ifndef RC_RULES_BASELINE_H
#define RC_RULES_BASELINE_H

#include "rules/analysis.h"

typedef struct {
  char *rule, *role_id, *table, *privilege, *app;
  char *scope, *tables; /* NULL: absent from the file, matches anything */
  char *solution, *role_name, *severity; /* for readers and for "outside" */
  int matched;
  int outside; /* the role is in none of the inputs: neither matched nor
                  stale */
} rc_baseline_entry;

struct rc_baseline {
  rc_baseline_entry *entries;
  size_t count;
  char **stale;
  size_t nstale;
  size_t noutside;
};

/* The finding key of an entry (scope, tables: NULL for any). */
rc_finding_key rc_baseline__entry_key(const rc_baseline_entry *e);

#endif
