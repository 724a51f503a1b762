/**
 * @file tenant.h
 * @brief The licence side of a tenant: who holds which Dynamics 365 /
 * Power Apps licence, read offline from a Microsoft 365 admin center
 * "Export users" CSV or a Microsoft Graph users JSON with assignedLicenses;
 * and the role side: who holds which security role, read from Dataverse
 * Web API JSON or a Configuration Migration data.xml (rc_principals, below);
 * and what Team Members users did outside their rights, read from the Power
 * Platform admin center's non-conformant usage download (rc_usage, below).
 *
 * Licences are classified by the service plans of each SKU held (the SKU
 * table is generated from Microsoft's "Product names and service plan
 * identifiers for licensing"), after removing the plans the user has
 * disabled, in this order:
 *   1. full applications: SE, CSE, SP, CSP, PO, MKT (several may apply;
 *      DYN365_ENTERPRISE_P1, the Customer Engagement Plan's, gives SE and
 *      CSE);
 *   2. Field Service, only from a SKU that is not a Team Members SKU (both
 *      Team Members SKUs carry the Field Service plan);
 *   3. Team Members;
 *   4. Power Apps premium, Power Apps per app.
 * Every other plan grants nothing here.
 *
 * Attach SKUs ("... Attach to Qualifying Dynamics 365 Base Offer") count
 * only together with a full Dynamics 365 base licence. The classes they
 * give are in rc_licence_holder.classes like any other, and also in
 * .attach_classes; .attach says one is held, so a verdict can drop them
 * when no base licence is held.
 *
 * Ownership: everything returned by a getter is borrowed from the
 * rc_licences and valid until rc_licences_free() (or, for a holder, until
 * the next rc_licences_add_file(), which may merge and re-sort).
 */
#ifndef RC_TENANT_H
#define RC_TENANT_H

#include <stddef.h>

#include "rolecheck/error.h"
#include "rolecheck/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Licence classes, one bit each (a user may hold several). */
typedef enum {
  RC_LIC_TM = 1u << 0,         /**< Dynamics 365 Team Members */
  RC_LIC_PA_PREMIUM = 1u << 1, /**< Power Apps Premium (per user) */
  RC_LIC_PA_PER_APP = 1u << 2, /**< Power Apps per app */
  RC_LIC_SP = 1u << 3,         /**< Sales Professional */
  RC_LIC_SE = 1u << 4,         /**< Sales Enterprise */
  RC_LIC_CSP = 1u << 5,        /**< Customer Service Professional */
  RC_LIC_CSE = 1u << 6,        /**< Customer Service Enterprise */
  RC_LIC_FS = 1u << 7,         /**< Field Service */
  RC_LIC_PO = 1u << 8,         /**< Project Operations */
  RC_LIC_MKT = 1u << 9,        /**< Marketing / Customer Insights */
} rc_licence_class;

/** Every class bit. */
#define RC_LIC_ALL 0x3ffu

/** One person and the licences they hold. */
typedef struct rc_licence_holder {
  const char *upn;       /**< user principal name; "" when not given */
  const char *object_id; /**< Entra object id, lower case; "" when not given */
  const char *display_name; /**< "" when not given */
  int enabled;              /**< 1 sign-in allowed, 0 blocked, -1 unknown */
  int guest;                /**< 1: a guest (#EXT# or userType Guest) */
  unsigned classes;         /**< rc_licence_class bits, attach SKUs included */
  unsigned attach_classes;  /**< the bits that came from attach SKUs */
  unsigned base_classes;    /**< the bits that came from other SKUs */
  int attach;               /**< 1: an attach SKU is held */
  const char *const *skus;  /**< String_Ids of the SKUs held, sorted */
  size_t sku_count;
  /** Licence names (CSV) or skuIds (JSON) not in the SKU table, sorted:
   * notes, never guessed at (most are Office or other non-Dynamics SKUs). */
  const char *const *unknown;
  size_t unknown_count;
  const char *file;   /**< where the user was first read */
  unsigned long line; /**< its line there (CSV), or 0 (JSON) */
} rc_licence_holder;

/** The users of one or more export files. */
typedef struct rc_licences rc_licences;

/**
 * An empty set of users.
 * @param[out] out the set, NULL on failure. Free with rc_licences_free().
 * @return RC_OK or RC_ENOMEM.
 */
