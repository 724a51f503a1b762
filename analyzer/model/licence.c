/* The licence SKU table and the classification of a SKU by its service
 * plans (the order is include/rolecheck/tenant.h's). */
#include "model/licence.h"

#include <string.h>

#include "util/ascii.h"

static const rc_sku skus[] = {
#define RC_SKU(name, id, guid, plans) {name, id, guid, plans},
#include "model/licence_skus.def"
#undef RC_SKU
};

/* Names seen in real exports for a SKU whose display name differs. */
static const struct {
  const char *name;
  const char *id;
} aliases[] = {
    {"Power Apps per app plan (1 app or website)", "POWERAPPS_PER_APP_NEW"},
    {"Dynamics 365 Team Members_wDynamicsRetail", "DYN365_TEAM_MEMBERS"},
    {"Dynamics 365 Sales Professional", "D365_SALES_PRO"},
};

/* The plans that classify, with their Service_Plan_Id (the ids disabledPlans
 * holds), from Microsoft's product list. A plan without a known id cannot
 * be matched against disabledPlans. */
static const struct {
  const char *plan;
  const char *id;
  unsigned cls;
} plans[] = {
    {"DYN365_ENTERPRISE_SALES", "2da8e897-7791-486b-b08f-cc63c8129df7",
     RC_LIC_SE},
    {"D365_SALES_ENT_ATTACH", "3ae52229-572e-414f-937c-ff35a87d4f29",
     RC_LIC_SE},
    {"DYN365_ENTERPRISE_P1", "d56f3deb-50d8-465a-bedb-f079817ccac1",
     RC_LIC_SE | RC_LIC_CSE},
    {"DYN365_ ENTERPRISE _RELATIONSHIP_SALES", NULL, RC_LIC_SE},
    {"DYN365_ENTERPRISE_CUSTOMER_SERVICE",
     "99340b49-fb81-4b1e-976b-8f2ae8e9394f", RC_LIC_CSE},
    {"D365_CUSTOMER_SERVICE_ENT_ATTACH", "61a2665f-1873-488c-9199-c3d0bc213fdf",
     RC_LIC_CSE},
    {"DYN365_SALES_PRO", "88d83950-ff78-4e85-aa66-abfc787f8090", RC_LIC_SP},
    {"D365_SALES_PRO_ATTACH", "065f3c64-0649-4ec7-9f47-ef5cf134c751",
     RC_LIC_SP},
    {"DYN365_CUSTOMER_SERVICE_PRO", "6929f657-b31b-4947-b4ce-5066c3214f54",
     RC_LIC_CSP},
    {"D365_CUSTOMER_SERVICE_PRO_ATTACH", "a9dd2dca-10ae-4da2-aaf0-d3fe8a825110",
     RC_LIC_CSP},
    {"D365_ProjectOperations", "69f07c66-bee4-4222-b051-195095efee5b",
     RC_LIC_PO},
    {"D365_ProjectOperationsAttach", "fa7675bd-6717-40e7-8172-d0bbcbe1ab12",
     RC_LIC_PO},
    {"DYN365_MARKETING_APP", "a3a4fa10-5092-401a-af30-0462a95a7ac8",
     RC_LIC_MKT},
    {"DYN365_MARKETING_USER", "5d7a6abc-eebd-46ab-96e1-e4a2f54a2248",
     RC_LIC_MKT},
    {"DYN365_ENTERPRISE_FIELD_SERVICE", "8c66ef8a-177f-4c0d-853c-d4f219331d09",
     RC_LIC_FS},
    {"D365_FIELD_SERVICE_ATTACH", "55c9148b-d5f0-4101-b5a0-b2727cfc0916",
     RC_LIC_FS},
    {"DYN365_ENTERPRISE_TEAM_MEMBERS", "6a54b05e-4fab-40e7-9828-428db3b336fa",
     RC_LIC_TM},
    {"DYN365_TEAM_MEMBERS", "4092fdb5-8d81-41d3-be76-aaba4074530b", RC_LIC_TM},
    {"POWERAPPS_PER_USER", "ea2cf03b-ac60-46ae-9c1d-eeaeb63cec86",
     RC_LIC_PA_PREMIUM},
    {"POWERAPPS_PER_APP", "b4f657ff-d83e-4053-909d-baa2b595ec97",
     RC_LIC_PA_PER_APP},
    {"POWERAPPS_PER_APP_NEW", "14f8dac2-0784-4daa-9cb2-6d670b088d64",
     RC_LIC_PA_PER_APP},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const rc_sku *rc_sku__by_guid(const char *guid)
{
  size_t lo = 0, hi = COUNT(skus);
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(guid, skus[mid].guid);
    if (c == 0)
      return &skus[mid];
    if (c < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  return NULL;
}

static int name_is(const char *name, const char *s, size_t len)
{
  size_t i;
  if (strlen(name) != len)
    return 0;
  for (i = 0; i < len; i++)
    if (rc_ascii_tolower((unsigned char)name[i]) !=
        rc_ascii_tolower((unsigned char)s[i]))
      return 0;
  return 1;
}

static const rc_sku *by_id(const char *id)
{
  return rc_sku__by_id(id, strlen(id));
}

const rc_sku *rc_sku__by_id(const char *s, size_t len)
{
  size_t i;
  for (i = 0; i < COUNT(skus); i++)
    if (strlen(skus[i].id) == len && !memcmp(skus[i].id, s, len))
      return &skus[i];
  return NULL;
}

const rc_sku *rc_sku__by_name(const char *s, size_t len)
{
  size_t i;
  for (i = 0; i < COUNT(skus); i++)
    if (name_is(skus[i].name, s, len))
      return &skus[i];
  for (i = 0; i < COUNT(aliases); i++)
    if (name_is(aliases[i].name, s, len))
      return by_id(aliases[i].id);
  return NULL;
}

int rc_sku__is_attach(const rc_sku *sku)
{
  return strstr(sku->id, "_ATTACH") != NULL;
}

/* The class bits of plan p[0..len) unless it is disabled; *tm_plan set
 * when it is a Team Members plan. */
static unsigned plan_class(const char *p, size_t len,
                           const char (*disabled)[37], size_t n)
{
  size_t i, j;
  for (i = 0; i < COUNT(plans); i++) {
    /* not strlen(): every plan of every licence of every user */
    if (!len || plans[i].plan[0] != p[0] || strncmp(plans[i].plan, p, len) ||
        plans[i].plan[len])
      continue;
    if (plans[i].id)
      for (j = 0; j < n; j++)
        if (!strcmp(disabled[j], plans[i].id))
          return 0;
    return plans[i].cls;
  }
  return 0;
}

unsigned rc_sku__classify(const rc_sku *sku, const char (*disabled)[37],
                          size_t n)
{
  unsigned full = 0, fs = 0, tm = 0, pa = 0, tm_sku = 0;
  const char *p = sku->plans;
  while (*p) {
    const char *e = strchr(p, ';');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    /* a Team Members SKU by its plans, disabled or not: the SKU is what
     * it is whatever the user has switched off */
    unsigned all = plan_class(p, len, NULL, 0);
    unsigned c = plan_class(p, len, disabled, n);
    tm_sku |= all & RC_LIC_TM;
    full |= c & (RC_LIC_SE | RC_LIC_CSE | RC_LIC_SP | RC_LIC_CSP | RC_LIC_PO |
                 RC_LIC_MKT);
    fs |= c & RC_LIC_FS;
    tm |= c & RC_LIC_TM;
    pa |= c & (RC_LIC_PA_PREMIUM | RC_LIC_PA_PER_APP);
    p += len;
    if (*p == ';')
      p++;
  }
  /* 1. full applications; 2. Field Service, not from a Team Members SKU;
   * 3. Team Members; 4. Power Apps */
  return full | (tm_sku ? 0u : fs) | tm | pa;
}
