/**
 * @file rolecheck.h
 * @brief Umbrella header: reads exported Dataverse solutions offline and
 * builds the security-role privilege matrix.
 */
#ifndef RC_ROLECHECK_H
#define RC_ROLECHECK_H

#include "rolecheck/diff.h"
#include "rolecheck/error.h"
#include "rolecheck/fix.h"
#include "rolecheck/model.h"
#include "rolecheck/prices.h"
#include "rolecheck/report.h"
#include "rolecheck/rules.h"
#include "rolecheck/source.h"
#include "rolecheck/tenant.h"
#include "rolecheck/users.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Library version, "MAJOR.MINOR.PATCH". Static string. */
const char *rc_version(void);

#ifdef __cplusplus
}
#endif

#endif
