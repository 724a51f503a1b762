/* The format table (report/formats.def) and the public entry points that
 * route a command's rendering through it. */
#include <string.h>

#include "report/render.h"
#include "util/error.h"

typedef struct {
  rc_format_info info;
  rc_renderer render[7]; /* check, diff, roles, matrix, rules, fix, users */
} format_row;

#define RC_FORMAT_ROW(name, e, binary, label, check, diff, roles, matrix,      \
                      rules, fix, users)                                       \
  {{RC_FORMAT_##e, name, label, binary},                                       \
   {check, diff, roles, matrix, rules, fix, users}},
static const format_row formats[] = {
#include "report/formats.def"
};
#undef RC_FORMAT_ROW

#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

static const char *view_name(rc_view_kind view)
{
  switch (view) {
  case RC_VIEW_CHECK:
    return "check";
  case RC_VIEW_DIFF:
    return "diff";
  case RC_VIEW_ROLES:
    return "roles";
  case RC_VIEW_MATRIX:
    return "matrix";
  case RC_VIEW_FIX:
    return "fix";
  case RC_VIEW_USERS:
    return "users";
  default:
    return "rules";
  }
}

static size_t view_index(rc_view_kind view)
{
  size_t i = 0;
  while ((1u << i) != (unsigned)view && i < 6)
    i++;
  return i;
}

int rc_render__none(FILE *out, rc_ctx *ctx, const rc_render *r)
{
  (void)out;
  return rc_fail(ctx, RC_EUSAGE, "%s: format not supported",
                 view_name(r->view));
}

size_t rc_format_count(void)
{
  return NFORMATS;
}

const rc_format_info *rc_format_at(size_t i)
{
  return i < NFORMATS ? &formats[i].info : NULL;
}

int rc_format_serves(const rc_format_info *f, rc_view_kind view)
{
  const format_row *row = (const format_row *)(const void *)f;
  return row->render[view_index(view)] != rc_render__none;
}

const rc_format_info *rc_format_find(const char *name, rc_view_kind view)
{
  size_t i;
  for (i = 0; name && i < NFORMATS; i++) {
    if (!strcmp(formats[i].info.name, name) &&
        rc_format_serves(&formats[i].info, view))
      return &formats[i].info;
  }
  return NULL;
}

int rc_render__run(FILE *out, rc_ctx *ctx, const rc_render *r)
{
  size_t i;
  for (i = 0; i < NFORMATS; i++) {
    if (formats[i].info.format == r->format)
      return formats[i].render[view_index(r->view)](out, ctx, r);
  }
  return rc_render__none(out, ctx, r);
}

int rc_view_check(FILE *out, rc_ctx *ctx, rc_model *const *models, size_t count,
                  const rc_rulepack *pack, const rc_analysis *analysis,
                  const rc_check_options *opts)
{
  RC_ASSERT_ARG(ctx, out && models && pack && analysis && opts);
  return rc_render__run(out, ctx,
                        &(rc_render){.format = opts->format,
                                     .view = RC_VIEW_CHECK,
                                     .models = models,
                                     .count = count,
                                     .pack = pack,
                                     .analysis = analysis,
                                     .check = opts});
}

int rc_view_diff(FILE *out, rc_ctx *ctx, const rc_diff *diff,
                 rc_model *const *base, rc_model *const *head,
                 const rc_rulepack *pack, const rc_analysis *head_analysis,
                 const rc_diff_options *opts)
{
  RC_ASSERT_ARG(ctx, out && diff && base && head && pack && opts);
  return rc_render__run(out, ctx,
                        &(rc_render){.format = opts->format,
                                     .view = RC_VIEW_DIFF,
                                     .models = head,
                                     .pack = pack,
                                     .analysis = head_analysis,
                                     .diff = diff,
                                     .base = base,
                                     .diff_opts = opts});
}

static int view(FILE *out, rc_ctx *ctx, rc_view_kind kind,
                rc_model *const *models, size_t count,
                const rc_view_options *opts)
{
  RC_ASSERT_ARG(ctx, out && (models || !count) && opts);
  return rc_render__run(out, ctx,
                        &(rc_render){.format = opts->format,
                                     .view = kind,
                                     .models = models,
                                     .count = count,
                                     .opts = opts});
}

int rc_view_roles(FILE *out, rc_ctx *ctx, rc_model *const *models, size_t count,
                  const rc_view_options *opts)
{
  return view(out, ctx, RC_VIEW_ROLES, models, count, opts);
}

int rc_view_matrix(FILE *out, rc_ctx *ctx, rc_model *const *models,
                   size_t count, const rc_view_options *opts)
{
  return view(out, ctx, RC_VIEW_MATRIX, models, count, opts);
}

int rc_view_fix(FILE *out, rc_ctx *ctx, rc_model *const *models, size_t count,
                const rc_rulepack *pack, const rc_fix *fix,
                const rc_fix_report_options *opts)
{
  RC_ASSERT_ARG(ctx, out && (models || !count) && pack && fix && opts);
  return rc_render__run(out, ctx,
                        &(rc_render){.format = opts->format,
                                     .view = RC_VIEW_FIX,
                                     .models = models,
                                     .count = count,
                                     .pack = pack,
                                     .fix = fix,
                                     .fix_opts = opts});
}

int rc_view_users(FILE *out, rc_ctx *ctx, rc_model *const *models, size_t count,
                  const rc_rulepack *pack, const rc_analysis *analysis,
                  const rc_users *users, const rc_users_report_options *opts)
{
  RC_ASSERT_ARG(ctx,
                out && (models || !count) && pack && analysis && users && opts);
  return rc_render__run(out, ctx,
                        &(rc_render){.format = opts->format,
                                     .view = RC_VIEW_USERS,
                                     .models = models,
                                     .count = count,
                                     .pack = pack,
                                     .analysis = analysis,
                                     .users = users,
                                     .users_opts = opts});
}

int rc_view_rules(FILE *out, rc_ctx *ctx, const rc_rulepack *pack,
                  rc_format format, const char *docs_base)
{
  RC_ASSERT_ARG(ctx, out && pack && docs_base);
  return rc_render__run(out, ctx,
                        &(rc_render){.format = format,
                                     .view = RC_VIEW_RULES,
                                     .pack = pack,
                                     .docs_base = docs_base});
}
