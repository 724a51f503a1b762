/* Security documents (load_role.c): roles with their privileges, and field
 * security profiles. Built on model/loader.h. */
#ifndef RC_MODEL_LOAD_ROLE_H
#define RC_MODEL_LOAD_ROLE_H

#include "model/loader.h"

/* RC_EV_ROLE_* and RC_EV_PRIVILEGE: a role and its grants. */
int rc_load__role_event(rc_loader *L, const rc_event *ev);
/* RC_EV_PROFILE_* and RC_EV_FIELD_PERMISSION: a field security profile. */
int rc_load__profile_event(rc_loader *L, const rc_event *ev);

#endif
