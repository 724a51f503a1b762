/* libxml2 SAX2 push parsing (the only libxml2 user): chunks from a stream go
 * to xmlParseChunk; start/end/characters are forwarded with attribute values
 * as spans; depth and attribute length are bounded by rc_limits. */
#include "parse/xml.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <pthread.h>
#include <string.h>

#include "parse/skim.h"
#include "parse/xmlerr.h"
#include "util/alloc.h"
#include "util/error.h"

typedef struct {
  rc_ctx *ctx;
  xmlParserCtxtPtr parser;
  xmlSAXHandler sax;
  char first[4]; /* the first bytes, for the parser's encoding detection */
  size_t nfirst;
  const rc_xml_handler *h;
  void *payload;
  const char *display;
  unsigned depth;
  int skipping; /* inside a subtree the handler skips */
  unsigned skip_depth;
  int text_on; /* characters() is delivered for the element at text_depth */
  unsigned text_depth;
  int error;                    /* first error from a handler or a limit */
  int xml_failed;               /* libxml2 reported a fatal error */
  int xml_nomem;                /* ... that it ran out of memory */
  unsigned long alloc_failures; /* rc_alloc_failures() at the start */
  char xml_msg[256];            /* its message */
  unsigned long xml_line;
  /* attribute values with '&' decoded (see decode_amp) */
  char *amp_buf;
  size_t amp_cap;
  /* root sniffing */
  char *root_buf;
  size_t root_cap;
  int root_seen;
} parse_state;

static unsigned long line_of(parse_state *st)
{
  return st->parser ? (unsigned long)xmlSAX2GetLineNumber(st->parser) : 0;
}

unsigned long rc_xml_line(void *parser)
{
  return (unsigned long)xmlSAX2GetLineNumber(parser);
}

static void stop(parse_state *st, int error)
{
  if (!st->error)
    st->error = error;
  xmlStopParser(st->parser);
}

static void on_text(void *ud, const xmlChar *s, int len);

static const char AMP_REF[] = "&#38;";
#define AMP_REF_LEN (sizeof(AMP_REF) - 1)

static int has_amp_ref(const char *v, size_t len)
{
  size_t k;
  for (k = 0; k + AMP_REF_LEN <= len; k++) {
    if (v[k] == '&' && !memcmp(v + k, AMP_REF, AMP_REF_LEN))
      return 1;
  }
  return 0;
}

/* Without entity substitution (which stays off: no external entities),
 * libxml2 hands every '&' of an attribute value over as "&#38;", whether
 * the document wrote &amp;, &#38; or &#x26;. Decode it into st->amp_buf. */
static int decode_amp(parse_state *st, rc_xml_attr *attrs, size_t n)
{
  size_t need = 0, used = 0, i, k;
  for (i = 0; i < n; i++) {
    if (has_amp_ref(attrs[i].value, attrs[i].len))
      need += attrs[i].len;
  }
  if (!need)
    return RC_OK;
  if (need > st->amp_cap) {
    char *grown = rc_realloc(st->amp_buf, need);
    if (!grown)
      return rc_fail_nomem(st->ctx);
    st->amp_buf = grown;
    st->amp_cap = need;
  }
  for (i = 0; i < n; i++) {
    const char *v = attrs[i].value;
    size_t len = attrs[i].len, start = used;
    if (!has_amp_ref(v, len))
      continue;
    for (k = 0; k < len;) {
      if (k + AMP_REF_LEN <= len && !memcmp(v + k, AMP_REF, AMP_REF_LEN)) {
        st->amp_buf[used++] = '&';
        k += AMP_REF_LEN;
      } else {
        st->amp_buf[used++] = v[k++];
      }
    }
    attrs[i].value = st->amp_buf + start;
    attrs[i].len = used - start;
  }
  return RC_OK;
}

