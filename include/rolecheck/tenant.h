/**
 * @file tenant.h
 * @brief The licence side of a tenant: who holds which Dynamics 365 /
 * Power Apps licence, read offline from a Microsoft 365 admin center
 * "Export users" CSV or a Microsoft Graph users JSON with assignedLicenses.
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

#ifdef __cplusplus
}
#endif

#endif
