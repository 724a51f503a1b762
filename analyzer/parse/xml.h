/* The XML layer: libxml2's SAX2 push parser fed from an rc_stream in chunks.
 * Only xml.c includes libxml2. Network access is off, entities are never
 * substituted and a DTD is refused. */
#ifndef RC_PARSE_XML_H
#define RC_PARSE_XML_H

#include <stddef.h>

#include "rolecheck/error.h"
#include "source/source.h"

/* An attribute value as a span into the parser's buffer (not NUL-ended). */
typedef struct {
  const char *name; /* NUL-terminated local name */
  const char *value;
  size_t len;
} rc_xml_attr;

#define RC_XML_MAX_ATTRS 32

/* What start() returns besides an error (< 0). */
enum {
  RC_XML_FOLLOW = 0, /* children are reported */
  RC_XML_TEXT = 1,   /* ... and text() receives the element's text */
  RC_XML_SKIP = 2,   /* nothing inside, nor the end, is reported */
};

typedef struct {
  /* depth: 0 for the root element. Returns RC_XML_* or < 0 to stop with
   * that error. Skipped subtrees cost the parser's tokenising only. */
  int (*start)(void *payload, const char *name, unsigned depth,
               const rc_xml_attr *attrs, size_t nattrs, unsigned long line);
  /* the end of every element start() saw; text() gets the text of an
   * element start() asked it for, and of its children that are not
   * skipped */
  int (*end)(void *payload, const char *name, unsigned depth);
  int (*text)(void *payload, const char *s, size_t len);
  /* NULL-terminated names of elements whose start() always returns
   * RC_XML_SKIP, wherever they are: their content is dropped before the
   * parser sees it (parse/skim.h) unless the limits ask for strict_xml.
   * NULL: every byte is parsed. */
  const char *const *skim;
} rc_xml_handler;

/* Parse the whole stream. Errors name the document and line:
 * "x.zip!/customizations.xml:57: malformed XML: ...". */
int rc_xml_parse(rc_ctx *ctx, rc_stream *stream, const rc_xml_handler *h,
                 void *payload);

/* The root element's local name (into buf, cut to cap - 1 bytes): the
 * stream is parsed up to the root's start tag only. */
int rc_xml_root(rc_ctx *ctx, rc_stream *stream, char *buf, size_t cap);

/* The line the parser is on, for handlers that report errors. */
unsigned long rc_xml_line(void *parser);

#endif
