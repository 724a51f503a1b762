/* Validated small XML documents: libxml2 parse + XSD validation, copied into
 * an arena tree so nothing outside parse/ sees libxml2 types. */
#include "parse/xdoc.h"

#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parse/xmlerr.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/sys.h"

/* Rule packs and configs are small: refuse anything larger. */
#define XDOC_MAX_BYTES (16u << 20)

struct rc_xdoc {
  rc_arena arena;
  rc_xnode *root;
  const char *display;
};

typedef struct {
  char msg[512];
  unsigned long line;
  int seen;
  int nomem;
} first_error;

static void keep_first(void *ud, xmlErrorPtr err)
{
  first_error *fe = ud;
  if (fe->seen || !err || err->level < XML_ERR_ERROR)
    return;
  fe->seen = 1;
  fe->nomem = err->code == XML_ERR_NO_MEMORY;
  fe->line = (unsigned long)err->line;
  rc_xmlerr_text(fe->msg, sizeof(fe->msg), err);
}

static char *trimmed(rc_arena *a, const char *s)
{
  size_t len;
  while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
    s++;
  len = strlen(s);
  while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
                 s[len - 1] == '\n' || s[len - 1] == '\r'))
    len--;
  return rc_arena_strndup(a, s, len);
}

static rc_xnode *copy_node(rc_arena *a, xmlNodePtr n)
{
  rc_xnode *x = rc_arena_alloc(a, sizeof(*x));
  xmlAttrPtr at;
  xmlNodePtr c;
  size_t k;
  xmlChar *text;
  if (!x)
    return NULL;
  memset(x, 0, sizeof(*x));
  x->name = rc_arena_strdup(a, (const char *)n->name);
  x->line = (unsigned long)xmlGetLineNo(n);
  for (at = n->properties; at; at = at->next)
    x->nattrs++;
  for (c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      x->nchildren++;
  x->attrs = rc_arena_alloc(a, (x->nattrs * 2 + 1) * sizeof(char *));
  x->children = rc_arena_alloc(a, (x->nchildren + 1) * sizeof(rc_xnode *));
  if (!x->name || !x->attrs || !x->children)
    return NULL;
  k = 0;
  for (at = n->properties; at; at = at->next) {
    xmlChar *v = xmlNodeListGetString(n->doc, at->children, 1);
    x->attrs[k++] = rc_arena_strdup(a, (const char *)at->name);
    x->attrs[k++] = rc_arena_strdup(a, v ? (const char *)v : "");
    xmlFree(v);
    if (!x->attrs[k - 1] || !x->attrs[k - 2])
      return NULL;
  }
  k = 0;
  for (c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    x->children[k] = copy_node(a, c);
    if (!x->children[k++])
      return NULL;
  }
  /* direct text only (child elements are separate nodes) */
  text = NULL;
  for (c = n->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      text = xmlStrcat(text, c->content);
    }
  }
  x->text = trimmed(a, text ? (const char *)text : "");
  xmlFree(text);
  return x->text ? x : NULL;
}

