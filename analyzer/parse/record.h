/* A flat record read from a portal source: keys with a scalar value or a
 * list of scalars. JSON payloads of Power Pages components, pac pages YAML
 * files and Configuration Migration records all become records, so one
 * interpretation (model/portal.c) serves the three sources. */
#ifndef RC_PARSE_RECORD_H
#define RC_PARSE_RECORD_H

#include <stddef.h>

#include "rolecheck/error.h"
#include "util/arena.h"

typedef struct {
  const char *key;
  const char *value;       /* scalar as text ("true", "756150000"), or NULL */
  const char *const *list; /* list of scalars, NULL-terminated, or NULL */
  size_t nlist;
} rc_field;

typedef struct {
  rc_field *fields;
  size_t count;
  size_t cap;
  unsigned long line; /* where the record starts */
} rc_record;

/* Add a scalar or (value NULL) an empty list; strings are copied into a. */
int rc_record_set(rc_record *r, rc_arena *a, const char *key,
                  const char *value);
/* Append one scalar to the list of key (created if absent). */
int rc_record_push(rc_record *r, rc_arena *a, const char *key,
                   const char *item);
void rc_record_dispose(rc_record *r);
/* The field for key, trying "mspp_<key>", "adx_<key>", then "<key>". */
const rc_field *rc_record_get(const rc_record *r, const char *key);

/* Parse a JSON object (a Power Pages component payload) into a record.
 * Errors name display and line: "x.zip!/powerpagecomponents/../
 * powerpagecomponent.xml:3: invalid JSON in <content>: ...". */
int rc_parse_json_record(rc_ctx *ctx, const char *display, unsigned long line,
                         const char *text, size_t len, rc_arena *a,
                         rc_record *out);

/* Parse a YAML file holding one mapping (a pac pages record file) or a
 * list of mappings (the older webrole.yml); each becomes a record passed to
 * fn, which owns nothing after it returns. */
typedef int (*rc_record_fn)(const rc_record *record, void *payload);
int rc_parse_yaml_records(rc_ctx *ctx, const char *display, const char *text,
                          size_t len, rc_arena *a, rc_record_fn fn,
                          void *payload);

#endif
