/**
 * @file report.h
 * @brief Renderers for the `roles` and `matrix` views.
 *
 * Renderers write to a caller-owned FILE and never print anything else.
 */
#ifndef RC_REPORT_H
#define RC_REPORT_H

#include <stdio.h>

#include "rolecheck/diff.h"
#include "rolecheck/fix.h"
#include "rolecheck/model.h"
#include "rolecheck/prices.h"
#include "rolecheck/rules.h"
#include "rolecheck/users.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Output formats. */
typedef enum {
  RC_FORMAT_TEXT = 0,
  RC_FORMAT_TSV,
  RC_FORMAT_CSV,
  RC_FORMAT_JSON,
  RC_FORMAT_SARIF,        /**< SARIF 2.1.0 for code scanning */
  RC_FORMAT_JUNIT,        /**< JUnit XML */
  RC_FORMAT_GITHUB,       /**< GitHub Actions workflow commands */
  RC_FORMAT_AZURE,        /**< Azure DevOps logging commands */
  RC_FORMAT_MD,           /**< Markdown summary */
  RC_FORMAT_HTML,         /**< self-contained HTML report */
  RC_FORMAT_XLSX,         /**< Excel workbook (binary) */
  RC_FORMAT_FINDINGS_CSV, /**< check: the findings as CSV */
  RC_FORMAT_FIT_CSV,      /**< check: the licence fit as CSV */
} rc_format;

/** The commands that render reports. */
typedef enum {
  RC_VIEW_CHECK = 1,
  RC_VIEW_DIFF = 2,
  RC_VIEW_ROLES = 4,
  RC_VIEW_MATRIX = 8,
  RC_VIEW_RULES = 16,
  RC_VIEW_FIX = 32,
  RC_VIEW_USERS = 64,
} rc_view_kind;

/** One output format, as `-f NAME` and `--NAME FILE` name it. */
typedef struct {
  rc_format format;
  const char *name;  /**< "sarif" */
  const char *label; /**< what its --NAME FILE option writes, e.g. "SARIF
                          report" ("" for a format check does not serve) */
  int binary;        /**< not written to a terminal (xlsx) */
} rc_format_info;

/** @return how many output formats there are. */
size_t rc_format_count(void);
/** @return format @p i (0 to rc_format_count() - 1), in the order the
 * usage text lists them, or NULL. Borrowed, static. */
const rc_format_info *rc_format_at(size_t i);
/** @return 1 when @p format (from rc_format_at() or rc_format_find())
 * renders @p view. */
int rc_format_serves(const rc_format_info *format, rc_view_kind view);
/** @return the format named @p name that renders @p view, or NULL. */
const rc_format_info *rc_format_find(const char *name, rc_view_kind view);

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

/** What the fix report says about the run besides the plan. */
typedef struct {
  rc_format format;        /**< text, json, md or html */
  int color;               /**< text: ANSI colours */
  int in_place;            /**< the roles kept their ids and names */
  int split_admin;         /**< admin privileges moved to an admin part */
  int dry_run;             /**< nothing was written */
  const char *zip;         /**< the solution zip written (or that would be) */
  const char *unpacked;    /**< the unpacked folder written, or NULL */
  const char *site;        /**< the folder of corrected table permissions */
  const char *keep_tables; /**< the --keep-tables pattern as given */
  /** the solution holding the roles, or NULL when no role changes */
  const rc_fix_solution_out *solution;
} rc_fix_report_options;

#define RC_FIX_REPORT_OPTIONS_INIT                                             \
  {                                                                            \
    RC_FORMAT_TEXT, 0, 0, 0, 0, NULL, NULL, NULL, NULL, NULL                   \
  }

/**
 * Render the report of a fix plan (`rolecheck fix`): each role's
 * privileges removed, lowered or moved, before and after, the rules that
 * asked, what stays open, and the files written.
 * @return RC_OK, RC_EUSAGE (format not served) or RC_ENOMEM.
 */
