/* Where a finding is, in the forms CI consumers want: a path relative to
 * the source root (GitHub), an absolute path (Azure), a percent-encoded URI
 * (SARIF), with a zip entry split off ("x.zip!/customizations.xml"). */
#ifndef RC_REPORT_LOCATION_H
#define RC_REPORT_LOCATION_H

#include "util/buf.h"

typedef struct {
  rc_buf abs;        /* absolute path of the file or zip */
  rc_buf rel;        /* relative to the source root (when in_root) */
  rc_buf uri;        /* SARIF uri: encoded rel (or file:///abs), with !/entry */
  const char *entry; /* zip entry, or NULL (points into the file string) */
  int in_root;
} rc_location;

/* root: absolute source root; cwd: absolute working directory. */
int rc_location_init(rc_location *loc, const char *file, const char *root,
                     const char *cwd);
void rc_location_dispose(rc_location *loc);
/* The absolute working directory, or "/" when it cannot be read. */
void rc_location_cwd(char *buf, size_t cap);
/* SARIF's %SRCROOT%: the root's absolute file: URI, with a trailing slash.
 * RC_OK or RC_ENOMEM. */
int rc_location_root_uri(char *buf, size_t cap, const char *root,
                         const char *cwd);

#endif
