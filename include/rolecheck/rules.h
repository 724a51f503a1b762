/**
 * @file rules.h
 * @brief Licensing rules: the rule pack, licence profiles, the project
 * configuration, the analysis that produces findings and licence fit, and
 * baselines.
 *
 * Ownership: objects made by the _new and _load functions are freed with
 * their _free function;
 * everything returned by a getter is borrowed from its owner.
 */
#ifndef RC_RULES_H
#define RC_RULES_H

#include "rolecheck/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Finding severity, ordered. */
typedef enum {
  RC_SEVERITY_NOTE = 1,
  RC_SEVERITY_WARNING = 2,
  RC_SEVERITY_ERROR = 3,
} rc_severity;

/** @return "note", "warning" or "error". */
const char *rc_severity_name(rc_severity severity);
/** Parse "note", "warning", "error". @return 0 or -1. */
int rc_severity_parse(const char *name, rc_severity *out);

/* ---- patterns ---- */

/** A compiled PCRE2 pattern (UTF mode). */
typedef struct rc_pattern rc_pattern;

/**
 * Compile a PCRE2 pattern.
 * @param[out] out the pattern; free with rc_pattern_free().
 * @return RC_OK, RC_EUSAGE or RC_ENOMEM. The RC_EUSAGE message gives
 * PCRE2's reason and offset, then the pattern, shortened with "..." when
 * long: "bad pattern: missing closing parenthesis at offset 1 in '('".
 */
int rc_pattern_new(rc_pattern **out, rc_ctx *ctx, const char *pattern);
/**
 * rc_pattern_new(), with @p origin (where the pattern was given: "--role",
 * "rolecheck.xml:4") opening the message instead of "bad pattern":
 * "--role: missing closing parenthesis at offset 1 in '('".
 * @param[out] out the pattern; free with rc_pattern_free().
 * @param origin may be NULL.
 * @return RC_OK, RC_EUSAGE or RC_ENOMEM.
 */
int rc_pattern_new_from(rc_pattern **out, rc_ctx *ctx, const char *pattern,
                        const char *origin);
/** Free a pattern. NULL-safe. */
void rc_pattern_free(rc_pattern *pattern);
/** @return 1 if @p subject matches (a NULL pattern matches everything). */
int rc_pattern_match(const rc_pattern *pattern, const char *subject);

/* ---- the rule pack ---- */

/** One rule's description. */
typedef struct {
  const char *id;         /**< "TM001" */
  const char *name;       /**< "team-member-restricted-table-cud" */
  const char *profile;    /**< "team-member", "power-apps", "solution" */
  rc_severity severity;   /**< effective severity */
  int enabled;            /**< 0 when switched off */
  const char *confidence; /**< "confirmed", "uncertain", ... */
  const char *as_of;      /**< edition of the newest source checked */
  const char *summary;    /**< one sentence */
  const char *message;    /**< template with {role}, {table}, ... */
  const char *why;
  const char *fix;
  const char *sources; /**< space-separated source ids */
  /** SARIF security-severity ("0.0"-"10.0") for real security rules, or
   * NULL for licensing rules. */
  const char *security_severity;
} rc_rule_info;

/** A licence the fit table reports on. */
typedef struct {
  const char *id;   /**< "team-member", "power-apps", "SP", "FS", ... */
  const char *name; /**< "Team Members", "Field Service", ... */
  int is_d365;      /**< a Dynamics 365 app licence */
  /** The label of the licence-fit table and its reasons: "TM", "PA", "SP",
   * ... (the rule pack's short, else the id). */
  const char *short_name;
} rc_licence_info;

/** The licensing rule pack: sets and rules. */
typedef struct rc_rulepack rc_rulepack;

/**
 * Load the built-in rule pack, then the optional override file (same
 * format): its sets replace (or with mode="extend", extend) sets of the same
 * id, its rules replace the fields they state of rules of the same id or add
 * new rules. Both are validated against the rule-pack schema.
 * @param[out] out the pack; free with rc_rulepack_free().
 * @param override_path NULL for none.
 * @return RC_OK, RC_EUSAGE ("file:line: ..."), RC_ENOMEM.
 */
