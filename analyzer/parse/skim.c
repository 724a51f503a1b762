/* The skim (skim.h): one pass over the bytes, a small state machine over
 * the markup. Kept bytes go out as spans of the caller's buffer; while an
 * element is emptied only its line ends (and, at its end, its end tag) go
 * out, through aux. */
#include "parse/skim.h"

#include <stdint.h>
#include <string.h>

enum { M_HEAD, M_SCAN, M_PASS };

enum {
  S_TEXT,      /* character data */
  S_LT,        /* after '<' */
  S_NAME,      /* a start tag's name */
  S_ETAG,      /* an end tag's name, inside an emptied element */
  S_TAG,       /* the rest of a start tag of the emptied name */
  S_BANG,      /* after "<!" */
  S_COMMENT,   /* after "<!--" */
  S_CDATA,     /* after "<![CDATA[" */
  S_PI,        /* after "<?" */
  S_ETAG_REST, /* the emptied element's end tag after its name */
};

void rc_skim_init(rc_skim *s, const char *const *names, rc_skim_emit emit,
                  void *payload)
{
  size_t i;
  memset(s, 0, sizeof(*s));
  s->names = names;
  for (i = 0; i < RC_SKIM_NAMES && names[i]; i++) {
    if (strlen(names[i]) > RC_SKIM_NAME_MAX || !names[i][0])
      break;
    s->lens[i] = strlen(names[i]);
    s->first[(unsigned char)names[i][0]] = 1;
  }
  s->nnames = i;
  s->emit = emit;
  s->payload = payload;
  s->mode = M_HEAD;
  s->state = S_TEXT;
}

static int flush_aux(rc_skim *s)
{
  if (s->aux_len && !s->error)
    s->error = s->emit(s->payload, s->aux, s->aux_len);
  s->aux_len = 0;
  return s->error;
}

static void put_aux(rc_skim *s, const char *d, size_t n)
{
  if (s->aux_len + n > sizeof(s->aux) && flush_aux(s))
    return;
  memcpy(s->aux + s->aux_len, d, n);
  s->aux_len += n;
}

/* n line ends into aux. */
static void put_lines(rc_skim *s, size_t n)
{
  while (n && !s->error) {
    size_t room = sizeof(s->aux) - s->aux_len, k = n < room ? n : room;
    memset(s->aux + s->aux_len, '\n', k);
    s->aux_len += k;
    n -= k;
    if (n)
      flush_aux(s);
  }
}

/* The line ends of dropped bytes d[0..n): libxml2 counts lines by LF
 * alone (a CR, with or without an LF after it, starts no line), so an LF
 * for each of them keeps every later line number. */
static void drop(rc_skim *s, const char *d, size_t n)
{
  const uint64_t low7 = UINT64_C(0x7F7F7F7F7F7F7F7F),
                 lf = UINT64_C(0x0A0A0A0A0A0A0A0A);
  size_t k = 0, lines = 0;
  /* eight bytes at a time: the high bit of each byte that was an LF */
  for (; k + 8 <= n; k += 8) {
    uint64_t w, z;
    memcpy(&w, d + k, 8);
    w ^= lf;
    z = ~(((w & low7) + low7) | w | low7);
    lines += (size_t)(((z >> 7) * UINT64_C(0x0101010101010101)) >> 56);
  }
  for (; k < n; k++)
    lines += d[k] == '\n';
  put_lines(s, lines);
}

/* What aux holds, then d[0..n). */
static void emit_span(rc_skim *s, const char *d, size_t n)
{
  if (!flush_aux(s) && n)
    s->error = s->emit(s->payload, d, n);
}

