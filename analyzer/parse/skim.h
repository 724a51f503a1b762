/* The skim: a byte-level filter between a document's bytes and the XML
 * parser that drops the content of elements no rule reads (forms, views,
 * ribbons, attribute metadata), so the tokenizer never sees it.
 *
 * Each such element keeps its start and end tags, and of its content only
 * an LF for each LF (libxml2 counts lines by LF alone), so every kept
 * element stays on its line.
 * Comments, CDATA sections and processing instructions are recognised, in
 * kept and dropped parts alike; quoted attribute values of the skipped
 * element's own start tags may hold '>' and '/'. Elements of the same name
 * nested inside one are counted.
 *
 * What it does not check: the well-formedness of what it drops (a full
 * parse, --strict-xml, reports it). It passes everything through unchanged
 * when unsure: a document that is not UTF-8 (a UTF-16 or UTF-32 byte order
 * mark or NUL bytes at the start, or an encoding declaration other than
 * UTF-8 or US-ASCII), an XML declaration it cannot read in its first 512
 * bytes, a document type declaration, or an unknown "<!" markup. */
#ifndef RC_PARSE_SKIM_H
#define RC_PARSE_SKIM_H

#include <stddef.h>
#include <string.h>

/* Receives the filtered bytes, in order; a non-zero return stops the skim
 * and is returned by rc_skim_feed() and rc_skim_end(). */
typedef int (*rc_skim_emit)(void *payload, const char *data, size_t len);

#define RC_SKIM_HEAD     512 /* bytes looked at before deciding */
#define RC_SKIM_NAME_MAX 32  /* longest element name matched */
#define RC_SKIM_NAMES    16  /* names looked for; more are ignored */

typedef struct {
  const char *const *names;   /* NULL-terminated: the elements to empty */
  size_t lens[RC_SKIM_NAMES]; /* their lengths */
  unsigned char first[256];   /* 1 for the first byte of a name */
  size_t nnames;
  rc_skim_emit emit;
  void *payload;
  int mode;  /* head, scan or pass */
  int state; /* where in the markup */
  char head[RC_SKIM_HEAD];
  size_t head_len;
  char name[RC_SKIM_NAME_MAX];
  size_t name_len; /* bytes of the name so far; RC_SKIM_NAME_MAX + 1: long */
  size_t skip;     /* index in names of the element being emptied */
  unsigned long depth; /* open elements of that name; 0: keeping */
  int quote;           /* inside a quoted attribute value: its quote */
  int slash;           /* the last byte of a start tag was '/' */
  unsigned match;      /* progress through "--", "[CDATA[" or a closer */
  int bang;            /* after "<!": '-' (a comment) or '[' (CDATA) */
  char aux[4096];      /* line ends and tags made up while emptying */
  size_t aux_len;
  int error; /* emit()'s, once it stopped */
} rc_skim;

/* Move bytes from *data (*len of them) into buf until it holds cap (*have
 * so far): 1 when it is full. For a document's first bytes, held back
 * until there are enough to look at. */
static inline int rc_skim_fill(char *buf, size_t cap, size_t *have,
                               const char **data, size_t *len)
{
  size_t n = cap - *have;
  if (n > *len)
    n = *len;
  memcpy(buf + *have, *data, n);
  *have += n;
  *data += n;
  *len -= n;
  return *have == cap;
}

/* Start a skim of one document. */
void rc_skim_init(rc_skim *s, const char *const *names, rc_skim_emit emit,
                  void *payload);
/* The next len bytes of the document. 0, or emit()'s error. */
int rc_skim_feed(rc_skim *s, const char *data, size_t len);
/* The document's end: what is held back goes out. 0, or emit()'s error. */
int rc_skim_end(rc_skim *s);

#endif