int rc_rulepack_load(rc_rulepack **out, rc_ctx *ctx, const char *override_path);
/** Free a pack. NULL-safe. */
void rc_rulepack_free(rc_rulepack *pack);
/** @return the pack version, e.g. "2026.12.1". */
const char *rc_rulepack_version(const rc_rulepack *pack);
/** @return the pack's as-of date, e.g. "2026-12". */
const char *rc_rulepack_as_of(const rc_rulepack *pack);
/** @return the number of rules (sorted by id). */
size_t rc_rulepack_rule_count(const rc_rulepack *pack);
/** @return rule @p i. Borrowed. */
const rc_rule_info *rc_rulepack_rule(const rc_rulepack *pack, size_t i);
/** @return the rule with this id, or NULL. Borrowed. */
const rc_rule_info *rc_rulepack_find(const rc_rulepack *pack, const char *id);
/** @return the URL of a source id, or NULL. */
const char *rc_rulepack_source_url(const rc_rulepack *pack, const char *id);
/** Change a rule's severity and whether it runs. @return RC_OK or
 * RC_EUSAGE for an unknown id. */
int rc_rulepack_configure(rc_rulepack *pack, rc_ctx *ctx, const char *id,
                          const rc_severity *severity, const int *enabled);
/** @return the number of licences in the fit table. */
size_t rc_rulepack_licence_count(const rc_rulepack *pack);
/** @return licence @p i (Team Members, Power Apps, then the D365 apps). */
const rc_licence_info *rc_rulepack_licence(const rc_rulepack *pack, size_t i);
/** @return the index of the licence whose id is @p id ("power-apps"), or
 * -1 (also for NULL). */
long rc_rulepack_licence_find(const rc_rulepack *pack, const char *id);

/* ---- who gets which licence ---- */

/** Ordered role -> profile assignments; the first match wins. */
typedef struct rc_assignments rc_assignments;

/** @param[out] out free with rc_assignments_free(). */
int rc_assignments_new(rc_assignments **out);
/** Free. NULL-safe. */
void rc_assignments_free(rc_assignments *a);
/**
 * Add "roles whose name matches @p pattern" (PCRE2) or, when
 * @p role_id is given, "the role with this id" -> @p profile. The profile
 * is "team-member", "power-apps", "portal" or a licence id of the pack
 * ("SP", "FS", ...). @p origin names where it was said, for messages.
 * @return RC_OK or RC_EUSAGE (unknown profile, bad pattern or id).
 */
int rc_assignments_add(rc_assignments *a, rc_ctx *ctx, const rc_rulepack *pack,
                       const char *pattern, const char *role_id,
                       const char *profile, const char *origin);
/**
 * Name a designated Team Members app the tenant uses, for TM008's count per
 * app when the app (or its role map) is not in the inputs: @p app is its
 * unique name, which must be in the rule pack's TM_APPS set. With
 * @p pattern (PCRE2, on role names) or @p role_id the app maps those roles;
 * with @p table it lists that table; with none of them it is only named.
 * The roles mapped count within each input, together with the roles an app
 * of the same unique name in that input maps.
 * @return RC_OK or RC_EUSAGE (not a designated app, bad pattern or id, or
 * more than one of @p pattern, @p role_id and @p table).
 */
int rc_assignments_map_app(rc_assignments *a, rc_ctx *ctx,
                           const rc_rulepack *pack, const char *app,
                           const char *pattern, const char *role_id,
                           const char *table, const char *origin);
/** Evaluate every role as @p profile (overrides all assignments). */
int rc_assignments_assume(rc_assignments *a, rc_ctx *ctx,
                          const rc_rulepack *pack, const char *profile);

/* ---- the project configuration (rolecheck.xml) ---- */

/** A suppression: a reviewed decision to accept matching findings. It
 * matches on the finding's key (see rc_finding_compare()); a NULL field
 * matches anything. */
typedef struct {
  const char *rule, *role_id, *table, *privilege; /**< NULL: any */
  const char *reason;
  const char *file;
  unsigned long line;
  const char *app;   /**< TM009's app unique name; NULL: any */
  const char *scope; /**< a web-role permission's scope; NULL: any */
  /** The table list of a finding that lists tables (TM008, PP004), in the
   * canonical form of rc_finding.tables; NULL: any. */
  const char *tables;
} rc_suppression;

