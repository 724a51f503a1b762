/* What kind of tenant export a file is, told by its first bytes, so that
 * `rolecheck users --tenant` takes the files in any order and under any
 * name: a zip (a Configuration Migration data.zip) or XML (its data.xml)
 * holds roles; JSON holds licences (Graph users with assignedLicenses) or
 * roles (Web API systemusers or teams); a CSV is the Microsoft 365 users
 * export when its header has a licence column. */
#include "rolecheck/tenant.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "util/ascii.h"
#include "util/error.h"
#include "util/sys.h"

#define HEAD 65536 /* what is read to tell */

const char *rc_tenant_kind_name(rc_tenant_kind kind)
{
  switch (kind) {
  case RC_TENANT_LICENCES:
    return "licences";
  case RC_TENANT_PRINCIPALS:
    return "roles";
  case RC_TENANT_USAGE:
    return "usage";
  case RC_TENANT_UNKNOWN:
    break;
  }
  return "unknown";
}

/* Does the head hold needle (as a JSON key or text)? */
static int has(const char *head, size_t n, const char *needle)
{
  size_t k = strlen(needle), i;
  for (i = 0; i + k <= n; i++) {
    if (head[i] == needle[0] && !memcmp(head + i, needle, k))
      return 1;
  }
  return 0;
}

static rc_tenant_kind json_kind(const char *head, size_t n)
{
  if (has(head, n, "\"assignedLicenses\"") ||
      has(head, n, "\"AssignedLicenses\"") ||
      has(head, n, "\"userPrincipalName\"") ||
      has(head, n, "\"UserPrincipalName\""))
    return RC_TENANT_LICENCES;
  if (has(head, n, "\"systemuserid\"") || has(head, n, "\"teamid\"") ||
      has(head, n, "$metadata#systemusers") || has(head, n, "$metadata#teams"))
    return RC_TENANT_PRINCIPALS;
  return RC_TENANT_UNKNOWN;
}

/* The first line of a CSV, case aside: the licence export has a Licenses
 * (or German Lizenzen) column. */
static rc_tenant_kind csv_kind(const char *head, size_t n)
{
  size_t end = 0, i;
  char line[4096];
  while (end < n && head[end] != '\n' && head[end] != '\r')
    end++;
  if (end >= sizeof(line))
    end = sizeof(line) - 1;
  rc_ascii_lower(line, sizeof(line), head, end);
  for (i = 0; i + 8 <= end; i++) {
    if (!memcmp(line + i, "licenses", 8) || !memcmp(line + i, "lizenzen", 8))
      return RC_TENANT_LICENCES;
  }
  if (rc_usage_sniff(head, n))
    return RC_TENANT_USAGE;
  /* the users export without its licence column: its reader says so */
  for (i = 0; i + 19 <= end; i++) {
    if (!memcmp(line + i, "user principal name", 19))
      return RC_TENANT_LICENCES;
  }
  return RC_TENANT_UNKNOWN;
}

int rc_tenant_kind_of(rc_ctx *ctx, const char *path, rc_tenant_kind *out)
{
  static const char bom[] = "\xef\xbb\xbf";
  char head[HEAD];
  size_t n = 0, skip = 0;
  int fd;
  *out = RC_TENANT_UNKNOWN;
  fd = rc_sys_open_read(path, RC_SYS_NONBLOCK);
  if (fd < 0)
    return rc_fail(ctx, RC_EINPUT, "%s: cannot open: %s", path,
                   strerror(errno));
  while (n < sizeof(head)) {
    long got = rc_sys_read(fd, head + n, sizeof(head) - n);
    if (got < 0) {
      int e = errno;
      close(fd);
      return rc_fail(ctx, RC_EINPUT, "%s: cannot read: %s", path, strerror(e));
    }
    if (!got)
      break;
    n += (size_t)got;
  }
  close(fd);
  if (n >= 4 && !memcmp(head, "PK\x03\x04", 4)) {
    *out = RC_TENANT_PRINCIPALS;
    return RC_OK;
  }
  if (n >= 3 && !memcmp(head, bom, 3))
    skip = 3;
  while (skip < n && (head[skip] == ' ' || head[skip] == '\t' ||
                      head[skip] == '\r' || head[skip] == '\n'))
    skip++;
  if (skip == n)
    return RC_OK;
  if (head[skip] == '{' || head[skip] == '[')
    *out = json_kind(head + skip, n - skip);
  else if (head[skip] == '<')
    *out = RC_TENANT_PRINCIPALS;
  else
    *out = csv_kind(head + skip, n - skip);
  return RC_OK;
}
