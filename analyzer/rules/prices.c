/* Licence prices (include/rolecheck/prices.h): the built-in list
 * (licence-prices.tsv, embedded) or a client's, per licence class, base
 * and attach; and the cheapest licence or licences that cover a role. */
#include "rolecheck/prices.h"

#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/licence.h"
#include "rules/pack.h"
#include "util/alloc.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/embed.h"
#include "util/error.h"

#define CLASSES     10 /* rc_licence_class bits */
#define MAX_FILE    ((size_t)1 << 20)
#define MAX_COLUMNS 32

struct rc_prices {
  rc_arena arena;
  const char *source;
  const char *currency;
  const char *as_of;
  double price[CLASSES][2]; /* [class][attach]; < 0: none */
};

void rc_prices_free(rc_prices *p)
{
  if (!p)
    return;
  rc_arena_dispose(&p->arena);
  rc_free(p);
}

const char *rc_prices_source(const rc_prices *p)
{
  return p->source;
}

const char *rc_prices_currency(const rc_prices *p)
{
  return p->currency;
}

const char *rc_prices_as_of(const rc_prices *p)
{
  return p->as_of;
}

/* ---- reading ---- */

typedef struct {
  const char *s;
  size_t len;
} span;

/* The tab-separated fields of line[0..len) (quotes around a field
 * dropped); how many, at most MAX_COLUMNS. */
static size_t split(const char *line, size_t len, span *out)
{
  size_t n = 0, i = 0;
  while (n < MAX_COLUMNS) {
    size_t start = i;
    while (i < len && line[i] != '\t')
      i++;
    out[n].s = line + start;
    out[n].len = i - start;
    while (out[n].len && (out[n].s[out[n].len - 1] == ' '))
      out[n].len--;
    while (out[n].len && out[n].s[0] == ' ') {
      out[n].s++;
      out[n].len--;
    }
    if (out[n].len >= 2 && out[n].s[0] == '"' &&
        out[n].s[out[n].len - 1] == '"') {
      out[n].s++;
      out[n].len -= 2;
    }
    n++;
    if (i >= len)
      break;
    i++;
  }
  return n;
}

static int is(const span *f, const char *s)
{
  return f->len == strlen(s) && !memcmp(f->s, s, f->len);
}

static int column(const span *head, size_t n, const char *name)
{
  size_t i;
  for (i = 0; i < n; i++)
    if (is(&head[i], name))
      return (int)i;
  return -1;
}

static int class_index(unsigned bit)
{
  int i = 0;
  while (bit > 1) {
    bit >>= 1;
    i++;
  }
  return i;
}

typedef struct {
  rc_prices *p;
  rc_ctx *ctx;
  const char *file;
  int code, kind, as_of, price, currency; /* column indexes, -1: none */
  const char *usd;                        /* "USD" when the price column is */
} reader;

/* One data row (lineno: for messages). */
static int read_row(reader *r, const span *f, size_t n, unsigned long lineno)
{
  const span none = {"", 0};
  const span *code = r->code < (int)n ? &f[r->code] : &none;
  const span *kind = r->kind >= 0 && r->kind < (int)n ? &f[r->kind] : &none;
  const span *price = r->price < (int)n ? &f[r->price] : &none;
  const span *as_of = r->as_of >= 0 && r->as_of < (int)n ? &f[r->as_of] : &none;
  const span *cur =
      r->currency >= 0 && r->currency < (int)n ? &f[r->currency] : &none;
  const rc_sku *sku;
  unsigned classes;
  char text[64], *end;
  double v;
  int attach;
  if (!is(kind, "base") && !is(kind, "attach"))
    return RC_OK; /* capacity and the like: not a per-user price */
  if (!code->len || code->s[0] == '(')
    return RC_OK; /* a meter: no SKU */
  if (price->len == 0 || price->len >= sizeof(text))
    return rc_fail(r->ctx, RC_EINPUT, "%s:%lu: no price", r->file, lineno);
  memcpy(text, price->s, price->len);
  text[price->len] = '\0';
  v = strtod(text, &end);
  /* not NaN, not infinite, not negative (isfinite() is a float
   * conversion on MinGW) */
  if (*end || !(v >= 0 && v <= DBL_MAX))
    return rc_fail(r->ctx, RC_EINPUT, "%s:%lu: no price in '%s'", r->file,
                   lineno, text);
  {
    const char *c = r->usd;
    if (!c) {
      if (!cur->len)
        return rc_fail(r->ctx, RC_EINPUT, "%s:%lu: no currency", r->file,
                       lineno);
      c = rc_arena_strndup(&r->p->arena, cur->s, cur->len);
      if (!c)
        return rc_fail_nomem(r->ctx);
    }
    if (!r->p->currency)
      r->p->currency = c;
    else if (strcmp(r->p->currency, c))
      return rc_fail(r->ctx, RC_EINPUT,
                     "%s:%lu: a price in %s in a list of prices in %s", r->file,
                     lineno, c, r->p->currency);
  }
  sku = rc_sku__by_id(code->s, code->len);
  if (!sku) {
    rc_warn(r->ctx,
            "%s:%lu: no licence SKU has the String_Id '%.*s': the row "
            "is not used",
            r->file, lineno, (int)code->len, code->s);
    return RC_OK;
  }
  classes = rc_sku__classify(sku, NULL, 0);
  if (!classes || (classes & (classes - 1)))
    return RC_OK; /* a bundle or no class the fit table knows */
  attach = is(kind, "attach");
  if (r->p->price[class_index(classes)][attach] >= 0)
    return RC_OK; /* the first row wins */
  r->p->price[class_index(classes)][attach] = v;
  if (as_of->len &&
      (!r->p->as_of || strncmp(r->p->as_of, as_of->s, as_of->len) < 0)) {
    r->p->as_of = rc_arena_strndup(&r->p->arena, as_of->s, as_of->len);
    if (!r->p->as_of)
      return rc_fail_nomem(r->ctx);
  }
  return RC_OK;
}