/** The parsed configuration. */
typedef struct {
  const char *path;
  const char *fail_on;   /**< NULL if not set */
  const char *baseline;  /**< NULL if not set */
  const char *rule_pack; /**< NULL if not set */
  size_t suppression_count;
  const rc_suppression *suppressions;
} rc_config_info;

typedef struct rc_config rc_config;

/**
 * Load and validate a configuration file.
 * @param[out] out free with rc_config_free().
 * @return RC_OK, RC_EUSAGE ("file:line: ...") or RC_ENOMEM.
 */
int rc_config_load(rc_config **out, rc_ctx *ctx, const char *path);
/** Free. NULL-safe. */
void rc_config_free(rc_config *config);
/** @return the parsed values. Borrowed. */
const rc_config_info *rc_config_get(const rc_config *config);
/**
 * Apply the file's rule settings to @p pack and its assignments to @p a
 * (after any already added, so command-line assignments win).
 */
int rc_config_apply(const rc_config *config, rc_ctx *ctx, rc_rulepack *pack,
                    rc_assignments *a);

/* ---- analysis ---- */

/** What happened to a finding. */
typedef enum {
  RC_STATE_NEW = 0,
  RC_STATE_BASELINED,
  RC_STATE_SUPPRESSED,
} rc_finding_state;

/** One finding. */
typedef struct {
  const rc_rule_info *rule;
  rc_severity severity;
  size_t model;        /**< index of the model it is about */
  size_t role;         /**< role index in that model */
  const char *role_id; /**< normalised GUID */
  const char *role_name;
  const char *table;     /**< lowercase logical name, or "" */
  const char *privilege; /**< privilege name, or "" */
  const char *app;       /**< TM009: app unique name, else "" */
  int webrole;           /**< 1: role is a web-role index (PP rules) */
  const char *scope;     /**< web-role findings: the scope name, else "" */
  rc_depth depth;        /**< depth of the privilege, or NONE */
  const char *file;      /**< location of the privilege, role or app */
  unsigned long line;
  const char *message;
  const char *fix;
  rc_finding_state state;
  const char *reason; /**< suppression reason, or NULL */
  /** Findings that list tables (TM008's count of tables, PP004): the
   * tables, lowercase, sorted, each once, joined by ","; else "". Part of
   * the finding's key, so a table added to the list makes a new finding. */
  const char *tables;
} rc_finding;

/** Licence fit of one licence for one role. */
typedef enum {
  RC_FIT_YES = 0,
  RC_FIT_REVIEW,
  RC_FIT_NO,
} rc_fit_level;

/** @return "yes", "review" or "no". */
const char *rc_fit_name(rc_fit_level level);

/** A table the Power Apps rules flag on a role that a Dynamics 365
 * licence must cover: which licences do (bits: rc_rulepack_licence()
 * indices). */
typedef struct {
  const char *table;  /**< lowercase logical name */
  rc_fit_level level; /**< NO (an error-level rule) or REVIEW (a warning) */
  uint32_t covers;    /**< licences that cover it */
  uint32_t uncertain; /**< licences that probably do (a review) */
} rc_fit_need;

/** Licence fit of one role. */
typedef struct {
  size_t model;
  size_t role;
  int webrole; /**< 1: role is a web-role index; fit is for internal users */
  const char *profile;        /**< the profile evaluated, or NULL */
  const char *profile_origin; /**< why: "--assume", "rolecheck.xml:4", ... */
  const rc_fit_level *fit;    /**< one per rc_rulepack_licence() */
  const char *minimum;        /**< "Team Members", "FS", "SE+CSE or ..." */
  size_t reason_count;
  const char *const *reasons; /**< what forces each step up */
  /** The same reasons for a terminal: each list of more than six items cut
   * to five after a count ("TM001 (12 tables: a, b, c, d, e, ... (+7))"),
   * the tables a Dynamics 365 licence must cover grouped by the licences
   * that cover them. reason_count of them. */
  const char *const *briefs;
  /** Roles: the tables a Dynamics 365 licence must cover, in the order the
   * rules found them (a table may repeat); rc_role_fit_level() combines
   * them. Web roles: none. */
  size_t need_count;
  const rc_fit_need *needs;
  /** 1: the role creates, writes or deletes more custom tables than a
   * Professional licence includes (a review for those licences) */
  int over_professional;
} rc_role_fit;