static void on_start(void *ud, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri, int nb_namespaces,
                     const xmlChar **namespaces, int nb_attributes,
                     int nb_defaulted, const xmlChar **attributes)
{
  parse_state *st = ud;
  rc_xml_attr attrs[RC_XML_MAX_ATTRS];
  size_t n = 0;
  int i, error;
  (void)prefix;
  (void)uri;
  (void)nb_namespaces;
  (void)namespaces;
  (void)nb_defaulted;
  if (st->error)
    return;
  if (st->root_buf) {
    size_t len = strlen((const char *)localname);
    if (len >= st->root_cap)
      len = st->root_cap - 1;
    memcpy(st->root_buf, localname, len);
    st->root_buf[len] = '\0';
    st->root_seen = 1;
    stop(st, 1);
    return;
  }
  if (st->depth >= st->ctx->limits.max_xml_depth) {
    stop(st, rc_fail(st->ctx, RC_ELIMIT,
                     "%s:%lu: XML nested deeper than %u (--max-xml-depth)",
                     st->display, line_of(st), st->ctx->limits.max_xml_depth));
    return;
  }
  /* every attribute is bounded, skipped or not */
  for (i = 0; i < nb_attributes; i++) {
    const xmlChar **a = attributes + 5 * i;
    size_t len = (size_t)(a[4] - a[3]);
    if (len > st->ctx->limits.max_text_len) {
      stop(st, rc_fail(st->ctx, RC_ELIMIT,
                       "%s:%lu: attribute '%s' longer than %u bytes "
                       "(--max-text)",
                       st->display, line_of(st), (const char *)a[0],
                       st->ctx->limits.max_text_len));
      return;
    }
    if (n < RC_XML_MAX_ATTRS) {
      attrs[n].name = (const char *)a[0];
      attrs[n].value = (const char *)a[3];
      attrs[n].len = len;
      n++;
    }
  }
  if (st->skipping) {
    st->depth++;
    return;
  }
  if ((error = decode_amp(st, attrs, n)) < 0) {
    stop(st, error);
    return;
  }
  error = st->h->start(st->payload, (const char *)localname, st->depth, attrs,
                       n, line_of(st));
  if (error < 0) {
    stop(st, error);
    return;
  }
  if (error == RC_XML_SKIP) {
    st->skipping = 1;
    st->skip_depth = st->depth;
  } else if (error == RC_XML_TEXT && !st->text_on) {
    /* text is delivered only where the handler reads it */
    st->text_on = 1;
    st->text_depth = st->depth;
    st->parser->sax->characters = on_text;
    st->parser->sax->cdataBlock = on_text;
  }
  st->depth++;
}

static void on_end(void *ud, const xmlChar *localname, const xmlChar *prefix,
                   const xmlChar *uri)
{
  parse_state *st = ud;
  int error;
  (void)prefix;
  (void)uri;
  if (st->error)
    return;
  st->depth--;
  if (st->skipping) {
    if (st->depth == st->skip_depth)
      st->skipping = 0;
    return;
  }
  error = st->h->end(st->payload, (const char *)localname, st->depth);
  if (st->text_on && st->depth == st->text_depth) {
    st->text_on = 0;
    st->parser->sax->characters = NULL;
    st->parser->sax->cdataBlock = NULL;
  }
  if (error < 0)
    stop(st, error);
}

static void on_text(void *ud, const xmlChar *s, int len)
{
  parse_state *st = ud;
  int error;
  if (st->error || st->skipping || !st->h || !st->h->text)
    return;
  error = st->h->text(st->payload, (const char *)s, (size_t)len);
  if (error < 0)
    stop(st, error);
}

static void on_subset(void *ud, const xmlChar *name, const xmlChar *ext_id,
                      const xmlChar *sys_id)
{
  parse_state *st = ud;
  (void)name;
  (void)ext_id;
  (void)sys_id;
  if (st->error)
    return;
  stop(st, rc_fail(st->ctx, RC_EINPUT,
                   "%s:%lu: document type declarations are not allowed in "
                   "solution files",
                   st->display, line_of(st)));
}

static void on_error(void *ud, xmlErrorPtr err)
{
  parse_state *st = ud;
  if (!err || err->level < XML_ERR_ERROR || st->xml_failed)
    return;
  st->xml_failed = 1;
  st->xml_nomem = err->code == XML_ERR_NO_MEMORY;
  st->xml_line = (unsigned long)err->line;
  rc_xmlerr_text(st->xml_msg, sizeof(st->xml_msg), err);
}

static void init_sax(xmlSAXHandler *sax)
{
  memset(sax, 0, sizeof(*sax));
  sax->initialized = XML_SAX2_MAGIC;
  sax->startElementNs = on_start;
  sax->endElementNs = on_end;
  /* characters and cdataBlock are switched on per element (on_start) */
  sax->internalSubset = on_subset;
  sax->serror = on_error;
}

