/* A JSON document read as a stream of events (yajl), for exports too large
 * to hold as a tree: a 5,000-row Web API page is 5 MB of text and several
 * times that as a tree of objects, and building the tree costs ten times
 * the tokenising. Only json_events.c includes yajl. Strings are checked to
 * be UTF-8; comments, several documents and trailing bytes are refused. */
#ifndef RC_PARSE_JSON_EVENTS_H
#define RC_PARSE_JSON_EVENTS_H

#include <stddef.h>

#include "rolecheck/error.h"

typedef enum {
  RC_JSON_START_OBJECT,
  RC_JSON_END_OBJECT,
  RC_JSON_START_ARRAY,
  RC_JSON_END_ARRAY,
  RC_JSON_KEY,    /* s: the key, decoded */
  RC_JSON_STRING, /* s: the value, decoded (may hold U+0000) */
  RC_JSON_NUMBER, /* s: the number as written */
  RC_JSON_TRUE,
  RC_JSON_FALSE,
  RC_JSON_NULL
} rc_json_type;

typedef struct rc_json_parser rc_json_parser;

typedef struct {
  rc_json_type type;
  const char *s; /* not NUL-terminated; NULL for the other types */
  size_t len;
  rc_json_parser *parser; /* for rc_json_line() */
} rc_json_event;

/* Called for each event in document order: RC_OK to go on, < 0 (the
 * handler has already failed on ctx) to stop with that error. */
typedef int (*rc_json_fn)(void *payload, const rc_json_event *e);

/* Parse text[0..len) (a byte order mark already skipped). RC_OK, the
 * handler's error, RC_ENOMEM, or RC_EINPUT for a document that is not JSON:
 * "file:12: parse error: premature EOF". */
int rc_json_parse(rc_ctx *ctx, const char *file, const char *text, size_t len,
                  rc_json_fn fn, void *payload);

/* The line of the event's token (1-based), for handlers' messages. */
unsigned long rc_json_line(const rc_json_parser *parser);

#endif