/**
 * How far the licences @p held (bits: rc_rulepack_licence() indices)
 * together cover the role of @p fit: the best of each licence alone (its
 * fit), and of the Dynamics 365 licences among them combined, where each
 * table of fit->needs is covered when one of them covers it. For one
 * licence alone this is fit->fit[] of it.
 * @return RC_FIT_NO when @p held is 0.
 */
rc_fit_level rc_role_fit_level(const rc_rulepack *pack, const rc_role_fit *fit,
                               uint32_t held);

typedef struct rc_analysis rc_analysis;

/**
 * Evaluate the pack over @p count models.
 * @param[out] out free with rc_analysis_free().
 * @return RC_OK or RC_ENOMEM.
 */
int rc_analyze(rc_analysis **out, rc_ctx *ctx, const rc_rulepack *pack,
               const rc_assignments *assign, rc_model *const *models,
               size_t count);
/** Free. NULL-safe. */
void rc_analysis_free(rc_analysis *analysis);
/**
 * Compare the keys of two findings: rule, role id, table, privilege, app,
 * web-role scope and table list (rule and app exactly, the others ignoring
 * ASCII case); never a line, a path, a name or the severity. Baselines,
 * suppressions, rc_diff_new() and SARIF fingerprints all use this key, so
 * findings it calls equal are the same finding everywhere.
 * @return < 0, 0 (the same finding) or > 0.
 */
int rc_finding_compare(const rc_finding *a, const rc_finding *b);
/**
 * FNV-1a-64 of a finding's key (see rc_finding_compare()): the SARIF
 * partialFingerprints value. Findings rc_finding_compare() calls equal have
 * equal fingerprints.
 */
uint64_t rc_finding_fingerprint(const rc_finding *f);
/** @return the number of findings, sorted by input, role, rule, table. */
size_t rc_analysis_finding_count(const rc_analysis *analysis);
/** @return finding @p i. Borrowed. */
const rc_finding *rc_analysis_finding(const rc_analysis *analysis, size_t i);
/** Counts of a check run. */
typedef struct {
  size_t error, warning, note; /**< counted (not baselined or suppressed) */
  size_t baselined, suppressed;
  int failing; /**< a counted finding at or above fail_on */
} rc_check_counts;

/** Count the findings of @p analysis against @p fail_on (0: never): the
 * one count every report and the exit code use. */
void rc_check_count(const rc_analysis *analysis, rc_severity fail_on,
                    rc_check_counts *out);

/**
 * Did @p rule run, and report, for the role or web role of @p fit? An
 * enabled rule runs for a role evaluated under its profile, a solution rule
 * for every role, a portal rule for every web role. JUnit's test cases.
 */
int rc_analysis_rule_ran(const rc_analysis *analysis, const rc_role_fit *fit,
                         const rc_rule_info *rule);
/** @return the number of roles with a fit (every role of every model). */
size_t rc_analysis_fit_count(const rc_analysis *analysis);
/** @return fit @p i. Borrowed. */
const rc_role_fit *rc_analysis_fit(const rc_analysis *analysis, size_t i);
/** @return the fit of role (or web role, @p webrole 1) @p role of model
 * @p model, or NULL. Borrowed. */
const rc_role_fit *rc_analysis_role_fit(const rc_analysis *analysis,
                                        size_t model, size_t role, int webrole);
/**
 * Keep only the findings and licence fits of the roles and web roles whose
 * name matches @p role (`check --role`); counts and exit codes follow.
 * Apply suppressions and the baseline first, so that those of other roles
 * are not reported stale.
 */
void rc_analysis_keep_roles(rc_analysis *analysis, rc_model *const *models,
                            const rc_pattern *role);
/**
 * Mark findings matching the config's suppressions as suppressed.
 * @return the number of suppressions that matched nothing (stale), or < 0.
 */
int rc_analysis_suppress(rc_analysis *analysis, const rc_config *config,
                         void (*stale)(const rc_suppression *s, void *p),
                         void *payload);

/* ---- baselines ---- */

/** A baseline: accepted findings, each entry holding a finding's key (see
 * rc_finding_compare()). */
typedef struct rc_baseline rc_baseline;

/**
 * Read a baseline file ({"version": 2, "entries": [...]}; version 1 files
 * still load). An entry without "scope" or "tables" (every version-1 entry)
 * matches any scope or table list.
 * @param[out] out free with rc_baseline_free().
 * @return RC_OK, RC_EUSAGE (not a baseline, with file and line) or ENOMEM.
 */