int rc_view_fix(FILE *out, rc_ctx *ctx, rc_model *const *models, size_t count,
                const rc_rulepack *pack, const rc_fix *fix,
                const rc_fix_report_options *opts);

/** What the users report says besides the verdicts. */
typedef struct {
  rc_format format; /**< text, json, csv, md, html, xlsx, sarif, github,
                         azure */
  int color;        /**< text: ANSI colours */
  /** names, UPNs and ids replaced by stable pseudonyms (rc_users_pseudonym())
   * for a report that leaves the client */
  int redact;
  /** SARIF and annotations: paths relative to this folder (NULL: the
   * working directory) */
  const char *source_root;
  /** the tenant exports read, in the order given (for the report's
   * header) */
  const char *const *tenant_files;
  size_t tenant_file_count;
  /** --fix-plan: the ways out of each out-of-licence group, or NULL */
  const rc_users_plan *plan;
} rc_users_report_options;

#define RC_USERS_REPORT_OPTIONS_INIT                                           \
  {                                                                            \
    RC_FORMAT_TEXT, 0, 0, NULL, NULL, 0, NULL                                  \
  }

/**
 * Render the users report (`rolecheck users`): per user the licences held,
 * the roles (direct and through teams), the licence their union needs and
 * the verdict; per role the users holding it and those it puts out of
 * licence; with a plan, the ways out of each out-of-licence group. SARIF
 * and annotations hold one result per out-of-licence, unlicensed,
 * review or unknown-role user, at the role that causes it.
 * @return RC_OK, RC_EUSAGE (format not served) or RC_ENOMEM.
 */
int rc_view_users(FILE *out, rc_ctx *ctx, rc_model *const *models, size_t count,
                  const rc_rulepack *pack, const rc_analysis *analysis,
                  const rc_users *users, const rc_users_report_options *opts);

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

/**
 * Work the renders of one `check` share: each role's fix plan, the roles
 * compared and the summary (HTML, xlsx, Markdown and JSON use them), made
 * at the first render that needs them. Valid for one analysis rendered with
 * the same prices, role users, --role and what-if; free it after the last
 * render.
 */
typedef struct rc_check_cache rc_check_cache;
/** A new, empty cache into *out. @return RC_OK or RC_ENOMEM (said in ctx). */
int rc_check_cache_new(rc_check_cache **out, rc_ctx *ctx);
void rc_check_cache_free(rc_check_cache *cache);

/** What `check` reports besides the findings. */
typedef struct {
  rc_format format;          /**< any but TSV and CSV */
  rc_severity fail_on;       /**< 0 for never */
  int complete;              /**< 0 when an input could not be read */
  size_t stale_baseline;     /**< baseline entries matching nothing */
  size_t stale_suppressions; /**< suppressions matching nothing */
  /** Stale baseline entries and suppressions, one line each (Markdown). */
  size_t stale_count;
  const char *const *stale;
  /** Inputs that could not be read and why (JUnit errors). */
  size_t failed_count;
  const char *const *failed_paths;
  const char *const *failed_messages;
  /** Absolute directory locations are relative to (SARIF, GitHub); NULL:
   * the working directory. */
  const char *source_root;
  /** Rule pages base URL, e.g. ".../blob/v0.1.0/docs/rules/". */
  const char *docs_base;
  /** SARIF: keep baselined and suppressed results as SARIF suppressions. */
  int include_suppressed;
  /** Azure: the Markdown summary to attach with task.uploadsummary. */
  const char *md_path;
  /** SARIF: NULL for every finding, else only finding i where only[i] is
   * set; the results are then marked baselineState "new" (diff). */
  const unsigned char *only;
  /** text: colour the severities (ANSI escapes) */
  int color;
  /** NULL: every role; else the matrices (CSV, HTML, xlsx) show only the
   * roles and web roles whose name matches (check --role; the findings
   * and fits are filtered by rc_analysis_keep_roles). */
  const rc_pattern *role;
  /** licence prices: each role's cheapest licence and its cost per user
   * and month (text, JSON); NULL: none shown */
  const rc_prices *prices;
  /** each role's cheapest change (rc_what_if_new()); NULL: none shown */
  const rc_what_if *what_if;
  /** how many people hold each role (rc_role_users_load()): costs and
   * savings per month too; NULL: per user only */
  rc_role_users *role_users;
  /** shared by the renders of one analysis (rc_check_cache_new()); NULL:
   * each render works its summary out itself */
  rc_check_cache *cache;
} rc_check_options;

