/* A finding's identity beyond its fields: the key form of the table list
 * of findings that list tables (TM008). */
#include <stdlib.h>
#include <string.h>

#include "rules/analysis.h"
#include "util/alloc.h"
#include "util/ascii.h"

static int cmp_name(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char *rc_finding_key__tables(const char *list)
{
  size_t len = strlen(list), n = 0, i, k;
  char *copy = rc_malloc(len + 1), *out = rc_malloc(len + 1), *p;
  char **names = rc_malloc((len / 2 + 2) * sizeof(char *));
  if (!copy || !out || !names)
    goto fail;
  for (i = 0; i <= len; i++)
    copy[i] = (char)rc_ascii_tolower((unsigned char)list[i]);
  for (p = copy; *p;) {
    size_t w = strcspn(p, ", \t\r\n");
    if (w) {
      names[n++] = p;
      p += w;
      if (!*p)
        break;
      *p++ = '\0';
    } else {
      p++;
    }
  }
  if (n)
    qsort(names, n, sizeof(*names), cmp_name);
  out[0] = '\0';
  for (i = 0, k = 0; i < n; i++) {
    if (i && !strcmp(names[i - 1], names[i]))
      continue;
    if (k)
      out[k++] = ',';
    memcpy(out + k, names[i], strlen(names[i]) + 1);
    k += strlen(names[i]);
  }
  rc_free(copy);
  rc_free(names);
  return out;
fail:
  rc_free(copy);
  rc_free(out);
  rc_free(names);
  return NULL;
}