int rc_licences_new(rc_licences **out);

/**
 * Read one export file, found by its content: JSON (an object with a
 * "value" array, as Graph pages are, or a bare array) or the admin
 * center's CSV (header found by column name; ',' or ';'; UTF-8 BOM; RFC
 * 4180 quoting). Several files add up; a user met again (same UPN, case
 * aside, or same object id when there is no UPN) is merged, with a
 * warning through ctx. CSV rows with a soft deletion time stamp are
 * skipped and counted (rc_licences_deleted_count()).
 * @return RC_OK; RC_EINPUT (unreadable, or not such an export: the message
 * names the file and line or record), RC_ELIMIT (over 64 MiB), RC_ENOMEM.
 * On failure the set keeps the users of the files read before.
 */
int rc_licences_add_file(rc_licences *l, rc_ctx *ctx, const char *path);

/** Free the set; NULL is allowed. */
void rc_licences_free(rc_licences *l);

/** How many users; they are sorted by UPN (ASCII case-insensitive). */
size_t rc_licences_user_count(const rc_licences *l);

/** User i (< rc_licences_user_count()). Borrowed. */
const rc_licence_holder *rc_licences_user(const rc_licences *l, size_t i);

/** The user with this UPN (case aside) or object id, or NULL. Borrowed. */
const rc_licence_holder *rc_licences_find(const rc_licences *l,
                                          const char *upn_or_object_id);

/** How many soft-deleted CSV rows were skipped. */
size_t rc_licences_deleted_count(const rc_licences *l);

/** "TM", "PA-PREMIUM", "PA-PER-APP", "SP", "SE", "CSP", "CSE", "FS",
 * "PO", "MKT" for one class bit; NULL for anything else. Static. */
const char *rc_licence_class_name(unsigned class_bit);

/* ---- The role side: who holds which security role ----
 *
 * Read offline from Dataverse Web API JSON pages of systemusers (with
 * systemuserroles_association and teammembership_association expanded) and
 * of teams (with teamroles_association expanded), or from a Configuration
 * Migration data.xml (or the data.zip holding it) with the systemuser, team
 * and role entities and their many-to-many relationships.
 *
 * A role exists once per business unit: an assignment names the copy in
 * the principal's business unit (role_id), and root_role_id names the root
 * copy, whose privileges a solution carries. Ids are lower case, without
 * braces.
 *
 * Ownership: everything returned by a getter is borrowed from the
 * rc_principals and valid until rc_principals_free() or the next
 * rc_principals_add_file(), which may merge and re-sort.
 */

/** One role held, directly or through a team. */
typedef struct rc_role_grant {
  const char *role_id;       /**< the role copy assigned */
  const char *root_role_id;  /**< its root copy; "" when not given */
  const char *name;          /**< "" when not given */
  const char *business_unit; /**< the role copy's business unit, or "" */
  /** the team it came through; "" for a direct assignment */
  const char *team_id;
} rc_role_grant;

/** What kind of user (bits; none: an interactive, enabled user). */
typedef enum {
  RC_USER_APPLICATION = 1u << 0,     /**< applicationid is set */
  RC_USER_NON_INTERACTIVE = 1u << 1, /**< accessmode 4 */
  RC_USER_SUPPORT = 1u << 2,         /**< accessmode 3 */
  RC_USER_DELEGATED_ADMIN = 1u << 3, /**< accessmode 5 */
  RC_USER_DISABLED = 1u << 4,        /**< isdisabled */
} rc_user_kind;

/** A Dataverse user (systemuser) and the roles it holds. */
typedef struct rc_principal_user {
  const char *id;             /**< systemuserid */
  const char *upn;            /**< domainname; "" when not given */
  const char *object_id;      /**< azureactivedirectoryobjectid, or "" */
  const char *full_name;      /**< "" when not given */
  const char *application_id; /**< "" unless an application user */
  const char *business_unit;  /**< "" when not given */
  int disabled;               /**< 1, 0, or -1 when not given */
  int access_mode;            /**< 0 to 5, or -1 when not given */
  unsigned kinds;             /**< rc_user_kind bits */
  /** 1: an expanded list of the user's was cut short (its next page was
   * not read): the roles or teams are incomplete */
  int incomplete;
  const rc_role_grant *roles; /**< direct roles, sorted by role id */
  size_t role_count;
  const char *const *teams; /**< team ids, sorted */
  size_t team_count;
  const char *file; /**< where the user was first read */
} rc_principal_user;