int rc_baseline_load(rc_baseline **out, rc_ctx *ctx, const char *path);
/** Free. NULL-safe. */
void rc_baseline_free(rc_baseline *baseline);
/**
 * Mark findings found in the baseline as baselined. An entry whose role is
 * in none of the analysed inputs (its role id is no role or web role read,
 * and its solution, when recorded, is not one read either) is outside the
 * analysis: neither matched nor stale.
 * @return the number of stale entries (matching nothing, outside entries
 * not counted).
 */
size_t rc_analysis_apply_baseline(rc_analysis *analysis,
                                  const rc_baseline *baseline);
/** @return the number of stale entries after rc_analysis_apply_baseline(). */
size_t rc_baseline_stale_count(const rc_baseline *baseline);
/** @return stale entry @p i: "TM001 role-id table privilege [app]
 * [scope S] [(N tables)]", "-" for an empty field. Borrowed; valid until
 * the next rc_analysis_apply_baseline() or rc_baseline_free(). */
const char *rc_baseline_stale(const rc_baseline *baseline, size_t i);
/** @return the number of entries outside the analysis (roles not in its
 * inputs) after rc_analysis_apply_baseline(). */
size_t rc_baseline_outside_count(const rc_baseline *baseline);
/**
 * Write a baseline holding @p analysis's findings (all; or with @p keep,
 * already applied with rc_analysis_apply_baseline(): the findings its
 * entries still match, its entries outside the analysis unchanged, plus new
 * findings when @p add_new), atomically (temp file + rename), sorted by
 * key, as version 2. Entries of @p keep lacking a scope or table list are
 * written as the findings they matched, with theirs. When entries outside
 * the analysis are kept, one warning through @p ctx says how many.
 * @param[out] written the number of entries written (may be NULL).
 * @return RC_OK, RC_EINPUT (cannot write) or RC_ENOMEM.
 */
int rc_baseline_write(rc_ctx *ctx, const char *path,
                      const rc_analysis *analysis, const rc_baseline *keep,
                      int add_new, size_t *written);

/* ---- a run's set-up, as the command line does it ---- */

/** Where a run's rules, profiles, fail-on level and baseline come from. */
typedef struct {
  const char *rules;  /**< rule-pack file (--rules); NULL: the configuration's,
                           else the built-in pack */
  const char *config; /**< configuration file; NULL: ./rolecheck.xml when it
                           exists, unless no_config */
  int no_config;
  /** "PATTERN=PROFILE" (a GUID for PATTERN names a role id), before the
   * configuration's assignments: the first match wins. */
  const char *const *assign;
  size_t assign_count;
  const char *assume;   /**< every role as this profile (--assume), or NULL */
  const char *fail_on;  /**< error|warning|note|never; NULL: the
                             configuration's, else error */
  const char *baseline; /**< NULL: the configuration's, if any */
  int no_baseline;      /**< do not read the baseline (baseline command) */
} rc_setup_options;

#define RC_SETUP_OPTIONS_INIT                                                  \
  {                                                                            \
    NULL, NULL, 0, NULL, 0, NULL, NULL, NULL, 0                                \
  }

/** A run's set-up; every member is owned by it. */
typedef struct {
  rc_rulepack *pack;
  rc_config *config; /**< NULL without a configuration file */
  rc_assignments *assign;
  rc_baseline *baseline; /**< NULL without a baseline */
  rc_severity fail_on;   /**< 0 for never */
} rc_setup;

/**
 * Set up a run as the rolecheck command does: the rule pack, the
 * configuration, the licence profiles (@p opts assignments, then the
 * configuration's, then --assume over all), the fail-on level and the
 * baseline, each option winning over the configuration.
 * @param[out] out dispose with rc_setup_dispose(); zeroed on failure.
 * @return RC_OK, RC_EUSAGE (bad option, configuration or rule pack),
 * RC_EINPUT or RC_ENOMEM.
 */
int rc_setup_load(rc_setup *out, rc_ctx *ctx, const rc_setup_options *opts);
/** Free what rc_setup_load() made. NULL-safe. */
void rc_setup_dispose(rc_setup *setup);

#ifdef __cplusplus
}
#endif
#endif
