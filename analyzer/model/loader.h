/* The bottom of the loader: the state one input's load shares across its
 * documents (what each document kind has open), and the helpers that turn
 * the parser's spans into model values. The document kinds (load_solution.c,
 * load_role.c, load_app.c, load_portal.c) build on this; the router
 * (load.c) sits on top of them. Nothing here calls up. */
#ifndef RC_MODEL_LOADER_H
#define RC_MODEL_LOADER_H

#include <stddef.h>

#include "model/model.h"
#include "parse/handler.h"
#include "parse/record.h"
#include "source/source.h"
#include "util/buf.h"

/* A Configuration Migration record, kept until data.xml has been read so
 * the links between records can be added to it. */
typedef struct {
  int type; /* 11 web role, 18 table permission */
  char id[64];
  rc_record record;
} rc_cmt_pending;

typedef struct {
  rc_model *m;
  rc_ctx *ctx;
  const char *doc; /* display name of the document being parsed */
  long role;       /* current role index, -1 outside */
  /* pending entity */
  int in_entity;
  char entity_name[RC_NAME_MAX];
  char entity_info_name[RC_NAME_MAX];
  char entity_display[256]; /* <Name LocalizedName>, "" when absent */
  rc_table_shape entity_shape;
  rc_ownership entity_ownership;
  int entity_activity;
  int entity_bpf;
  unsigned long entity_line;
  /* pending app */
  long app; /* index being filled, -1 outside */
  int app_duplicate;
  /* pending field security profile */
  long profile;
  /* pending Power Pages component */
  int in_ppc;
  char ppc_id[64];
  char *ppc_name;
  int ppc_type;
  unsigned long ppc_line, ppc_content_line;
  rc_buf ppc_content;
  /* Configuration Migration records, linked at the end of data.xml */
  int cmt_type; /* 11 web role, 18 permission, 0 other entity */
  int cmt_in_record;
  rc_cmt_pending *cmt;
  size_t ncmt, cmt_cap;
  char cmt_source[64];
  int cmt_link_dir; /* 1: source is a permission, 2: source is a web role */
} rc_loader;

/* Start loading into m: nothing open. Free with rc_loader__dispose(). */
void rc_loader__init(rc_loader *L, rc_model *m, rc_ctx *ctx);
void rc_loader__dispose(rc_loader *L);

/* Before each document: no role, app, profile or entity is open. */
void rc_loader__reset(rc_loader *L);

/* A copy of span in the model's arena ("" for an absent one), or NULL. */
char *rc_loader__dup(const rc_loader *L, rc_span span);
/* "1"/"true" is 1, "0"/"false" is 0; anything else (or absent) is -1. */
int rc_loader__flag(rc_span span);
/* span into dst as a string; an absent or too long span is "". */
void rc_loader__copy(char *dst, size_t cap, rc_span span);
/* A languagecode of 1033 (English), preferred for display names. */
int rc_loader__is_1033(rc_span code);
/* Component type 1: a table. */
int rc_loader__is_table_type(rc_span type);
/* The join key of a role id: normalised GUID, or the trimmed id lowercased
 * without braces when it is not a GUID. */
void rc_loader__role_key(char *key, size_t cap, const char *id, size_t len);

/* Open document i of c, noting the file on disk it is read from (the
 * model's file list). *out is NULL on failure. */
int rc_loader__open_doc(rc_loader *L, rc_container *c, size_t i,
                        rc_stream **out);
/* Does name match dir/<one segment>/file (file "*.ext": any such file
 * directly in dir), ignoring case? */
int rc_loader__doc_matches(const char *name, const char *dir, const char *file);

#endif
