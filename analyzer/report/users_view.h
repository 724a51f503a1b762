/* What the users report's files share (report_users.c: text, CSV and the
 * workbook's rows; report_users_json.c: JSON, SARIF and annotations;
 * report_users_page.c: Markdown and HTML): how each format names a user,
 * their roles, licences and verdict. */
#ifndef RC_REPORT_USERS_VIEW_H
#define RC_REPORT_USERS_VIEW_H

#include "report/render.h"
#include "util/buf.h"

#define RC_USERS_TEXT_MAX (1u << 20)

/* The user's name fields as the report shows them: pseudonyms and nothing
 * else when redacted. */
typedef struct {
  char pseudonym[32];
  const char *upn, *name, *object_id, *id;
} rc_user_who;

void rc_view__u_who_of(rc_user_who *w, const rc_user_verdict *v, int redact);
const char *rc_view__u_label_of(const rc_user_who *w);
const char *rc_view__u_role_name(rc_model *const *models,
                                 const rc_user_role *r);
void rc_view__u_roles_text(rc_buf *b, rc_model *const *models,
                           const rc_user_verdict *v, int mark);
void rc_view__u_causes_text(rc_buf *b, rc_model *const *models,
                            const rc_user_verdict *v);
void rc_view__u_rules_text(rc_buf *b, const rc_user_verdict *v,
                           const char *sep);
void rc_view__u_held_text(rc_buf *b, const rc_user_verdict *v);
const char *rc_view__u_needs_of(const rc_user_verdict *v);
/* The verdict's explanation; brief: the terminal's (long lists cut). */
void rc_view__u_why_text(rc_buf *b, rc_model *const *models,
                         const rc_user_verdict *v, int brief);
const char *rc_view__u_solution_of(rc_model *const *models, size_t model);
void rc_view__u_usage_text(rc_buf *b, const rc_usage_join *j);
const char *rc_view__u_usage_user(const rc_users *users, const rc_usage_join *j,
                                  int redact, rc_user_who *w);

#endif