int rc_xdoc_load(rc_xdoc **out, rc_ctx *ctx, const char *display,
                 const char *data, size_t len, const char *xsd, size_t xsd_len)
{
  first_error fe;
  xmlParserCtxtPtr pctx = NULL;
  xmlDocPtr doc = NULL, schema_doc = NULL;
  xmlSchemaParserCtxtPtr sp = NULL;
  xmlSchemaPtr schema = NULL;
  xmlSchemaValidCtxtPtr vctx = NULL;
  rc_xdoc *x = NULL;
  int error = RC_OK, invalid;
  unsigned long failures = rc_alloc_failures();

  *out = NULL;
  memset(&fe, 0, sizeof(fe));
  if (len > XDOC_MAX_BYTES)
    return rc_fail(ctx, RC_EUSAGE, "%s: larger than %u bytes", display,
                   XDOC_MAX_BYTES);
  rc_xmlerr_quiet();
  pctx = xmlNewParserCtxt();
  if (!pctx)
    return rc_fail_nomem(ctx);
  /* libxml2 2.9 has no per-context structured handler for parsing */
  xmlSetStructuredErrorFunc(&fe, keep_first);
  doc = xmlCtxtReadMemory(pctx, data, (int)len, display, NULL,
                          XML_PARSE_NONET | XML_PARSE_NOBLANKS);
  xmlSetStructuredErrorFunc(NULL, NULL);
  if ((!doc || fe.seen) && (fe.nomem || rc_alloc_failures() != failures)) {
    error = rc_fail_nomem(ctx);
    goto done;
  }
  if (!doc || fe.seen) {
    error = rc_fail(ctx, RC_EUSAGE, "%s:%lu: malformed XML: %s", display,
                    fe.line, fe.seen ? fe.msg : "cannot parse");
    goto done;
  }
  if (doc->intSubset || doc->extSubset) {
    error = rc_fail(ctx, RC_EUSAGE,
                    "%s: document type declarations are not allowed", display);
    goto done;
  }
  /* libxml2 2.9's schema compiler and validator crash when an allocation
   * fails inside them, so the allocation-failure sweep does not reach into
   * them */
  rc_alloc_suspend(1);
  schema_doc =
      xmlReadMemory(xsd, (int)xsd_len, "schema.xsd", NULL, XML_PARSE_NONET);
  sp = schema_doc ? xmlSchemaNewDocParserCtxt(schema_doc) : NULL;
  schema = sp ? xmlSchemaParse(sp) : NULL;
  vctx = schema ? xmlSchemaNewValidCtxt(schema) : NULL;
  if (!vctx) {
    rc_alloc_suspend(0);
    error = rc_fail(ctx, RC_ERROR, "%s: the built-in schema does not load",
                    display);
    goto done;
  }
  xmlSchemaSetValidStructuredErrors(vctx, keep_first, &fe);
  invalid = xmlSchemaValidateDoc(vctx, doc) != 0;
  rc_alloc_suspend(0);
  if (invalid && (fe.nomem || rc_alloc_failures() != failures)) {
    error = rc_fail_nomem(ctx);
    goto done;
  }
  if (invalid) {
    error = rc_fail(ctx, RC_EUSAGE, "%s:%lu: %s", display, fe.line,
                    fe.seen ? fe.msg : "does not match its schema");
    goto done;
  }
  x = rc_calloc(1, sizeof(*x));
  if (!x) {
    error = rc_fail_nomem(ctx);
    goto done;
  }
  rc_arena_init(&x->arena);
  x->display = rc_arena_strdup(&x->arena, display);
  x->root = copy_node(&x->arena, xmlDocGetRootElement(doc));
  if (!x->root || !x->display) {
    error = rc_fail_nomem(ctx);
    goto done;
  }
  *out = x;
  x = NULL;
done:
  rc_xdoc_free(x);
  xmlSchemaFreeValidCtxt(vctx);
  xmlSchemaFree(schema);
  xmlSchemaFreeParserCtxt(sp);
  xmlFreeDoc(schema_doc);
  xmlFreeDoc(doc);
  xmlFreeParserCtxt(pctx);
  return error;
}

int rc_xdoc_load_file(rc_xdoc **out, rc_ctx *ctx, const char *path,
                      const char *xsd, size_t xsd_len)
{
  struct stat st;
  char *data;
  long n;
  size_t got = 0;
  int error, fd = rc_sys_open_read(path, 0);
  *out = NULL;
  if (fd < 0)
    return rc_fail(ctx, RC_EUSAGE, "%s: %s", path, strerror(errno));
  if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
      (unsigned long long)st.st_size > XDOC_MAX_BYTES) {
    close(fd);
    return rc_fail(ctx, RC_EUSAGE, "%s: not a regular file under %u bytes",
                   path, XDOC_MAX_BYTES);
  }
  data = rc_malloc((size_t)st.st_size + 1);
  if (!data) {
    close(fd);
    return rc_fail_nomem(ctx);
  }
  while (got < (size_t)st.st_size) {
    n = rc_sys_read(fd, data + got, (size_t)st.st_size - got);
    if (n <= 0)
      break;
    got += (size_t)n;
  }
  close(fd);
  error = rc_xdoc_load(out, ctx, path, data, got, xsd, xsd_len);
  rc_free(data);
  return error;
}

void rc_xdoc_free(rc_xdoc *doc)
{
  if (!doc)
    return;
  rc_arena_dispose(&doc->arena);
  rc_free(doc);
}

const rc_xnode *rc_xdoc_root(const rc_xdoc *doc)
{
  return doc->root;
}

const char *rc_xdoc_name(const rc_xdoc *doc)
{
  return doc->display;
}

const char *rc_xnode_attr(const rc_xnode *node, const char *name)
{
  size_t i;
  for (i = 0; i + 1 < node->nattrs * 2 + 1 && i < node->nattrs * 2; i += 2) {
    if (!strcmp(node->attrs[i], name))
      return node->attrs[i + 1];
  }
  return NULL;
}
