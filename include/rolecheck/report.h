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
#include "rolecheck/rules.h"

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

/** What `check` reports besides the findings. */
typedef struct {
  rc_format format;          /**< TEXT or JSON */
  rc_severity fail_on;       /**< 0 for never */
  int complete;              /**< 0 when an input could not be read */
  size_t stale_baseline;     /**< baseline entries matching nothing */
  size_t stale_suppressions; /**< suppressions matching nothing */
} rc_check_options;

/** Counts of a check run. */
typedef struct {
  size_t error, warning, note; /**< counted (not baselined or suppressed) */
  size_t baselined, suppressed;
  int failing; /**< a counted finding at or above fail_on */
} rc_check_counts;

/** Count the findings of @p analysis against @p fail_on (0: never). */
void rc_check_count(const rc_analysis *analysis, rc_severity fail_on,
                    rc_check_counts *out);

/**
 * Render `check`: findings grouped by input and role, the licence-fit
 * table and a summary (text), or the versioned JSON document.
 * @return RC_OK, RC_ENOMEM or RC_ERROR.
 */
int rc_view_check(FILE *out, rc_ctx *ctx, rc_model *const *models, size_t count,
                  const rc_rulepack *pack, const rc_analysis *analysis,
                  const rc_check_options *opts);

/**
 * List the rules: id, name, severity, profile, confidence, summary and the
 * page URL (@p docs_base + ID.md); text or JSON.
 * @return RC_OK, RC_ENOMEM or RC_ERROR.
 */
int rc_view_rules(FILE *out, rc_ctx *ctx, const rc_rulepack *pack,
                  rc_format format, const char *docs_base);

/**
 * Print the documentation page of rule @p id, compiled into the library.
 * @return RC_OK, or RC_EUSAGE for an unknown id (the message suggests the
 * nearest ids).
 */
int rc_explain(FILE *out, rc_ctx *ctx, const char *id);

#ifdef __cplusplus
}
#endif
#endif
