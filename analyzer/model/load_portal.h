/* Power Pages documents (load_portal.c). Built on model/loader.h. */
#ifndef RC_MODEL_LOAD_PORTAL_H
#define RC_MODEL_LOAD_PORTAL_H

#include "model/loader.h"

/* RC_EV_PPC_*: a Power Pages component, added at its end when it is a web
 * role or a table permission. */
int rc_load__ppc_event(rc_loader *L, const rc_event *ev);
/* RC_EV_CMT_*: Configuration Migration data.xml's adx_webrole and
 * adx_entitypermission records, and the adx_entitypermission_webrole links
 * between them, read in either direction; kept until rc_load__cmt_place. */
int rc_load__cmt_event(rc_loader *L, const rc_event *ev);
/* Add the records data.xml held, placed where the stream named it
 * (display: "data.zip!/data.xml", "folder/data.xml"). */
int rc_load__cmt_place(rc_loader *L, const char *display);
/* A pac pages download: web-roles/<name>.yml (or one webrole.yml listing
 * them, in older downloads) and table-permissions/<name>.yml. */
int rc_load__pages_site(rc_loader *L, rc_container *c);

#endif
