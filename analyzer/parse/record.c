/* Portal records: JSON payloads (jansson) and YAML files (libyaml) turned
 * into flat key -> scalar or list records. */
#include "parse/record.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "util/alloc.h"
#include "util/error.h"

static rc_field *find(const rc_record *r, const char *key)
{
  size_t i;
  for (i = 0; i < r->count; i++) {
    if (!strcmp(r->fields[i].key, key))
      return &r->fields[i];
  }
  return NULL;
}

static rc_field *field(rc_record *r, rc_arena *a, const char *key)
{
  rc_field *f = find(r, key);
  void *items = r->fields;
  if (f)
    return f;
  if (rc_array_reserve(&items, &r->cap, r->count + 1, sizeof(*r->fields)) < 0)
    return NULL;
  r->fields = items;
  f = &r->fields[r->count];
  memset(f, 0, sizeof(*f));
  f->key = rc_arena_strdup(a, key);
  if (!f->key)
    return NULL;
  r->count++;
  return f;
}

int rc_record_set(rc_record *r, rc_arena *a, const char *key, const char *value)
{
  rc_field *f = field(r, a, key);
  if (!f)
    return RC_ENOMEM;
  if (value) {
    f->value = rc_arena_strdup(a, value);
    return f->value ? RC_OK : RC_ENOMEM;
  }
  return RC_OK;
}

int rc_record_push(rc_record *r, rc_arena *a, const char *key, const char *item)
{
  rc_field *f = field(r, a, key);
  const char **list;
  if (!f)
    return RC_ENOMEM;
  /* lists are short: copy on growth into the arena */
  list = rc_arena_alloc(a, (f->nlist + 2) * sizeof(char *));
  if (!list)
    return RC_ENOMEM;
  if (f->nlist)
    memcpy(list, f->list, f->nlist * sizeof(char *));
  list[f->nlist] = rc_arena_strdup(a, item);
  if (!list[f->nlist])
    return RC_ENOMEM;
  list[++f->nlist] = NULL;
  f->list = list;
  return RC_OK;
}

void rc_record_dispose(rc_record *r)
{
  rc_free(r->fields);
  memset(r, 0, sizeof(*r));
}

const rc_field *rc_record_get(const rc_record *r, const char *key)
{
  char k[128];
  const rc_field *f;
  snprintf(k, sizeof(k), "mspp_%s", key);
  if ((f = find(r, k)) != NULL)
    return f;
  snprintf(k, sizeof(k), "adx_%s", key);
  if ((f = find(r, k)) != NULL)
    return f;
  return find(r, key);
}

/* ---- JSON ---- */

static int json_scalar(json_t *v, char *buf, size_t cap)
{
  switch (json_typeof(v)) {
  case JSON_STRING:
    snprintf(buf, cap, "%s", json_string_value(v));
    return 1;
  case JSON_INTEGER:
    snprintf(buf, cap, "%lld", (long long)json_integer_value(v));
    return 1;
  case JSON_REAL:
    snprintf(buf, cap, "%.17g", json_real_value(v));
    return 1;
  case JSON_TRUE:
    snprintf(buf, cap, "true");
    return 1;
  case JSON_FALSE:
    snprintf(buf, cap, "false");
    return 1;
  default:
    return 0; /* null, objects: not needed */
  }
}

int rc_parse_json_record(rc_ctx *ctx, const char *display, unsigned long line,
                         const char *text, size_t len, rc_arena *a,
                         rc_record *out)
{
  json_error_t jerr;
  unsigned long failures = rc_alloc_failures();
  json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
  const char *key;
  json_t *v;
  char buf[4096];
  int error = RC_OK;
  memset(out, 0, sizeof(*out));
  out->line = line;
  /* jansson does not always say that it ran out of memory */
  if (!root && (json_error_code(&jerr) == json_error_out_of_memory ||
                rc_alloc_failures() != failures))
    return rc_fail_nomem(ctx);
  if (!root)
    return rc_fail(
        ctx, RC_EINPUT, "%s:%lu: invalid JSON in <content>: %s", display,
        line + (unsigned long)(jerr.line > 0 ? jerr.line - 1 : 0), jerr.text);
  if (!json_is_object(root)) {
    json_decref(root);
    return rc_fail(ctx, RC_EINPUT, "%s:%lu: <content> is not a JSON object",
                   display, line);
  }
  json_object_foreach(root, key, v)
  {
    if (json_is_array(v)) {
      size_t i;
      json_t *item;
      error = rc_record_set(out, a, key, NULL);
      json_array_foreach(v, i, item)
      {
        if (!error && json_scalar(item, buf, sizeof(buf)))
          error = rc_record_push(out, a, key, buf);
      }
    } else if (json_scalar(v, buf, sizeof(buf))) {
      error = rc_record_set(out, a, key, buf);
    }
    if (error)
      break;
  }
  json_decref(root);
  if (error) {
    rc_record_dispose(out);
    return rc_fail_nomem(ctx);
  }
  return RC_OK;
}

