/* The roles and the solution of rc_gen_tenant: each role a mix of Read and
 * Append on platform and solution tables, plus the create/write/delete its
 * kind needs (restricted tables for the Dynamics 365 kinds), written as an
 * extracted solution folder shaped as a direct export. */
#include <stdlib.h>
#include <string.h>

#include "gen_tenant.h"

#define NCUSTOM   40 /* tables the solution defines */
#define NTMTABLES 6  /* of them, the ones Team Members roles may write */
#define APP_ROLES 12 /* roles the Team Members app maps */

/* Verbs in export order, as bits of a table's mask. */
static const char *const verbs[] = {"Create", "Read",     "Write",  "Delete",
                                    "Append", "AppendTo", "Assign", "Share"};
enum { C = 1, R = 2, W = 4, D = 8, A = 16, AT = 32, AS = 64, SH = 128 };
#define CUD (C | W | D)
static const char *const levels[] = {"Basic", "Local", "Deep", "Global"};

/* Platform tables by privilege suffix, with their ownership (U user,
 * O organization: Global only, B business unit: never Basic) and whether
 * every role reads them (as roles cloned from Basic User do). */
static const struct {
  const char *suffix;
  char own;
  char core;
} platform[] = {
    {"Account", 'U', 1},
    {"Contact", 'U', 1},
    {"Activity", 'U', 1},
    {"Note", 'U', 1},
    {"UserQuery", 'U', 1},
    {"UserEntityUISettings", 'U', 1},
    {"User", 'B', 1},
    {"BusinessUnit", 'B', 1},
    {"Team", 'B', 1},
    {"TransactionCurrency", 'O', 1},
    {"Subject", 'O', 1},
    {"Query", 'O', 1},
    {"SystemForm", 'O', 1},
    {"Lead", 'U', 0},
    {"Opportunity", 'U', 0},
    {"Incident", 'U', 0},
    {"KnowledgeArticle", 'U', 0},
    {"Quote", 'U', 0},
    {"Order", 'U', 0},
    {"Invoice", 'U', 0},
    {"Goal", 'U', 0},
    {"Entitlement", 'U', 0},
    {"SLA", 'U', 0},
    {"Queue", 'U', 0},
    {"Connection", 'U', 0},
    {"SharePointDocumentLocation", 'U', 0},
    {"Report", 'U', 0},
    {"Campaign", 'U', 0},
    {"Contract", 'U', 0},
    {"PostFollow", 'U', 0},
    {"Mailbox", 'U', 0},
    {"msdyn_workorder", 'U', 0},
    {"msdyn_workorderservicetask", 'U', 0},
    {"BookableResourceBooking", 'U', 0},
    {"msdyn_customerasset", 'U', 0},
    {"msdyn_agreement", 'U', 0},
    {"msdyn_project", 'U', 0},
    {"msdyn_projecttask", 'U', 0},
    {"msdyn_estimate", 'U', 0},
    {"msdyn_timeentry", 'U', 0},
    {"msdyn_expense", 'U', 0},
    {"Product", 'O', 0},
    {"Competitor", 'O', 0},
    {"Territory", 'O', 0},
};
#define NPLATFORM COUNT(platform)
#define NTABLES   (NPLATFORM + NCUSTOM)

/* Miscellaneous privileges ordinary users hold (none is administration),
 * and metadata reads every user needs. */
static const char *const misc[] = {
    "prvExportToExcel", "prvPrint",        "prvMerge",
    "prvBulkEdit",      "prvGoOffline",    "prvSyncToOutlook",
    "prvUseOfficeApps", "prvUseTabletApp", "prvWorkflowExecution",
    "prvFlow",          "prvMailMerge",    "prvDocumentGeneration"};
static const char *const metadata[] = {
    "prvReadEntity",    "prvReadAttribute", "prvReadRelationship",
    "prvReadOptionSet", "prvReadEntityKey", "prvReadCustomization"};

static char custom[NCUSTOM][48]; /* SchemaNames of the solution's tables */

