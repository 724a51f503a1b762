/* Helpers shared by the roles and matrix views. */
#ifndef RC_REPORT_VIEW_H
#define RC_REPORT_VIEW_H

#include <jansson.h>
#include <stdio.h>

#include "report/render.h"
#include "rolecheck/report.h"

/* Counts of a role's grants by kind. */
typedef struct {
  size_t tables; /* tables with at least one right */
  size_t metadata;
  size_t misc;
  size_t unresolved;
} rc_role_counts;

void rc_view__counts(const rc_model *m, size_t r, rc_role_counts *out);
/* Table indexes sorted by logical name; free with rc_free(). */
size_t *rc_view__sorted_tables(const rc_model *m);
/* Called for each role that --role selects, with the model's tables and the
 * role's grants sorted by name (index arrays). */
typedef int (*rc_view_role_fn)(FILE *out, const rc_model *m, size_t r,
                               const size_t *tables, const size_t *grants,
                               const rc_view_options *opts, void *payload);
int rc_view__each_role(FILE *out, rc_ctx *ctx, rc_model *const *models,
                       size_t count, const rc_view_options *opts,
                       rc_view_role_fn fn, void *payload);
/* Web roles: does permission p name web role id? */
/* roles view: one line per web role. */
void rc_view__webroles_list(FILE *out, const rc_model *m,
                            const rc_view_options *opts);
/* roles --format tsv: a `webrole` or `tablepermission` line per web role and
 * table permission (those of a --role web role), in document order. */
int rc_view__webroles_tsv(FILE *out, rc_ctx *ctx, const rc_model *m,
                          const rc_view_options *opts);
/* matrix view: per web role, a row per table with rights and scope. */
int rc_view__webroles_matrix(FILE *out, const rc_model *m,
                             const rc_view_options *opts, size_t *shown);
/* Both views in JSON: web roles with their permissions (NULL: ENOMEM). */
json_t *rc_view__webroles_json(const rc_model *m, const rc_view_options *opts);
/* Sheets: a header row, then one row of text cells per finding or fit. The
 * CSV forms and the workbook both walk them. row() returns 0 or an RC_E*
 * code, which stops the walk and is returned. */
typedef int (*rc_sheet_row_fn)(void *sink, const char *const *cells, size_t n);
/* A row to a CSV file (sink: the FILE): RFC 4180, CRLF. RC_ERROR when
 * the write fails. */
int rc_view__csv_row(void *sink, const char *const *cells, size_t n);
#define RC_FINDINGS_COLS  16
#define RC_FIT_FIXED_COLS 10
int rc_view__findings_rows(rc_model *const *models, const rc_analysis *an,
                           rc_sheet_row_fn row, void *sink);
/* Columns of the fit sheet: 10 plus one per licence: solution, role_kind,
 * role_id, role_name, profile, profile_origin, the licences, smallest,
 * reasons, cost_per_user_month and cost_licences (empty without prices). */
size_t rc_view__fit_cols(const rc_rulepack *pack);
int rc_view__fit_rows(rc_model *const *models, const rc_rulepack *pack,
                      const rc_analysis *an, const rc_prices *prices,
                      rc_sheet_row_fn row, void *sink);
/* The users report's sheets (report_users.c): one row per user, and one
 * per role held. */
#define RC_USERS_COLS      14
#define RC_USER_ROLES_COLS 7
int rc_view__users_rows(rc_model *const *models, const rc_users *users,
                        int redact, rc_sheet_row_fn row, void *sink);
int rc_view__user_roles_rows(rc_model *const *models, const rc_users *users,
                             rc_sheet_row_fn row, void *sink);
/* The portal table input mi defines without carrying its records, when no
 * input of the run carries portal records either (solution-format.md 10),
 * or NULL; the note every check report gives for it ends with
 * RC_VIEW_PORTAL_DATA. */
const rc_table *rc_view__portal_data_elsewhere(rc_model *const *models,
                                               size_t count, size_t mi);
#define RC_VIEW_PORTAL_DATA                                                    \
  "a portal's permissions are data (its Configuration Migration export or "    \
  "site download): give that too to check them"