/** Text, fail on errors, complete, every other field empty. */
#define RC_CHECK_OPTIONS_INIT                                                  \
  {                                                                            \
    RC_FORMAT_TEXT, RC_SEVERITY_ERROR, 1, 0, 0, 0, NULL, 0, NULL, NULL, NULL,  \
        NULL, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL                   \
  }

/**
 * Render `check`: findings grouped by input and role, the licence-fit
 * table and a summary (text), or the versioned JSON document; or one of
 * the CI formats; or the reports people read: a self-contained HTML page,
 * an xlsx workbook (Licence fit, Findings and Matrix sheets), and CSV of
 * the matrix (RC_FORMAT_CSV), the findings and the licence fit. The xlsx
 * workbook is written to a temporary file in $TMPDIR first, then copied to
 * @p out.
 * @return RC_OK, RC_ENOMEM or RC_ERROR.
 */
int rc_view_check(FILE *out, rc_ctx *ctx, rc_model *const *models, size_t count,
                  const rc_rulepack *pack, const rc_analysis *analysis,
                  const rc_check_options *opts);

/** What `diff` reports. */
typedef struct {
  rc_format format;       /**< TEXT, MD, JSON, or SARIF (new findings) */
  const char *base_label; /**< how the user named each side */
  const char *head_label;
  rc_severity fail_on; /**< 0 for never; counts new findings only */
  int complete;        /**< 0 when an input could not be read */
  const char *docs_base;
  const char *source_root; /**< SARIF, as for check */
  int color;               /**< text: colour severities and changes */
} rc_diff_options;

/** Text, fail on new errors, complete, every other field empty. */
#define RC_DIFF_OPTIONS_INIT                                                   \
  {                                                                            \
    RC_FORMAT_TEXT, NULL, NULL, RC_SEVERITY_ERROR, 1, NULL, NULL, 0            \
  }

/**
 * Render a diff: per role, the privileges added, removed, raised and
 * lowered; the findings that are new or resolved (and how many are
 * unchanged); the licence-fit changes. Text, Markdown (a pull-request
 * comment, at most 60,000 bytes), JSON, or SARIF with the new findings.
 * @p base and @p head are the models the diff was made from.
 * @return RC_OK, RC_ENOMEM or RC_ERROR.
 */
int rc_view_diff(FILE *out, rc_ctx *ctx, const rc_diff *diff,
                 rc_model *const *base, rc_model *const *head,
                 const rc_rulepack *pack, const rc_analysis *head_analysis,
                 const rc_diff_options *opts);

/** An output file written atomically (temporary file, then rename). */
typedef struct rc_output rc_output;

/**
 * Start writing @p path: a temporary file beside it.
 * @param[out] out free with rc_output_commit() or rc_output_abort().
 * @return RC_OK, RC_EUSAGE (cannot create it) or RC_ENOMEM.
 */
int rc_output_open(rc_output **out, rc_ctx *ctx, const char *path);
/** @return the stream to write to. Borrowed. */
FILE *rc_output_file(rc_output *o);
/** Flush, sync and rename over the target; frees @p o. */
int rc_output_commit(rc_output *o, rc_ctx *ctx);
/** Remove the temporary file, leave the target as it was; frees @p o. */
void rc_output_abort(rc_output *o);
/**
 * Remove the temporary files of the outputs being written, and nothing
 * else: for a SIGINT or SIGTERM handler (it only calls unlink). The
 * targets keep their previous contents.
 */
void rc_output_remove_pending(void);

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