/* ---- YAML ---- */

/* One mapping of scalars and lists of scalars; deeper values are skipped.
 * base is the nesting depth of the mapping (1 in a one-record file, 2 in a
 * list of records). */
int rc_parse_yaml_records(rc_ctx *ctx, const char *display, const char *text,
                          size_t len, rc_arena *a, rc_record_fn fn,
                          void *payload)
{
  yaml_parser_t parser;
  yaml_event_t ev;
  rc_record rec;
  char key[256] = "";
  int depth = 0, base = 1;
  int in_rec = 0;   /* inside a record mapping */
  int in_list = 0;  /* inside a list value of the record */
  int want_key = 1; /* the next scalar of the record is a key */
  int skip = 0;     /* nesting inside a value we do not read */
  int error = RC_OK, done = 0;

  memset(&rec, 0, sizeof(rec));
  if (!yaml_parser_initialize(&parser))
    return rc_fail_nomem(ctx);
  yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
  while (!done && !error) {
    if (!yaml_parser_parse(&parser, &ev)) {
      error = rc_fail(ctx, RC_EINPUT, "%s:%lu: invalid YAML: %s", display,
                      (unsigned long)parser.problem_mark.line + 1,
                      parser.problem ? parser.problem : "parse error");
      break;
    }
    switch (ev.type) {
    case YAML_STREAM_END_EVENT:
      done = 1;
      break;
    case YAML_ALIAS_EVENT:
      /* aliases could expand without bound; records never use them */
      error = rc_fail(ctx, RC_EINPUT, "%s:%lu: YAML aliases are not allowed",
                      display, (unsigned long)ev.start_mark.line + 1);
      break;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
      depth++;
      if (depth > 64) {
        error =
            rc_fail(ctx, RC_ELIMIT, "%s: YAML nested deeper than 64", display);
      } else if (depth == 1 && ev.type == YAML_SEQUENCE_START_EVENT) {
        base = 2; /* a list of records */
      } else if (depth == base && ev.type == YAML_MAPPING_START_EVENT) {
        memset(&rec, 0, sizeof(rec));
        rec.line = (unsigned long)ev.start_mark.line + 1;
        in_rec = 1;
        want_key = 1;
      } else if (in_rec && !skip && depth == base + 1 && !want_key &&
                 ev.type == YAML_SEQUENCE_START_EVENT) {
        in_list = 1;
        if (rc_record_set(&rec, a, key, NULL) < 0)
          error = rc_fail_nomem(ctx);
      } else if (depth <= base) {
        error = rc_fail(ctx, RC_EINPUT,
                        "%s:%lu: expected a mapping or a list of mappings",
                        display, (unsigned long)ev.start_mark.line + 1);
      } else {
        skip++;
      }
      break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
      if (skip) {
        skip--;
        if (!skip && depth == base + 1)
          want_key = 1;
      } else if (in_list && depth == base + 1) {
        in_list = 0;
        want_key = 1;
      } else if (in_rec && depth == base) {
        in_rec = 0;
        error = fn(&rec, payload);
        rc_record_dispose(&rec);
      }
      depth--;
      break;
    case YAML_SCALAR_EVENT: {
      const char *s = (const char *)ev.data.scalar.value;
      if (!in_rec || skip)
        break;
      if (in_list && depth == base + 1) {
        if (rc_record_push(&rec, a, key, s) < 0)
          error = rc_fail_nomem(ctx);
      } else if (depth == base && want_key) {
        snprintf(key, sizeof(key), "%s", s);
        want_key = 0;
      } else if (depth == base) {
        /* an empty value ("key:") is a null scalar: no value */
        if (ev.data.scalar.length && rc_record_set(&rec, a, key, s) < 0)
          error = rc_fail_nomem(ctx);
        want_key = 1;
      }
      break;
    }
    default:
      break;
    }
    yaml_event_delete(&ev);
  }
  yaml_parser_delete(&parser);
  rc_record_dispose(&rec);
  return error;
}
