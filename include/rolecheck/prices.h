/**
 * @file prices.h
 * @brief Licence prices as data, and what a role's smallest licence costs.
 *
 * The built-in price list is Microsoft's list prices per user and month
 * (USD), each row with its date and source; a client's own prices and
 * currency replace it with `--prices FILE` (the same tab-separated
 * format). Rows name a licence by its SKU String_Id (licence-skus.tsv) and
 * say whether the price is the base or the attach price. A price list and
 * what it returns are immutable once loaded.
 */
#ifndef RC_PRICES_H
#define RC_PRICES_H

#include <stddef.h>
#include <stdint.h>

#include "rolecheck/error.h"
#include "rolecheck/fix.h"
#include "rolecheck/rules.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A price list. */
typedef struct rc_prices rc_prices;

/**
 * Load the built-in price list (@p path NULL) or the file at @p path:
 * tab-separated, a header row naming the columns `code` (the SKU's
 * String_Id), `kind` (`base`, `attach`, or anything else: not a per-user
 * price, skipped), `as_of`, and the price per user and month in
 * `usd_per_user_month`, or in `per_user_month` with its `currency`. Other
 * columns are ignored; a code in parentheses (a meter, no SKU) is skipped.
 * The first row that prices a licence (and kind) wins.
 * @param[out] out free with rc_prices_free().
 * @return RC_OK; RC_EINPUT for a file that cannot be read or is not a
 * price list ("prices.tsv:4: no price in 'abc'"); RC_ENOMEM.
 */
int rc_prices_load(rc_prices **out, rc_ctx *ctx, const char *path);
/** Free. NULL-safe. */
void rc_prices_free(rc_prices *prices);
/** @return "built-in" or the file it was read from. */
const char *rc_prices_source(const rc_prices *prices);
/** @return the currency: "USD" for the built-in list. */
const char *rc_prices_currency(const rc_prices *prices);
/** @return the latest as-of date of the prices used ("2026-08-13"). */
const char *rc_prices_as_of(const rc_prices *prices);

/**
 * The price per user and month of licence @p k of the fit table
 * (rc_rulepack_licence()), as a base licence (@p attach 0) or as an attach
 * licence beside another Dynamics 365 licence (@p attach 1). Power Apps:
 * Premium (per user).
 * @return the price, or a negative number when the list has none.
 */
double rc_prices_of(const rc_prices *prices, const rc_rulepack *pack, size_t k,
                    int attach);
/** @return Power Apps per app's price per user, app and month, or < 0. */
double rc_prices_per_app(const rc_prices *prices);
/**
 * What licence @p k alone costs per user and month for a role mapped to
 * @p apps apps: its base price, or for Power Apps, @p apps per-app passes
 * when that is cheaper than Premium (*@p passes: how many, else 0).
 * @return the cost, or a negative number when the list has no price.
 */
double rc_prices_licence_cost(const rc_prices *prices, const rc_rulepack *pack,
                              size_t k, size_t apps, size_t *passes);

/** The cheapest licence (or licences) that cover a role. */
typedef struct {
  /** the licences (bits: rc_rulepack_licence() indices); 0 when none of
   * the licences that fit has a price */
  uint32_t licences;
  double per_user_month; /**< what they cost together; < 0 when unknown */
  /** Power Apps per app: the passes counted (one per app mapped to the
   * role), when cheaper than Premium; else 0 */
  size_t per_app;
  /** "CSE", "CSE+FS (FS at attach price)", "Power Apps per app x2
   * (Premium 20.00)" */
  char label[160];
} rc_licence_cost;

/**
 * The cheapest way to license @p fit: every licence whose fit is yes on
 * its own, and every combination of two to four Dynamics 365 licences
 * that covers the role together with none of them spare
 * (rc_role_fit_level()), priced as Microsoft sells them: the
 * highest-priced one at its base price, each further one at its attach
 * price (its base price when the list has no attach price). Power Apps costs @p
 * apps per-app passes when that is cheaper than Premium (@p apps: the apps
 * mapped to the role; 0 when not known).
 */
void rc_prices_role_cost(const rc_prices *prices, const rc_rulepack *pack,
                         const rc_role_fit *fit, size_t apps,
                         rc_licence_cost *out);

/* ---- what if: the cheapest change ---- */

/** The change that makes a role's licence cheaper. */
typedef struct {
  size_t model, role;
  size_t target;       /**< the licence it reaches (rc_rulepack_licence()) */
  double from;         /**< the role's cost now, per user and month */
  double to;           /**< its cost after the change */
  size_t change_count; /**< the privileges removed or lowered */
  const rc_fix_change *changes; /**< as `rolecheck fix --to` makes them */
} rc_what_if_role;

/** The cheapest changes of every role of an analysis. */
typedef struct rc_what_if rc_what_if;

/**
 * For each role that @p analysis judged and @p prices can cost: of the
 * cheaper licences a role edit can reach (Team Members, Power Apps), the
 * one that takes the fewest privilege changes (ties: the larger saving),
 * with the changes `rolecheck fix --to` that licence makes, when they
 * leave nothing open. Every role of @p models is analysed again as each
 * of those licences, under @p assign's designated apps (NULL: none);
 * @p assign is left as it was.
 * @param[out] out free with rc_what_if_free().
 * @return RC_OK or RC_ENOMEM.
 */
int rc_what_if_new(rc_what_if **out, rc_ctx *ctx, const rc_rulepack *pack,
                   rc_assignments *assign, rc_model *const *models,
                   size_t count, const rc_analysis *analysis,
                   const rc_prices *prices);
/** Free. NULL-safe. */
void rc_what_if_free(rc_what_if *what_if);
/** @return the cheapest change of role @p role of model @p model, or NULL
 * when no role edit makes it cheaper. Borrowed. */
const rc_what_if_role *rc_what_if_find(const rc_what_if *what_if, size_t model,
                                       size_t role);

/* ---- users per role: savings per month ---- */

/** How many people hold each role: a CSV or TSV file. */
typedef struct rc_role_users rc_role_users;

/**
 * Read a users-per-role list: a header naming the columns `role` (a
 * role's name, or its id as a GUID with or without braces) and `users` (a
 * whole number), comma-, semicolon- or tab-separated, UTF-8 with or
 * without a byte-order mark; other columns are ignored.
 * @param[out] out free with rc_role_users_free().
 * @return RC_OK, RC_EINPUT (cannot read it, no such columns, a row
 * without a role or whose users is no whole number: "file:line: ...") or
 * RC_ENOMEM.
 */
int rc_role_users_load(rc_role_users **out, rc_ctx *ctx, const char *path);
/** Free. NULL-safe. */
void rc_role_users_free(rc_role_users *users);
/**
 * The users of the role with id @p id and name @p name: the row naming its
 * id, else the first row naming its name (ASCII case aside); the row is
 * then marked used.
 * @return the count, or -1 when no row names the role (or @p users is
 * NULL).
 */
long rc_role_users_count(rc_role_users *users, const char *id,
                         const char *name);
/**
 * The rows no rc_role_users_count() call used: row @p i's line and role
 * into @p line and @p key.
 * @return how many there are.
 */
size_t rc_role_users_unused(const rc_role_users *users, size_t i,
                            unsigned long *line, const char **key);
/** @return the file read. */
const char *rc_role_users_file(const rc_role_users *users);

#ifdef __cplusplus
}
#endif
#endif
