/* The licence SKU table (licence_skus.def) and the classification of a
 * SKU by its service plans; shared by the export readers (licences.c). */
#ifndef RC_MODEL_LICENCE_H
#define RC_MODEL_LICENCE_H

#include <stddef.h>

#include "rolecheck/tenant.h"

typedef struct {
  const char *name;  /* Product_Display_Name */
  const char *id;    /* String_Id */
  const char *guid;  /* skuId, lower case */
  const char *plans; /* Service_Plan_Names joined by ';' */
} rc_sku;

/* The SKU with this skuId (normalised, lower case), or NULL. */
const rc_sku *rc_sku__by_guid(const char *guid);
/* The SKU whose display name (or a known alias of it) is s[0..len), ASCII
 * case aside, or NULL. */
const rc_sku *rc_sku__by_name(const char *s, size_t len);
/* The SKU whose String_Id is s[0..len) (case as written), or NULL. */
const rc_sku *rc_sku__by_id(const char *s, size_t len);
/* 1 when the SKU is an attach SKU (counts only with a base licence). */
int rc_sku__is_attach(const rc_sku *sku);
/* The rc_licence_class bits the SKU grants once the service plans whose
 * Service_Plan_Ids (normalised GUIDs) are in disabled[0..n) are removed. */
unsigned rc_sku__classify(const rc_sku *sku, const char (*disabled)[37],
                          size_t n);

#endif