/* One role's section of the fix report in HTML (report_fix.c), its
 * heading at level (2 in the fix report, 3 inside the check report). */
void rc_view__fix_role_html(FILE *out, const rc_fix_role *r, int level);
/* The HTML report's Rules section (report_html_rules.c): the pages of the
 * rules with findings. RC_OK or RC_ENOMEM. */
int rc_view__html_rules(FILE *out, const rc_analysis *an,
                        const rc_check_options *opts);
/* What no role edit settles, as an HTML list (nothing when n is 0). */
void rc_view__fix_open_html(FILE *out, const rc_fix_open *open, size_t n);
/* A change's right ("Write", "" for a misc privilege) and what it does
 * ("Global -> Basic", "Global -> removed", "Write removed"). */
const char *rc_view__fix_right_text(const rc_fix_change *c);
void rc_view__fix_change_text(char *buf, size_t cap, const rc_fix_change *c);
/* A change as `rolecheck fix -f json` writes it (NULL on ENOMEM). */
json_t *rc_view__fix_change_json(const rc_fix_change *c, int webrole);
/* The solution's unique name, or the input path when it has none. */
const char *rc_view__solution_label(const rc_model *m);
/* "new", "baselined" or "suppressed". */
const char *rc_view__state_name(rc_finding_state state);
/* The name and id of a finding's or fit's subject: role r, or web role r
 * when webrole is set. */
const char *rc_view__subject_name(const rc_model *m, size_t r, int webrole);
/* "team-member (--assume)": the licence profile a fit row was evaluated
 * under and where it came from, or "not assigned". */
void rc_view__evaluated_as(const rc_role_fit *f, char *buf, size_t cap);
/* The cheapest licence of a role's fit under prices (web roles: none, as
 * their external users are covered by capacity): the apps mapped to the
 * role count for Power Apps per app. */
void rc_view__role_cost(rc_model *const *models, const rc_rulepack *pack,
                        const rc_prices *prices, const rc_role_fit *f,
                        rc_licence_cost *out);
/* "remove prvA, lower prvB to Basic and Power Apps is enough: 20.00,
 * saves 85.00" (the first five changes) into buf (cap bytes, cut). */
void rc_view__what_if_text(char *buf, size_t cap, const rc_rulepack *pack,
                           const rc_what_if_role *w);
/* "Microsoft list prices in USD as of 2026-08-13", "your prices in EUR":
 * where the costs come from, into buf. */
void rc_view__prices_text(char *buf, size_t cap, const rc_prices *prices);
/* "105.00 CSE" or "-" (no price), into buf. */
void rc_view__cost_text(char *buf, size_t cap, const rc_licence_cost *c);
const char *rc_view__subject_id(const rc_model *m, size_t r, int webrole);
/* "managed", "unmanaged", "both" or "unknown". */
const char *rc_view__managed(int managed);
/* A severity word padded to width, in colour when color is set. */
void rc_view__put_severity(FILE *out, rc_severity severity, int color,
                           int width);
/* A finding's subject for the text views: " table privilege depth",
 * " app X", " scope Y" (each part when the finding has it). */
void rc_view__finding_subject(FILE *out, const rc_finding *f);
/* A finding as in the check JSON (NULL on ENOMEM). */
json_t *rc_view__finding_json(rc_model *const *models, const rc_finding *f);
/* The solution object shared by the JSON views (NULL on ENOMEM). */
json_t *rc_view__solution_json(const rc_model *m);
/* Write root (NULL: out of memory) as indented JSON plus a newline, and
 * release it. what names the output in a write error ("SARIF"). */
int rc_view__dump_json(FILE *out, rc_ctx *ctx, json_t *root, const char *what);
/* {"tool": "rolecheck", "inputs": [one(model) for each model]}. */
int rc_view__inputs_json(FILE *out, rc_ctx *ctx, rc_model *const *models,
                         size_t count, const rc_view_options *opts,
                         json_t *(*one)(const rc_model *,
                                        const rc_view_options *));

#endif