/** A Dataverse team and the roles it holds. */
typedef struct rc_principal_team {
  const char *id;             /**< teamid */
  const char *name;           /**< "" when not given */
  int type;                   /**< teamtype 0 to 3, or -1 when not given */
  const char *object_id;      /**< the Entra group of a group team, or "" */
  const char *business_unit;  /**< "" when not given */
  int incomplete;             /**< 1: its roles list was cut short */
  const rc_role_grant *roles; /**< sorted by role id; team_id is "" */
  size_t role_count;
  const char *file; /**< where the team was first read */
} rc_principal_team;

/** The users and teams of one or more exports. */
typedef struct rc_principals rc_principals;

/**
 * An empty set.
 * @param[out] out the set, NULL on failure. Free with rc_principals_free().
 * @return RC_OK or RC_ENOMEM.
 */
int rc_principals_new(rc_principals **out);

/**
 * Read one file, found by its content: a Web API JSON page of systemusers
 * or of teams (told apart by @odata.context, else by the keys of its
 * rows), a Configuration Migration data.xml, or a zip holding data.xml.
 * Several files (pages, environments) add up; a user or team met again
 * (same id) is merged. A user or team whose expanded list carries its own
 * @odata.nextLink is marked incomplete, with a warning through ctx.
 * Annotation keys ("...@...") are ignored.
 * @return RC_OK; RC_EINPUT (unreadable, or not such an export: the message
 * names the file and the record), RC_ELIMIT (over 64 MiB of JSON),
 * RC_ENOMEM. On failure the set keeps what the files before gave.
 */
int rc_principals_add_file(rc_principals *p, rc_ctx *ctx, const char *path);

/** Threads rc_principals_add_files() may use: 1 reads every page on the
 * calling thread; anything else (the default) parses the pages two at a
 * time on two threads before reading them in order. */
void rc_principals_set_jobs(rc_principals *p, unsigned jobs);

/**
 * rc_principals_add_file() for @p n files, merged and sorted once at the
 * end rather than after each file: what a tenant of many pages needs. On
 * failure the set keeps the files read before the one that failed.
 * @return as rc_principals_add_file().
 */
int rc_principals_add_files(rc_principals *p, rc_ctx *ctx,
                            const char *const *paths, size_t n);

/** Free the set; NULL is allowed. */
void rc_principals_free(rc_principals *p);

/** How many users; sorted by UPN (ASCII case-insensitive), then id. */
size_t rc_principals_user_count(const rc_principals *p);

/** User i (< rc_principals_user_count()). Borrowed. */
const rc_principal_user *rc_principals_user(const rc_principals *p, size_t i);

/** The user with this UPN (case aside), systemuserid or object id, or
 * NULL. Borrowed. */
const rc_principal_user *rc_principals_find_user(const rc_principals *p,
                                                 const char *key);

/** How many teams; sorted by id. */
size_t rc_principals_team_count(const rc_principals *p);

/** Team i (< rc_principals_team_count()). Borrowed. */
const rc_principal_team *rc_principals_team(const rc_principals *p, size_t i);

/** The team with this id, or NULL. Borrowed. */
const rc_principal_team *rc_principals_find_team(const rc_principals *p,
                                                 const char *team_id);

/**
 * A user's effective roles: the direct ones, then each team's (in the
 * order of the user's team ids), each tagged with the team it came
 * through. A team not in the set gives none.
 * @param[out] count how many.
 * @return the list, borrowed; NULL (and *count 0) when there is none.
 */
const rc_role_grant *rc_principals_effective_roles(const rc_principals *p,
                                                   const rc_principal_user *u,
                                                   size_t *count);

/* ---- Non-conformant usage: what Team Members users did outside their
 * rights ----
 *
 * Read offline from the Power Platform admin center download
 * "Non-conformant usage by users with Team Member license" (Analytics,
 * Dataverse, Download): one row per access, naming a user, a table and an
 * operation, and often a date. Microsoft documents no header for it, so
 * columns are found by name, ASCII case, spaces and underscores aside (the
 * first name listed wins when several are present):
 *   user:      User principal name, UPN, User email, Email, User id, User
 *              (a value without '@' in a bare "User" column is a name)
 *   user name: User name, Display name, Name
 *   table:     Entity, Entity name, Table, Table name, Entity logical name
 *   operation: Operation, Action, Access type, Privilege
 *   date:      Date, Access date, Timestamp, Last accessed (optional)
 * A cell "<operation> <table>" (as in "Create msdyn_projecttask") in the
 * operation or the table column gives both.
 *
 * Ownership: everything returned by a getter is borrowed from the rc_usage
 * and valid until rc_usage_free() or the next rc_usage_add_file().
 */

