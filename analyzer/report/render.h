/* The renderers' one signature and what they are given. Each format is a
 * row of report/formats.def naming its renderer for each command; the
 * public rc_view_* entry points look the row up (report/report.c) and call
 * it, so adding a format is a renderer file, a row, an enum value and its
 * docs. */
#ifndef RC_REPORT_RENDER_H
#define RC_REPORT_RENDER_H

#include <stdio.h>

#include "rolecheck/report.h"

/* Everything a renderer may read; the fields of other commands are NULL. */
typedef struct {
  rc_format format;
  rc_view_kind view;
  rc_model *const *models; /* check, roles, matrix; diff: the head side */
  size_t count;
  const rc_rulepack *pack;     /* check, diff, rules */
  const rc_analysis *analysis; /* check; diff: the head side's */
  const rc_check_options *check;
  const rc_diff *diff;
  rc_model *const *base; /* diff: the base side */
  const rc_diff_options *diff_opts;
  const rc_view_options *opts; /* roles, matrix */
  const char *docs_base;       /* rules */
  const rc_fix *fix;           /* fix */
  const rc_fix_report_options *fix_opts;
  const rc_users *users; /* users */
  const rc_users_report_options *users_opts;
} rc_render;

typedef int (*rc_renderer)(FILE *out, rc_ctx *ctx, const rc_render *r);

/* Every renderer of the table, declared from it. */
#define RC_FORMAT_ROW(name, e, binary, label, check, diff, roles, matrix,      \
                      rules, fix, users)                                       \
  int check(FILE *, rc_ctx *, const rc_render *);                              \
  int diff(FILE *, rc_ctx *, const rc_render *);                               \
  int roles(FILE *, rc_ctx *, const rc_render *);                              \
  int matrix(FILE *, rc_ctx *, const rc_render *);                             \
  int rules(FILE *, rc_ctx *, const rc_render *);                              \
  int fix(FILE *, rc_ctx *, const rc_render *);                                \
  int users(FILE *, rc_ctx *, const rc_render *);
#include "report/formats.def"
#undef RC_FORMAT_ROW

/* Render r with the format's renderer for r->view; RC_EUSAGE ("check:
 * format not supported") when it has none. */
int rc_render__run(FILE *out, rc_ctx *ctx, const rc_render *r);

#endif
