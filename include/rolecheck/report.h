/**
 * @file report.h
 * @brief Renderers for the `roles` and `matrix` views.
 *
 * Renderers write to a caller-owned FILE and never print anything else.
 */
#ifndef RC_REPORT_H
#define RC_REPORT_H

#include <stdio.h>

#include "rolecheck/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Output formats. */
typedef enum {
  RC_FORMAT_TEXT = 0,
  RC_FORMAT_TSV,
  RC_FORMAT_CSV,
  RC_FORMAT_JSON,
} rc_format;

/** A compiled PCRE2 filter on role or table names. */
typedef struct rc_pattern rc_pattern;

/**
 * Compile a PCRE2 pattern (UTF mode).
 * @param[out] out the pattern; free with rc_pattern_free().
 * @return RC_OK, RC_EUSAGE (message names the offset) or RC_ENOMEM.
 */
int rc_pattern_new(rc_pattern **out, rc_ctx *ctx, const char *pattern);
/** Free a pattern. NULL-safe. */
void rc_pattern_free(rc_pattern *pattern);
/** @return 1 if @p subject matches (a NULL pattern matches everything). */
int rc_pattern_match(const rc_pattern *pattern, const char *subject);

/** Options for the views. */
typedef struct {
  rc_format format;
  const rc_pattern *role;  /**< NULL: every role */
  const rc_pattern *table; /**< NULL: every table */
  int ascii;               /**< text matrix: ASCII depth letters */
} rc_view_options;

#define RC_VIEW_OPTIONS_INIT                                                   \
  {                                                                            \
    RC_FORMAT_TEXT, NULL, NULL, 0                                              \
  }

/**
 * Render the `roles` view of @p count models.
 * TSV is the contract for other tools: one line per distinct role id per
 * input: path, id as written, name, distinct RolePrivilege names.
 * @return RC_OK, RC_ENOMEM or RC_ERROR (write failed).
 */
int rc_view_roles(FILE *out, rc_ctx *ctx, rc_model *const *models, size_t count,
                  const rc_view_options *opts);

/**
 * Render the `matrix` view: per role, one row per table with a depth per
 * access right, then the misc privileges.
 * @return RC_OK, RC_ENOMEM or RC_ERROR.
 */
int rc_view_matrix(FILE *out, rc_ctx *ctx, rc_model *const *models,
                   size_t count, const rc_view_options *opts);

#ifdef __cplusplus
}
#endif
#endif