static int parse(reader *r, const char *text, size_t len)
{
  span head[MAX_COLUMNS], f[MAX_COLUMNS];
  size_t nhead = 0, pos = 0;
  unsigned long lineno = 0;
  int error = RC_OK;
  if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
    pos = 3;
  while (pos < len && !error) {
    const char *line = text + pos, *nl = memchr(line, '\n', len - pos);
    size_t n = nl ? (size_t)(nl - line) : len - pos;
    pos += n + (nl ? 1 : 0);
    lineno++;
    if (n && line[n - 1] == '\r')
      n--;
    if (!n || line[0] == '#')
      continue;
    if (!nhead) {
      nhead = split(line, n, head);
      r->code = column(head, nhead, "code");
      r->kind = column(head, nhead, "kind");
      r->as_of = column(head, nhead, "as_of");
      r->currency = column(head, nhead, "currency");
      r->price = column(head, nhead, "usd_per_user_month");
      r->usd = r->price >= 0 ? "USD" : NULL;
      if (r->price < 0)
        r->price = column(head, nhead, "per_user_month");
      if (r->code < 0 || r->kind < 0 || r->price < 0 ||
          (!r->usd && r->currency < 0))
        return rc_fail(r->ctx, RC_EINPUT,
                       "%s:%lu: not a price list: the header needs the "
                       "columns code, kind and usd_per_user_month (or "
                       "per_user_month and currency)",
                       r->file, lineno);
      continue;
    }
    error = read_row(r, f, split(line, n, f), lineno);
  }
  if (!error && !nhead)
    return rc_fail(r->ctx, RC_EINPUT, "%s: not a price list: empty", r->file);
  return error;
}

int rc_prices_load(rc_prices **out, rc_ctx *ctx, const char *path)
{
  rc_prices *p = rc_calloc(1, sizeof(*p));
  reader r;
  rc_buf text;
  int error, c;
  *out = NULL;
  if (!p)
    return rc_fail_nomem(ctx);
  rc_arena_init(&p->arena);
  for (c = 0; c < CLASSES; c++)
    p->price[c][0] = p->price[c][1] = -1;
  memset(&r, 0, sizeof(r));
  r.p = p;
  r.ctx = ctx;
  rc_buf_init(&text, MAX_FILE);
  if (path) {
    r.file = p->source = rc_arena_strdup(&p->arena, path);
    error = p->source
                ? rc_buf_read_file(&text, ctx, path, "a price list", RC_EINPUT)
                : rc_fail_nomem(ctx);
    if (!error)
      error = parse(&r, rc_buf_cstr(&text), text.len);
  } else {
    const rc_embedded *e = rc_embed_find("licence-prices.tsv");
    r.file = p->source = "built-in";
    error = e ? parse(&r, (const char *)e->data, e->len)
              : rc_fail(ctx, RC_ERROR, "the built-in price list is missing");
  }
  rc_buf_dispose(&text);
  if (!error && !p->currency)
    error = rc_fail(ctx, RC_EINPUT, "%s: no per-user price", r.file);
  if (!error && !p->as_of)
    p->as_of = "";
  if (error) {
    rc_prices_free(p);
    return error;
  }
  *out = p;
  return RC_OK;
}

/* ---- prices of the fit table's licences ---- */

double rc_prices_of(const rc_prices *p, const rc_rulepack *pack, size_t k,
                    int attach)
{
  /* the lowest class: Power Apps is priced as Premium */
  unsigned classes = rc_pack__licence_classes(pack, k);
  return classes
             ? p->price[class_index(classes & (0u - classes))][attach ? 1 : 0]
             : -1;
}

double rc_prices_per_app(const rc_prices *p)
{
  return p->price[class_index(RC_LIC_PA_PER_APP)][0];
}

