/* The solution's own documents (load_solution.c): the manifest and the
 * tables it defines. Built on model/loader.h. */
#ifndef RC_MODEL_LOAD_SOLUTION_H
#define RC_MODEL_LOAD_SOLUTION_H

#include "model/loader.h"

/* RC_EV_MANIFEST_*, RC_EV_PUBLISHER_*, RC_EV_ROOT_COMPONENT and
 * RC_EV_DEPENDENCY: into the model's rc_solution. */
int rc_load__solution_event(rc_loader *L, const rc_event *ev);
/* RC_EV_ENTITY_*: one table, added or completed at its end. */
int rc_load__entity_event(rc_loader *L, const rc_event *ev);

#endif
