/* App modules (load_app.c). Built on model/loader.h. */
#ifndef RC_MODEL_LOAD_APP_H
#define RC_MODEL_LOAD_APP_H

#include "model/loader.h"

/* RC_EV_APP_*: an app, counted at its end. */
int rc_load__app_event(rc_loader *L, const rc_event *ev);
/* An <AppModule> whose end never came (a malformed or truncated document):
 * it was never counted, so its lists are freed here. After each document. */
void rc_load__app_drop_open(rc_loader *L);

#endif