static int is_space(int c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A byte that ends an element name in a tag. */
static int ends_name(int c)
{
  return is_space(c) || c == '/' || c == '>';
}

static void add_name(rc_skim *s, int c)
{
  if (s->name_len < RC_SKIM_NAME_MAX)
    s->name[s->name_len++] = (char)c;
  else
    s->name_len = RC_SKIM_NAME_MAX + 1;
}

static int name_is(const rc_skim *s, const char *name)
{
  return s->name_len <= RC_SKIM_NAME_MAX && name[0] == s->name[0] &&
         !strncmp(name, s->name, s->name_len) && !name[s->name_len];
}

/* The index in names of the name just read, or -1. */
static long find_name(const rc_skim *s)
{
  size_t i;
  for (i = 0; i < s->nnames; i++) {
    if (name_is(s, s->names[i]))
      return (long)i;
  }
  return -1;
}

/* 1 when p[j..len) may start names[k] and a byte that ends it (or is too
 * short to tell), 0 when it cannot. */
static int may_be(const rc_skim *s, size_t k, const char *p, size_t j,
                  size_t len)
{
  size_t n = s->lens[k];
  if (p[j] != s->names[k][0])
    return 0;
  if (len - j <= n)
    return 1;
  return !memcmp(p + j, s->names[k], n) && ends_name((unsigned char)p[j + n]);
}

/* After a '<' (p[j] the byte after it): 1 when the skim has nothing to do
 * with this markup, so the search for the next '<' can go on (keeping: an
 * end tag or a start tag of another name; emptying: a tag of another
 * name); 0 when the state machine must read it (a comment, CDATA section
 * or processing instruction, a name that matters, or too few bytes left
 * to tell). Attribute values hold no '<', so the next one starts markup. */
static int passes(const rc_skim *s, const char *p, size_t j, size_t len)
{
  size_t k;
  int c;
  if (j >= len)
    return 0;
  c = (unsigned char)p[j];
  if (c == '!' || c == '?')
    return 0;
  if (s->depth) {
    if (c == '/' && ++j >= len)
      return 0;
    return !may_be(s, s->skip, p, j, len);
  }
  if (c == '/' || !s->first[c])
    return 1;
  for (k = 0; k < s->nnames; k++) {
    if (may_be(s, k, p, j, len))
      return 0;
  }
  return 1;
}

/* One byte c of a start tag of the emptied name; after: the index in p
 * after c. At its '>' the element opens (unless the tag ended "/>"): the
 * first one sends what was kept up to here, and dropping starts. */
static void tag_byte(rc_skim *s, int c, const char *p, size_t *keep,
                     size_t after)
{
  if (s->quote) {
    if (c == s->quote)
      s->quote = 0;
    return;
  }
  if (c == '"' || c == '\'') {
    s->quote = c;
    s->slash = 0;
    return;
  }
  if (c != '>') {
    s->slash = c == '/';
    return;
  }
  s->state = S_TEXT;
  if (s->slash)
    return;
  if (!s->depth) {
    emit_span(s, p + *keep, after - *keep);
    *keep = after;
  }
  s->depth++;
}

/* After "<!": "--" opens a comment, "[CDATA[" a CDATA section; anything
 * else (a document type declaration) stops the skim while keeping, and is
 * malformed content while emptying. */
static void bang_byte(rc_skim *s, int c)
{
  const char *want;
  if (!s->match)
    s->bang = c;
  want = s->bang == '-' ? "--" : "[CDATA[";
  if (c != want[s->match]) {
    if (s->depth)
      s->state = S_TEXT;
    else
      s->mode = M_PASS;
    return;
  }
  if (!want[++s->match]) {
    s->state = want[0] == '-' ? S_COMMENT : S_CDATA;
    s->match = 0;
  }
}

/* An end tag's name has ended at c inside an emptied element: the emptied
 * element's own closes one level, and the last one ends the dropping. */
static void end_tag(rc_skim *s, int c, size_t *keep, size_t after)
{
  const char *name = s->names[s->skip];
  s->state = S_TEXT;
  if (!name_is(s, name) || --s->depth)
    return;
  put_aux(s, "</", 2);
  put_aux(s, name, strlen(name));
  if (c == '>')
    put_aux(s, ">", 1);
  else
    s->state = S_ETAG_REST;
  *keep = after;
}

static void scan(rc_skim *s, const char *p, size_t len)
{
  size_t i = 0, keep = 0; /* keep: kept bytes from here not yet sent */
  while (i < len && !s->error && s->mode != M_PASS) {
    int c;
    if (s->state == S_TEXT) {
      /* from '<' to '<' while nothing matters */
      for (;;) {
        const char *lt = memchr(p + i, '<', len - i);
        size_t end = lt ? (size_t)(lt - p) : len;
        if (s->depth)
          drop(s, p + i, end - i);
        i = end;
        if (!lt)
          break;
        if (!passes(s, p, ++i, len)) {
          s->state = S_LT;
          break;
        }
      }
      continue;
    }
    c = (unsigned char)p[i++];
    if (s->depth && c == '\n')
      put_lines(s, 1);
    switch (s->state) {
    case S_LT:
      s->name_len = 0;
      s->match = 0;
      if (c == '!')
        s->state = S_BANG;
      else if (c == '?')
        s->state = S_PI;
      else if (c == '/')
        s->state = s->depth ? S_ETAG : S_TEXT;
      else if (ends_name(c))
        s->state = S_TEXT; /* malformed: "< " */
      else {
        add_name(s, c);
        s->state = S_NAME;
      }
      break;
    case S_NAME: {
      long k;
      if (!ends_name(c)) {
        add_name(s, c);
        break;
      }
      k = s->depth ? (name_is(s, s->names[s->skip]) ? (long)s->skip : -1)
                   : find_name(s);
      s->state = S_TEXT;
      if (k < 0)
        break; /* the rest of the tag holds no '<' */
      s->skip = (size_t)k;
      s->state = S_TAG;
      s->quote = 0;
      s->slash = 0;
      tag_byte(s, c, p, &keep, i);
      break;
    }
    case S_TAG:
      tag_byte(s, c, p, &keep, i);
      break;
    case S_ETAG:
      if (ends_name(c))
        end_tag(s, c, &keep, i);
      else
        add_name(s, c);
      break;
    case S_ETAG_REST:
      if (c == '>')
        s->state = S_TEXT;
      break;
    case S_BANG:
      bang_byte(s, c);
      break;
    case S_COMMENT:
    case S_CDATA: {
      int closer = s->state == S_COMMENT ? '-' : ']';
      if (c == '>' && s->match >= 2)
        s->state = S_TEXT;
      else if (c == closer)
        s->match = s->match < 2 ? s->match + 1 : 2;
      else
        s->match = 0;
      break;
    }
    case S_PI:
      if (c == '>' && s->match)
        s->state = S_TEXT;
      else
        s->match = c == '?';
      break;
    default:
      break;
    }
  }
  if (s->depth && s->mode != M_PASS)
    flush_aux(s);
  else
    emit_span(s, p + keep, len - keep);
}

static int ascii_ieq(const char *a, size_t n, const char *b)
{
  size_t i;
  if (strlen(b) != n)
    return 0;
  for (i = 0; i < n; i++) {
    int x = (unsigned char)a[i];
    if (x >= 'A' && x <= 'Z')
      x += 'a' - 'A';
    if (x != b[i])
      return 0;
  }
  return 1;
}

/* Scan, or pass everything through: see skim.h. */
static int decide(const char *h, size_t n)
{
  const char *end, *enc;
  size_t i = 0;
  if (memchr(h, '\0', n < 4 ? n : 4) ||
      (n >= 2 &&
       (((unsigned char)h[0] == 0xFE && (unsigned char)h[1] == 0xFF) ||
        ((unsigned char)h[0] == 0xFF && (unsigned char)h[1] == 0xFE))))
    return M_PASS;
  if (n >= 3 && !memcmp(h, "\xEF\xBB\xBF", 3))
    i = 3;
  if (n - i < 5 || memcmp(h + i, "<?xml", 5))
    return M_SCAN;
  for (end = h + i; end + 1 < h + n && memcmp(end, "?>", 2); end++)
    ;
  if (end + 1 >= h + n)
    return M_PASS; /* no end of the declaration in sight */
  for (enc = h + i; enc + 8 <= end && memcmp(enc, "encoding", 8); enc++)
    ;
  if (enc + 8 > end)
    return M_SCAN; /* no encoding declared: UTF-8 */
  enc += 8;
  while (enc < end && (is_space(*enc) || *enc == '='))
    enc++;
  if (enc < end && (*enc == '"' || *enc == '\'')) {
    const char *v = enc + 1, *q = memchr(v, *enc, (size_t)(end - v));
    if (q && (ascii_ieq(v, (size_t)(q - v), "utf-8") ||
              ascii_ieq(v, (size_t)(q - v), "us-ascii")))
      return M_SCAN;
  }
  return M_PASS;
}

int rc_skim_feed(rc_skim *s, const char *data, size_t len)
{
  if (s->error)
    return s->error;
  if (s->mode == M_HEAD) {
    if (!rc_skim_fill(s->head, RC_SKIM_HEAD, &s->head_len, &data, &len))
      return 0;
    s->mode = decide(s->head, s->head_len);
    scan(s, s->head, s->head_len);
  }
  if (len && !s->error)
    scan(s, data, len);
  return s->error;
}

int rc_skim_end(rc_skim *s)
{
  if (s->mode == M_HEAD && !s->error) {
    s->mode = decide(s->head, s->head_len);
    scan(s, s->head, s->head_len);
  }
  flush_aux(s);
  return s->error;
}