/** One access outside Team Members rights. */
typedef struct rc_usage_row {
  /** UPN or e-mail (or the user id a file gives instead), lower case; ""
   * when the row names the user only by name */
  const char *user;
  const char *user_name; /**< "" when not given */
  const char *table;     /**< logical name, lower case */
  rc_right right;        /**< the operation (Update is RC_RIGHT_WRITE) */
  /** as written ("Create"; the operation alone when its cell also named
   * the table) */
  const char *operation;
  const char *date;   /**< as written; "" when not given */
  const char *file;   /**< where the row was read */
  unsigned long line; /**< its line there */
} rc_usage_row;

/** The rows of one or more downloads. */
typedef struct rc_usage rc_usage;

/**
 * An empty set of rows.
 * @param[out] out the set, NULL on failure. Free with rc_usage_free().
 * @return RC_OK or RC_ENOMEM.
 */
int rc_usage_new(rc_usage **out);

/**
 * Read one download (CSV: ',' or ';'; UTF-8 BOM; RFC 4180 quoting). An
 * empty file, or a header without rows, is valid: no access outside Team
 * Members rights. Several files add up, their rows in file order, then
 * line order. A row with no user (neither user nor user name), no table,
 * or no operation among Create, Read, Write (or Update), Delete, Append,
 * AppendTo, Assign and Share is skipped, with a warning through ctx
 * naming the file and line.
 * @return RC_OK; RC_EINPUT (unreadable, a malformed record, or a header
 * with no user column or no table or operation column: the message names
 * the file and what is missing), RC_ELIMIT (over 64 MiB), RC_ENOMEM. On
 * failure the set keeps the rows of the files read before.
 */
int rc_usage_add_file(rc_usage *u, rc_ctx *ctx, const char *path);

/** Free the set; NULL is allowed. */
void rc_usage_free(rc_usage *u);

/** How many rows, over every file read. */
size_t rc_usage_row_count(const rc_usage *u);

/** Row i (< rc_usage_row_count()), else NULL. Borrowed. */
const rc_usage_row *rc_usage_row_at(const rc_usage *u, size_t i);

/**
 * Whether a file's first bytes look like this download: a first line
 * with a user column and a table or operation column, and no "Licenses"
 * column (a Microsoft 365 admin center users export has one, beside its
 * user columns).
 * @param data the start of the file (a UTF-8 BOM is skipped); only its
 * header is read.
 * @return 1 or 0. An empty file gives 0, though rc_usage_add_file() reads
 * it as a download without rows.
 */
int rc_usage_sniff(const char *data, size_t len);
/* ---- telling the exports apart ---- */

/** What a tenant export holds. */
typedef enum {
  RC_TENANT_UNKNOWN = 0,
  RC_TENANT_LICENCES,   /**< for rc_licences_add_file() */
  RC_TENANT_PRINCIPALS, /**< for rc_principals_add_file() */
  RC_TENANT_USAGE,      /**< for rc_usage_add_file() */
} rc_tenant_kind;

/** "licences", "roles", "usage", "unknown". */
const char *rc_tenant_kind_name(rc_tenant_kind kind);

/**
 * Tell what a file holds from its first 64 KiB, whatever its name: a zip
 * or XML is a Configuration Migration export (roles); JSON with
 * assignedLicenses or userPrincipalName is Graph users (licences), with
 * systemuserid or teamid (or a systemusers or teams @odata.context) Web
 * API pages (roles); a CSV whose header has a Licenses column is the
 * Microsoft 365 users export (licences), one rc_usage_sniff() accepts the
 * non-conformant usage report.
 * @param[out] out the kind; RC_TENANT_UNKNOWN when none fits.
 * @return RC_OK, or RC_EINPUT when the file cannot be read.
 */
int rc_tenant_kind_of(rc_ctx *ctx, const char *path, rc_tenant_kind *out);

#ifdef __cplusplus
}
#endif

#endif