/* The parser, made from the document's first bytes (four, so that it sees
 * a byte order mark or declaration whole; fewer for a shorter document).
 * 0, or 1 when out of memory (st->error says so). */
static int make_parser(parse_state *st)
{
  st->parser = xmlCreatePushParserCtxt(&st->sax, st, st->first, (int)st->nfirst,
                                       st->display);
  if (!st->parser) {
    st->error = rc_fail_nomem(st->ctx);
    return 1;
  }
  xmlCtxtUseOptions(st->parser,
                    XML_PARSE_NONET | XML_PARSE_COMPACT | XML_PARSE_HUGE);
  return 0;
}

/* The next bytes of the document for the parser; 1 once it has stopped. */
static int feed(void *ud, const char *data, size_t len)
{
  parse_state *st = ud;
  if (!st->parser) {
    if (!rc_skim_fill(st->first, sizeof(st->first), &st->nfirst, &data, &len))
      return 0;
    if (make_parser(st))
      return 1;
  }
  if (len)
    xmlParseChunk(st->parser, data, (int)len, 0);
  return st->error || st->xml_failed;
}

/* The end of the document. */
static void finish(parse_state *st)
{
  if (!st->parser && st->nfirst && make_parser(st))
    return;
  if (st->parser && !st->error && !st->xml_failed)
    xmlParseChunk(st->parser, NULL, 0, 1);
}

static int run(parse_state *st, rc_stream *stream)
{
  const char *data;
  size_t len;
  int error, skimming;
  rc_skim *skim = NULL;

  /* libxml2's global state is set up once, before several inputs may be
   * parsed on several threads (racing xmlInitParser leaks) */
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, xmlInitParser);
  init_sax(&st->sax);
  rc_xmlerr_quiet();
  st->alloc_failures = rc_alloc_failures();
  error = rc_stream_next(stream, st->ctx, &data, &len);
  if (error < 0)
    return error;
  if (!len)
    return rc_fail(st->ctx, RC_EINPUT, "%s: empty file, not XML", st->display);
  /* what no rule reads is dropped before the parser (--strict-xml: not) */
  skimming = st->h && st->h->skim && !st->ctx->limits.strict_xml;
  if (skimming) {
    skim = rc_malloc(sizeof(*skim));
    if (!skim)
      return rc_fail_nomem(st->ctx);
    rc_skim_init(skim, st->h->skim, feed, st);
  }
  for (;;) {
    if (skimming)
      rc_skim_feed(skim, data, len);
    else
      feed(st, data, len);
    if (st->error || st->xml_failed)
      break;
    error = rc_stream_next(stream, st->ctx, &data, &len);
    if (error < 0)
      break;
    if (!len) {
      if (!skimming || !rc_skim_end(skim))
        finish(st);
      break;
    }
  }
  rc_free(skim);
  if (!error && st->error)
    error = st->error;
  else if (!error && st->xml_failed &&
           (st->xml_nomem || rc_alloc_failures() != st->alloc_failures))
    error = rc_fail_nomem(st->ctx);
  else if (!error && st->xml_failed)
    error = rc_fail(st->ctx, RC_EINPUT, "%s:%lu: malformed XML: %s",
                    st->display, st->xml_line, st->xml_msg);
  xmlFreeParserCtxt(st->parser);
  st->parser = NULL;
  rc_free(st->amp_buf);
  st->amp_buf = NULL;
  st->amp_cap = 0;
  return error;
}

int rc_xml_parse(rc_ctx *ctx, rc_stream *stream, const rc_xml_handler *h,
                 void *payload)
{
  parse_state st;
  memset(&st, 0, sizeof(st));
  st.ctx = ctx;
  st.h = h;
  st.payload = payload;
  st.display = stream->display;
  return run(&st, stream);
}

int rc_xml_root(rc_ctx *ctx, rc_stream *stream, char *buf, size_t cap)
{
  parse_state st;
  int error;
  memset(&st, 0, sizeof(st));
  st.ctx = ctx;
  st.display = stream->display;
  st.root_buf = buf;
  st.root_cap = cap;
  error = run(&st, stream);
  if (st.root_seen)
    return RC_OK;
  if (error >= 0)
    return rc_fail(ctx, RC_EINPUT, "%s: no root element, not XML",
                   stream->display);
  return error;
}