/* Dynamics 365 licences mask sold together, as Microsoft's licensing
 * guide has it: the base licence is the highest-priced one, every other at
 * its attach price (its base price when the list has no attach price).
 * < 0 when a price is missing; *base: the licence at its base price. */
static double combined(const rc_prices *p, const rc_rulepack *pack,
                       uint32_t mask, size_t *base)
{
  double top = -1, total;
  size_t k, nl = rc_rulepack_licence_count(pack);
  for (k = 0; k < nl; k++) {
    double v = mask & (1u << k) ? rc_prices_of(p, pack, k, 0) : 0;
    if (v < 0)
      return -1;
    if ((mask & (1u << k)) && v > top) {
      top = v;
      *base = k;
    }
  }
  total = top;
  for (k = 0; k < nl; k++) {
    double a;
    if (k == *base || !(mask & (1u << k)))
      continue;
    a = rc_prices_of(p, pack, k, 1);
    total += a >= 0 ? a : rc_prices_of(p, pack, k, 0);
  }
  return total;
}

/* Does mask cover the role while no licence of it can go? */
static int minimal(const rc_rulepack *pack, const rc_role_fit *fit,
                   uint32_t mask)
{
  uint32_t bit;
  if (rc_role_fit_level(pack, fit, mask) != RC_FIT_YES)
    return 0;
  for (bit = 1; bit && bit <= mask; bit <<= 1) {
    if ((mask & bit) && rc_role_fit_level(pack, fit, mask & ~bit) == RC_FIT_YES)
      return 0;
  }
  return 1;
}

double rc_prices_licence_cost(const rc_prices *p, const rc_rulepack *pack,
                              size_t k, size_t apps, size_t *passes)
{
  double v = rc_prices_of(p, pack, k, 0), per_app = rc_prices_per_app(p);
  *passes = 0;
  if (v >= 0 && apps && per_app >= 0 &&
      (rc_pack__licence_classes(pack, k) & RC_LIC_PA_PER_APP) &&
      (double)apps * per_app < v) {
    *passes = apps;
    v = (double)apps * per_app;
  }
  return v;
}

void rc_prices_role_cost(const rc_prices *p, const rc_rulepack *pack,
                         const rc_role_fit *fit, size_t apps,
                         rc_licence_cost *out)
{
  size_t k, nl = rc_rulepack_licence_count(pack), base = 0, passes;
  uint32_t d365 = 0, mask;
  memset(out, 0, sizeof(*out));
  out->per_user_month = -1;
  for (k = 0; k < nl; k++) {
    const rc_licence_info *li = rc_rulepack_licence(pack, k);
    double v;
    if (li->is_d365)
      d365 |= 1u << k;
    if (fit->fit[k] != RC_FIT_YES ||
        (v = rc_prices_licence_cost(p, pack, k, apps, &passes)) < 0 ||
        (out->per_user_month >= 0 && v >= out->per_user_month))
      continue;
    out->licences = 1u << k;
    out->per_user_month = v;
    out->per_app = passes;
    if (passes)
      snprintf(out->label, sizeof(out->label), "%s per app x%lu (Premium %.2f)",
               li->name, (unsigned long)passes, rc_prices_of(p, pack, k, 0));
    else
      snprintf(out->label, sizeof(out->label), "%s", li->short_name);
  }
  /* Dynamics 365 licences together (none of them spare), when no one
   * licence is cheaper */
  for (mask = 1; mask < (1u << nl); mask++) {
    double v;
    size_t j, used = 0;
    if ((mask & ~d365) || rc_pack__bits(mask) < 2 || rc_pack__bits(mask) > 4 ||
        !minimal(pack, fit, mask))
      continue;
    v = combined(p, pack, mask, &base);
    if (v < 0 || (out->per_user_month >= 0 && v >= out->per_user_month))
      continue;
    out->licences = mask;
    out->per_user_month = v;
    out->per_app = 0;
    out->label[0] = '\0';
    for (j = 0; j < nl; j++) {
      if (mask & (1u << j)) {
        size_t at = strlen(out->label);
        snprintf(out->label + at, sizeof(out->label) - at, "%s%s",
                 used++ ? "+" : "", rc_rulepack_licence(pack, j)->short_name);
      }
    }
    for (j = 0, used = 0; j < nl; j++) {
      size_t at = strlen(out->label);
      if (!(mask & (1u << j)) || j == base || rc_prices_of(p, pack, j, 1) < 0)
        continue;
      snprintf(out->label + at, sizeof(out->label) - at, "%s%s",
               used++ ? ", " : " (", rc_rulepack_licence(pack, j)->short_name);
    }
    if (used) {
      size_t at = strlen(out->label);
      snprintf(out->label + at, sizeof(out->label) - at, " at attach price)");
    }
  }
}