static void lower_into(char *out, size_t cap, const char *s)
{
  size_t i;
  for (i = 0; s[i] && i + 1 < cap; i++)
    out[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
  out[i] = '\0';
}

static int table_index(const char *suffix)
{
  size_t t;
  for (t = 0; t < NPLATFORM; t++)
    if (!strcmp(platform[t].suffix, suffix))
      return (int)t;
  fprintf(stderr, "gen_tenant: no table %s\n", suffix);
  exit(1);
}

/* Grants verbs on a platform table (by suffix) at depth d. */
static void grant(unsigned char *mask, unsigned char *wdepth,
                  const char *suffix, unsigned verbs_, unsigned d)
{
  int t = table_index(suffix);
  mask[t] |= (unsigned char)(verbs_ | R);
  if (verbs_ & ~(unsigned)(R | A | AT))
    wdepth[t] = (unsigned char)d;
}

/* Writes one role: reads and appends on the core tables and a random
 * share of the others, on some of the solution's tables, then the
 * create/write/delete of its kind, personal plumbing at Basic, and misc
 * and metadata privileges. Returns the number of RolePrivilege. */
static unsigned role_xml(FILE *f, const role *ro, const char *id)
{
  unsigned char mask[NTABLES], rdepth[NTABLES], wdepth[NTABLES];
  unsigned t, v, m, n = 0, share = 20 + pick(40), scope = pick(100);
  unsigned rd = scope < 40 ? 3 : scope < 70 ? 1 : scope < 85 ? 2 : 0;
  unsigned wd = pick(100) < 45 ? 0 : pick(100) < 70 ? 1 : 3;
  memset(mask, 0, sizeof(mask));
  memset(wdepth, 0, sizeof(wdepth));
  for (t = 0; t < NTABLES; t++) {
    int in = t < NPLATFORM               ? platform[t].core || pick(100) < share
             : t < NPLATFORM + NTMTABLES ? pick(100) < 50
                                         : pick(100) < 15;
    if (in)
      mask[t] = (unsigned char)(R | (pick(100) < 60 ? A | AT : 0));
    rdepth[t] = (unsigned char)rd;
    wdepth[t] = (unsigned char)wd;
  }
  switch (ro->kind) {
  case K_READ:
    break;
  case K_TM:
    /* what Team Members may do: their own contacts, activities, notes,
     * a few of the app's tables, and (a quarter) self-service cases */
    grant(mask, wdepth, "Contact", CUD, 0);
    grant(mask, wdepth, "Activity", CUD, 0);
    grant(mask, wdepth, "Note", CUD, 0);
    for (v = 0, m = 1 + pick(3); v < m; v++)
      mask[NPLATFORM + pick(NTMTABLES)] |= C | R | W;
    if (pick(100) < 25)
      grant(mask, wdepth, "Incident", C | W, 0);
    break;
  case K_APP:
    grant(mask, wdepth, "Contact", CUD, 1);
    grant(mask, wdepth, "Activity", CUD, 0);
    grant(mask, wdepth, "Note", CUD, 0);
    if (pick(2))
      grant(mask, wdepth, "Account", CUD | A | AT, 1);
    if (pick(2))
      grant(mask, wdepth, "Lead", CUD, 1);
    for (v = 0, m = 4 + pick(10); v < m; v++)
      mask[NPLATFORM + pick(NCUSTOM)] |= CUD | R;
    break;
  case K_SALES:
    grant(mask, wdepth, "Account", CUD | A | AT | AS | SH, wd);
    grant(mask, wdepth, "Contact", CUD | A | AT, wd);
    grant(mask, wdepth, "Lead", CUD | AS, wd);
    grant(mask, wdepth, "Opportunity", CUD | A | AT | AS | SH, wd);
    grant(mask, wdepth, "Quote", CUD, wd);
    grant(mask, wdepth, "Goal", C | W, wd);
    grant(mask, wdepth, "Activity", CUD, 0);
    grant(mask, wdepth, "Note", CUD, 0);
    if (pick(2))
      grant(mask, wdepth, "Order", CUD, wd);
    if (pick(3) == 0)
      grant(mask, wdepth, "Invoice", C | W, wd);
    break;
  case K_CSE:
  case K_CSP:
    /* an enterprise agent does what a professional does, and more */
    if (ro->kind == K_CSE) {
      grant(mask, wdepth, "KnowledgeArticle", CUD, 3);
      grant(mask, wdepth, "Entitlement", C | W, 1);
    }
    grant(mask, wdepth, "Incident", CUD | A | AT | AS | SH, 1);
    grant(mask, wdepth, "Contact", CUD, 1);
    grant(mask, wdepth, "Activity", CUD, 0);
    grant(mask, wdepth, "Note", CUD, 0);
    grant(mask, wdepth, "Queue", W | A | AT, 1);
    break;
  case K_FIELD:
    grant(mask, wdepth, "msdyn_workorder", CUD | A | AT, 1);
    grant(mask, wdepth, "msdyn_workorderservicetask", C | W, 1);
    grant(mask, wdepth, "BookableResourceBooking", C | W, 0);
    grant(mask, wdepth, "Activity", CUD, 0);
    grant(mask, wdepth, "Note", CUD, 0);
    if (pick(2))
      grant(mask, wdepth, "msdyn_customerasset", C | W, 1);
    if (pick(3) == 0)
      grant(mask, wdepth, "msdyn_agreement", C | W, 1);
    break;
  case K_PROJECT:
    grant(mask, wdepth, "msdyn_projecttask", CUD, 1);
    grant(mask, wdepth, "msdyn_estimate", C | W, 1);
    grant(mask, wdepth, "msdyn_timeentry", CUD, 0);
    grant(mask, wdepth, "msdyn_expense", CUD, 0);
    grant(mask, wdepth, "Activity", CUD, 0);
    grant(mask, wdepth, "Note", CUD, 0);
    break;
  case NKINDS:
    break;
  }
  /* personal plumbing every Basic User clone writes */
  grant(mask, wdepth, "UserQuery", CUD, 0);
  grant(mask, wdepth, "UserEntityUISettings", C | W, 0);

  fprintf(f, "    <Role id=\"{%s}\" name=\"%s\">\r\n", id, ro->name);
  fputs("      <IsCustomizable>1</IsCustomizable>\r\n"
        "      <IsAutoAssigned>0</IsAutoAssigned>\r\n"
        "      <RolePrivileges>\r\n",
        f);
  for (t = 0; t < NTABLES; t++) {
    const char *name =
        t < NPLATFORM ? platform[t].suffix : custom[t - NPLATFORM];
    char own = t < NPLATFORM ? platform[t].own : 'U';
    for (v = 0; v < 8; v++) {
      unsigned d = (1u << v) & (R | A | AT) ? rdepth[t] : wdepth[t];
      if (!(mask[t] & (1u << v)))
        continue;
      if (own == 'O')
        d = 3;
      else if (own == 'B' && d == 0)
        d = 1;
      fprintf(f, "        <RolePrivilege name=\"prv%s%s\" level=\"%s\" />\r\n",
              verbs[v], name, levels[d]);
      n++;
    }
  }
  for (v = 0; v < COUNT(metadata); v++, n++)
    fprintf(f, "        <RolePrivilege name=\"%s\" level=\"Global\" />\r\n",
            metadata[v]);
  for (v = 0; v < COUNT(misc); v++) {
    if (pick(100) < 45)
      continue;
    fprintf(f, "        <RolePrivilege name=\"%s\" level=\"%s\" />\r\n",
            misc[v], levels[pick(2) ? 3 : 0]);
    n++;
  }
  fputs("      </RolePrivileges>\r\n    </Role>\r\n", f);
  return n;
}

void name_tables(void)
{
  unsigned k;
  for (k = 0; k < NCUSTOM; k++) {
    const char *a = words[pick(NWORDS)], *b = words[pick(NWORDS)];
    /* SchemaName case: bench_Accountbudget3 */
    snprintf(custom[k], sizeof(custom[k]), "bench_%s%s%u", a, b, k);
    lower_into(custom[k] + 7, sizeof(custom[k]) - 7, custom[k] + 7);
  }
}

/* The solution, shaped as a direct export (no BOM or declaration, CRLF):
 * the custom tables (short definitions: the users benchmark is not about
 * forms and views), the roles, and the Sales Team Member app mapping a few
 * Team Members roles. Returns the RolePrivilege count. */
unsigned long long write_solution(const char *dir, const role *roles,
                                  unsigned nroles, unsigned *pmin,
                                  unsigned *pmax)
{
  char path[PATH_BUF], id[37], lower[48];
  unsigned long long total = 0;
  unsigned r, e;
  FILE *f;

  path_fmt(path, "%s/[Content_Types].xml", dir);
  f = open_out(path);
  fputs("\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"utf-8\"?><Types "
        "xmlns=\"http://schemas.openxmlformats.org/package/2006/"
        "content-types\"><Default Extension=\"xml\" "
        "ContentType=\"application/octet-stream\" /></Types>",
        f);
  close_out(f, path);

  path_fmt(path, "%s/solution.xml", dir);
  f = open_out(path);
  fputs("<ImportExportXml version=\"9.2.25031.158\" "
        "SolutionPackageVersion=\"9.2\" languagecode=\"1033\" "
        "generatedBy=\"CrmLive\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\r\n"
        "  <SolutionManifest>\r\n"
        "    <UniqueName>BenchTenant</UniqueName>\r\n"
        "    <LocalizedNames><LocalizedName description=\"Bench Tenant\" "
        "languagecode=\"1033\" /></LocalizedNames>\r\n"
        "    <Version>1.0.0.0</Version>\r\n"
        "    <Managed>0</Managed>\r\n"
        "    <Publisher><UniqueName>bench</UniqueName><CustomizationPrefix>"
        "bench</CustomizationPrefix></Publisher>\r\n"
        "    <RootComponents>\r\n",
        f);
  for (e = 0; e < NCUSTOM; e++) {
    lower_into(lower, sizeof(lower), custom[e]);
    fprintf(f,
            "      <RootComponent type=\"1\" schemaName=\"%s\" "
            "behavior=\"0\" />\r\n",
            lower);
  }
  for (r = 0; r < nroles; r++) {
    id_of(id, ID_ROLE, r);
    fprintf(
        f, "      <RootComponent type=\"20\" id=\"{%s}\" behavior=\"0\" />\r\n",
        id);
  }
  fputs(
      "      <RootComponent type=\"80\" schemaName=\"msdyn_TeamMember_Sales\" "
      "behavior=\"0\" />\r\n"
      "    </RootComponents>\r\n  </SolutionManifest>\r\n"
      "</ImportExportXml>\r\n",
      f);
  close_out(f, path);

  path_fmt(path, "%s/customizations.xml", dir);
  f = open_out(path);
  fputs("<ImportExportXml "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        "OrganizationVersion=\"9.2.25031.158\" "
        "OrganizationSchemaType=\"Standard\" "
        "CRMServerServiceabilityVersion=\"9.2.25031.00158\">\r\n"
        "  <Entities>\r\n",
        f);
  for (e = 0; e < NCUSTOM; e++) {
    const char *w = words[pick(NWORDS)];
    lower_into(lower, sizeof(lower), custom[e]);
    fprintf(f,
            "    <Entity>\r\n"
            "      <Name LocalizedName=\"%s %u\" OriginalName=\"%s %u\">%s"
            "</Name>\r\n"
            "      <ObjectTypeCode>%u</ObjectTypeCode>\r\n"
            "      <EntityInfo>\r\n"
            "        <entity Name=\"%s\">\r\n"
            "          <LocalizedNames><LocalizedName description=\"%s %u\" "
            "languagecode=\"1033\" /></LocalizedNames>\r\n"
            "          <attributes>\r\n"
            "            <attribute PhysicalName=\"bench_Name\">\r\n"
            "              <Type>nvarchar</Type>\r\n"
            "              <Name>bench_name</Name>\r\n"
            "              <LogicalName>bench_name</LogicalName>\r\n"
            "              <RequiredLevel>required</RequiredLevel>\r\n"
            "              <MaxLength>100</MaxLength>\r\n"
            "            </attribute>\r\n"
            "          </attributes>\r\n"
            "          <EntitySetName>%ss</EntitySetName>\r\n"
            "          <IsActivity>0</IsActivity>\r\n"
            "          <OwnershipTypeMask>UserOwned</OwnershipTypeMask>\r\n"
            "          <IntroducedVersion>1.0.0.0</IntroducedVersion>\r\n"
            "        </entity>\r\n"
            "      </EntityInfo>\r\n"
            "    </Entity>\r\n",
            w, e, w, e, custom[e], 10000 + e, custom[e], w, e, lower);
  }
  fputs("  </Entities>\r\n  <Roles>\r\n", f);
  *pmin = ~0u;
  *pmax = 0;
  for (r = 0; r < nroles; r++) {
    unsigned n;
    id_of(id, ID_ROLE, r);
    n = role_xml(f, &roles[r], id);
    total += n;
    if (n < *pmin)
      *pmin = n;
    if (n > *pmax)
      *pmax = n;
  }
  fputs("  </Roles>\r\n  <Workflows />\r\n  <FieldSecurityProfiles />\r\n"
        "  <Templates />\r\n  <EntityMaps />\r\n  <EntityRelationships />\r\n"
        "  <OrganizationSettings />\r\n  <optionsets />\r\n"
        "  <CustomControls />\r\n  <AppModules>\r\n    <AppModule>\r\n"
        "      <UniqueName>msdyn_TeamMember_Sales</UniqueName>\r\n"
        "      <IntroducedVersion>1.0.0.0</IntroducedVersion>\r\n",
        f);
  id_of(id, ID_WEBRESOURCE, 0);
  fprintf(f,
          "      <WebResourceId>%s</WebResourceId>\r\n"
          "      <OptimizedFor></OptimizedFor>\r\n"
          "      <statecode>0</statecode>\r\n"
          "      <statuscode>1</statuscode>\r\n"
          "      <FormFactor>1</FormFactor>\r\n"
          "      <ClientType>4</ClientType>\r\n"
          "      <NavigationType>0</NavigationType>\r\n"
          "      <AppModuleComponents>\r\n",
          id);
  {
    static const char *const app_tables[] = {"account", "contact", "lead",
                                             "opportunity"};
    for (e = 0; e < COUNT(app_tables); e++)
      fprintf(f,
              "        <AppModuleComponent type=\"1\" schemaName=\"%s\" />\r\n",
              app_tables[e]);
  }
  for (e = 0; e < NTMTABLES; e++) {
    lower_into(lower, sizeof(lower), custom[e]);
    fprintf(f,
            "        <AppModuleComponent type=\"1\" schemaName=\"%s\" />\r\n",
            lower);
  }
  /* an app maps a handful of roles, as real ones do: the first Team
   * Members roles */
  fputs("      </AppModuleComponents>\r\n      <AppModuleRoleMaps>\r\n", f);
  for (r = 0, e = 0; r < nroles && e < APP_ROLES; r++) {
    if (roles[r].kind != K_TM)
      continue;
    e++;
    id_of(id, ID_ROLE, r);
    fprintf(f, "        <Role id=\"{%s}\" />\r\n", id);
  }
  fputs("      </AppModuleRoleMaps>\r\n"
        "      <LocalizedNames>\r\n"
        "        <LocalizedName description=\"Sales Team Member\" "
        "languagecode=\"1033\" />\r\n"
        "      </LocalizedNames>\r\n"
        "    </AppModule>\r\n  </AppModules>\r\n"
        "  <EntityDataProviders />\r\n"
        "  <Languages>\r\n    <Language>1033</Language>\r\n  </Languages>\r\n"
        "</ImportExportXml>\r\n",
        f);
  close_out(f, path);
  return total;
}
