/* Seeded generator of synthetic solutions shaped like real unmanaged exports
 * (performance reference, "What the generator must mimic"): entities with
 * attributes, forms, views and ribbons first, then the roles near the end;
 * written as a zip (deflate -9), its extracted folder, and a pac unpacked
 * folder. The same seed gives byte-identical output.
 *   gen_solution SEED CLASS OUTDIR [--repacked]
 * CLASS: s1 (corpus-sized), s10, s100, s300, s300r (300 MB, 100 roles),
 * h50 (the HTML report's matrix: 50 roles over 2,000 small tables, each
 * role granting a random subset of tables and rights at mixed depths, plus
 * system tables and miscellaneous privileges). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

#define PATH_BUF 4096

typedef struct {
  const char *name;
  int entities, attributes, forms, views, roles, privileges;
  int sparse; /* roles pick tables and rights at random (sparse_role_xml) */
} size_class;

static const size_class classes[] = {
    {"s1", 12, 20, 1, 2, 3, 120, 0},
    {"s10", 50, 60, 2, 5, 25, 400, 0},
    {"s100", 430, 60, 2, 5, 100, 3000, 0},
    {"s300", 1300, 60, 2, 5, 300, 3000, 0},
    /* s300 in size with s100's roles: memory growth at fixed roles */
    {"s300r", 1300, 60, 2, 5, 100, 3000, 0},
    /* the HTML matrix: many roles x many tables; privileges is the
     * per-mille share of tables each role covers at most */
    {"h50", 2000, 2, 0, 0, 50, 700, 1},
};

static const char *const words[] = {
    "account",  "approval", "asset",    "booking",  "budget",  "case",
    "category", "contract", "customer", "delivery", "device",  "document",
    "event",    "field",    "grant",    "incident", "invoice", "item",
    "journey",  "ledger",   "location", "meeting",  "member",  "note",
    "order",    "partner",  "payment",  "project",  "quote",   "region",
    "request",  "resource", "review",   "schedule", "service", "site",
    "status",   "survey",   "task",     "team",     "ticket",  "visit",
    "vendor",   "warranty", "work",     "zone"};
#define NWORDS (sizeof(words) / sizeof(words[0]))

static uint64_t rng;

static uint64_t next(void)
{
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static const char *word(void)
{
  return words[next() % NWORDS];
}

static void guid(char out[39])
{
  uint64_t a = next(), b = next();
  snprintf(out, 39, "{%08x-%04x-4%03x-8%03x-%012llx}", (unsigned)(a >> 32),
           (unsigned)(a >> 16) & 0xffff, (unsigned)a & 0xfff,
           (unsigned)(b >> 48) & 0xfff,
           (unsigned long long)(b & 0xffffffffffffULL));
}

static const char *nl = "\r\n"; /* direct exports use CRLF */

static void line(FILE *f, int indent, const char *fmt, ...)
{
  va_list ap;
  fprintf(f, "%*s", indent * 2, "");
  va_start(ap, fmt);
  vfprintf(f, fmt, ap);
  va_end(ap);
  fputs(nl, f);
}

static void attribute(FILE *f, const char *entity, int i)
{
  char name[64];
  snprintf(name, sizeof(name), "bench_%s%s%d", word(), word(), i);
  line(f, 5, "<attribute PhysicalName=\"%s\">", name);
  line(f, 6, "<Type>nvarchar</Type>");
  line(f, 6, "<Name>%s</Name>", name);
  line(f, 6, "<LogicalName>%s</LogicalName>", name);
  line(f, 6, "<RequiredLevel>none</RequiredLevel>");
  line(f, 6,
       "<DisplayMask>ValidForAdvancedFind|ValidForForm|ValidForGrid</"
       "DisplayMask>");
  line(f, 6, "<ImeMode>auto</ImeMode>");
  line(f, 6, "<ValidForUpdateApi>1</ValidForUpdateApi>");
  line(f, 6, "<ValidForReadApi>1</ValidForReadApi>");
  line(f, 6, "<ValidForCreateApi>1</ValidForCreateApi>");
  line(f, 6, "<IsCustomField>1</IsCustomField>");
  line(f, 6, "<IsAuditEnabled>1</IsAuditEnabled>");
  line(f, 6, "<IsSecured>0</IsSecured>");
  line(f, 6, "<IntroducedVersion>1.0.0.0</IntroducedVersion>");
  line(f, 6, "<IsCustomizable>1</IsCustomizable>");
  line(f, 6, "<IsRenameable>1</IsRenameable>");
  line(f, 6, "<CanModifySearchSettings>1</CanModifySearchSettings>");
  line(f, 6,
       "<CanModifyRequirementLevelSettings>1</"
       "CanModifyRequirementLevelSettings>");
  line(f, 6, "<CanModifyAdditionalSettings>1</CanModifyAdditionalSettings>");
  line(f, 6, "<SourceType>0</SourceType>");
  line(f, 6, "<IsGlobalFilterEnabled>0</IsGlobalFilterEnabled>");
  line(f, 6, "<IsSortableEnabled>0</IsSortableEnabled>");
  line(f, 6,
       "<CanModifyGlobalFilterSettings>1</CanModifyGlobalFilterSettings>");
  line(f, 6, "<CanModifyIsSortableSettings>1</CanModifyIsSortableSettings>");
  line(f, 6, "<IsDataSourceSecret>0</IsDataSourceSecret>");
  line(f, 6, "<AutoNumberFormat></AutoNumberFormat>");
  line(f, 6, "<IsSearchable>0</IsSearchable>");
  line(f, 6, "<IsFilterable>0</IsFilterable>");
  line(f, 6, "<IsRetrievable>0</IsRetrievable>");
  line(f, 6, "<IsLocalizable>0</IsLocalizable>");
  line(f, 6, "<Format>text</Format>");
  line(f, 6, "<MaxLength>%d</MaxLength>", 100 + (int)(next() % 900));
  line(f, 6, "<Length>%d</Length>", 200 + (int)(next() % 1800));
  line(f, 6, "<displaynames>");
  line(f, 7,
       "<displayname description=\"%s %s of the %s\" languagecode=\"1033\" />",
       word(), word(), entity);
  line(f, 6, "</displaynames>");
  line(f, 6, "<Descriptions>");
  line(f, 7,
       "<Description description=\"The %s %s %s used by %s %s.\" "
       "languagecode=\"1033\" />",
       word(), word(), word(), word(), word());
  line(f, 6, "</Descriptions>");
  line(f, 5, "</attribute>");
}

static void form(FILE *f)
{
  char id[39];
  int t, s, r;
  guid(id);
  line(f, 4, "<systemform>");
  line(f, 5, "<formid>%s</formid>", id);
  line(f, 5, "<IntroducedVersion>1.0.0.0</IntroducedVersion>");
  line(f, 5, "<FormPresentation>1</FormPresentation>");
  line(f, 5, "<FormActivationState>1</FormActivationState>");
  line(f, 5, "<form headerdensity=\"HighWithControls\">");
  line(f, 6, "<tabs>");
  for (t = 0; t < 4; t++) {
    guid(id);
    line(f, 7,
         "<tab name=\"tab_%d\" id=\"%s\" IsUserDefined=\"0\" locklevel=\"0\" "
         "showlabel=\"true\">",
         t, id);
    line(f, 8,
         "<labels><label description=\"%s %s\" languagecode=\"1033\" "
         "/></labels>",
         word(), word());
    line(f, 8, "<columns><column width=\"100%%\"><sections>");
    for (s = 0; s < 3; s++) {
      guid(id);
      line(f, 9,
           "<section name=\"section_%d_%d\" showlabel=\"false\" "
           "showbar=\"false\" id=\"%s\" IsUserDefined=\"0\" "
           "layout=\"varwidth\" columns=\"1\">",
           t, s, id);
      line(
          f, 10,
          "<labels><label description=\"%s\" languagecode=\"1033\" /></labels>",
          word());
      line(f, 10, "<rows>");
      for (r = 0; r < 5; r++) {
        char cid[39];
        guid(id);
        guid(cid);
        line(f, 11, "<row><cell id=\"%s\" showlabel=\"true\" locklevel=\"0\">",
             id);
        line(f, 12,
             "<labels><label description=\"%s %s\" languagecode=\"1033\" "
             "/></labels>",
             word(), word());
        line(f, 12,
             "<control id=\"bench_%s%d\" "
             "classid=\"{4273EDBD-AC1D-40d3-9FB2-095C621B552D}\" "
             "datafieldname=\"bench_%s\" disabled=\"false\" uniqueid=\"%s\" />",
             word(), r, word(), cid);
        line(f, 11, "</cell></row>");
      }
      line(f, 10, "</rows>");
      line(f, 9, "</section>");
    }
    line(f, 8, "</sections></column></columns>");
    line(f, 7, "</tab>");
  }
  line(f, 6, "</tabs>");
  line(f, 6,
       "<events><event name=\"onload\" application=\"false\" "
       "active=\"false\"><Handlers><Handler functionName=\"bench.%s.onLoad\" "
       "libraryName=\"bench_/scripts/%s.js\" handlerUniqueId=\"%s\" "
       "enabled=\"true\" parameters=\"\" passExecutionContext=\"true\" "
       "/></Handlers></event></events>",
       word(), word(), id);
  line(f, 5, "</form>");
  line(f, 5,
       "<LocalizedNames><LocalizedName description=\"Information\" "
       "languagecode=\"1033\" /></LocalizedNames>");
  line(f, 4, "</systemform>");
}

static void view(FILE *f, const char *entity)
{
  char id[39];
  guid(id);
  line(f, 4, "<savedquery>");
  line(f, 5, "<IsCustomizable>1</IsCustomizable>");
  line(f, 5, "<CanBeDeleted>1</CanBeDeleted>");
  line(f, 5, "<isquickfindquery>0</isquickfindquery>");
  line(f, 5, "<isprivate>0</isprivate>");
  line(f, 5, "<isdefault>0</isdefault>");
  line(f, 5, "<savedqueryid>%s</savedqueryid>", id);
  line(f, 5,
       "<layoutxml><grid name=\"resultset\" jump=\"bench_name\" select=\"1\" "
       "icon=\"1\" preview=\"1\"><row name=\"result\" id=\"%sid\"><cell "
       "name=\"bench_name\" width=\"300\" /><cell name=\"createdon\" "
       "width=\"125\" /><cell name=\"bench_%s\" width=\"100\" "
       "/></row></grid></layoutxml>",
       entity, word());
  line(f, 5, "<querytype>0</querytype>");
  line(f, 5,
       "<fetchxml><fetch version=\"1.0\" mapping=\"logical\"><entity "
       "name=\"%s\"><attribute name=\"bench_name\" /><attribute "
       "name=\"createdon\" /><order attribute=\"bench_name\" "
       "descending=\"false\" /><filter type=\"and\"><condition "
       "attribute=\"statecode\" operator=\"eq\" value=\"0\" "
       "/></filter><attribute name=\"%sid\" /></entity></fetch></fetchxml>",
       entity, entity);
  line(f, 5, "<IntroducedVersion>1.0.0.0</IntroducedVersion>");
  line(f, 5,
       "<LocalizedNames><LocalizedName description=\"Active %s %s\" "
       "languagecode=\"1033\" /></LocalizedNames>",
       word(), word());
  line(f, 4, "</savedquery>");
}

static void entity_xml(FILE *f, const size_class *c, const char *schema,
                       int depth)
{
  int a, i;
  char lower[64];
  for (i = 0; schema[i] && i < 63; i++)
    lower[i] = (char)(schema[i] >= 'A' && schema[i] <= 'Z' ? schema[i] + 32
                                                           : schema[i]);
  lower[i] = '\0';
  line(f, depth, "<Entity>");
  line(f, depth + 1,
       "<Name LocalizedName=\"%s %s\" OriginalName=\"%s %s\">%s</Name>", word(),
       word(), word(), word(), schema);
  line(f, depth + 1, "<ObjectTypeCode>%d</ObjectTypeCode>",
       10000 + (int)(next() % 9000));
  line(f, depth + 1, "<EntityInfo>");
  line(f, depth + 2, "<entity Name=\"%s\">", schema);
  line(f, depth + 3,
       "<LocalizedNames><LocalizedName description=\"%s %s\" "
       "languagecode=\"1033\" /></LocalizedNames>",
       word(), word());
  line(f, depth + 3,
       "<LocalizedCollectionNames><LocalizedCollectionName description=\"%s "
       "%ss\" languagecode=\"1033\" /></LocalizedCollectionNames>",
       word(), word());
  line(f, depth + 3,
       "<Descriptions><Description description=\"Stores %s %s for %s.\" "
       "languagecode=\"1033\" /></Descriptions>",
       word(), word(), word());
  line(f, depth + 3, "<attributes>");
  for (a = 0; a < c->attributes; a++)
    attribute(f, lower, a);
  line(f, depth + 3, "</attributes>");
  line(f, depth + 3, "<EntitySetName>%ss</EntitySetName>", lower);
  line(f, depth + 3,
       "<IsDuplicateCheckSupported>0</IsDuplicateCheckSupported>");
  line(f, depth + 3, "<IsBusinessProcessEnabled>0</IsBusinessProcessEnabled>");
  line(f, depth + 3, "<IsRequiredOffline>0</IsRequiredOffline>");
  line(f, depth + 3, "<IsActivity>0</IsActivity>");
  line(f, depth + 3, "<OwnershipTypeMask>UserOwned</OwnershipTypeMask>");
  line(f, depth + 3, "<IntroducedVersion>1.0.0.0</IntroducedVersion>");
  line(f, depth + 2, "</entity>");
  line(f, depth + 1, "</EntityInfo>");
  line(f, depth + 1, "<FormXml>");
  line(f, depth + 2, "<forms type=\"main\">");
  for (a = 0; a < c->forms; a++)
    form(f);
  line(f, depth + 2, "</forms>");
  line(f, depth + 1, "</FormXml>");
  line(f, depth + 1, "<SavedQueries>");
  line(f, depth + 2, "<savedqueries>");
  for (a = 0; a < c->views; a++)
    view(f, lower);
  line(f, depth + 2, "</savedqueries>");
  line(f, depth + 1, "</SavedQueries>");
  line(f, depth + 1, "<RibbonDiffXml>");
  line(f, depth + 2,
       "<CustomActions /><Templates><RibbonTemplates "
       "Id=\"Mscrm.Templates\"></RibbonTemplates></"
       "Templates><CommandDefinitions /><RuleDefinitions><TabDisplayRules "
       "/><DisplayRules /><EnableRules /></RuleDefinitions><LocLabels />");
  line(f, depth + 1, "</RibbonDiffXml>");
  line(f, depth, "</Entity>");
}

static const char *const verbs[] = {"Create", "Read",     "Write",  "Delete",
                                    "Append", "AppendTo", "Assign", "Share"};
static const char *const levels[] = {"Basic", "Local", "Deep", "Global"};

/* A role's start tag and the elements before its privileges. */
static void role_open(FILE *f, int depth, int r)
{
  char id[39];
  guid(id);
  line(f, depth, "<Role id=\"%s\" name=\"Bench %s %s %d\">", id, word(), word(),
       r);
  line(f, depth + 1, "<IsCustomizable>1</IsCustomizable>");
  line(f, depth + 1, "<IsAutoAssigned>0</IsAutoAssigned>");
  line(f, depth + 1, "<RolePrivileges>");
}

static void role_xml(FILE *f, const size_class *c, char **schemas, int r,
                     int depth)
{
  int p, combos = c->entities * 8, start = (int)(next() % (uint64_t)combos);
  role_open(f, depth, r);
  for (p = 0; p < c->privileges && p < combos; p++) {
    int k = (start + p) % combos;
    line(f, depth + 2, "<RolePrivilege name=\"prv%s%s\" level=\"%s\" />",
         verbs[k % 8], schemas[k / 8], levels[next() % 4]);
  }
  line(f, depth + 1, "</RolePrivileges>");
  line(f, depth, "</Role>");
}

/* Out-of-box tables and miscellaneous privileges the sparse roles also
 * hold, so the matrix has system (not custom) rows and misc rows. */
static const char *const system_tables[] = {
    "Account", "Contact", "Lead",     "Opportunity", "Incident",
    "Task",    "Email",   "Activity", "Note",        "SystemUser",
    "Team",    "Queue",   "Goal",     "Quote",       "Order"};
static const char *const misc_privileges[] = {
    "prvExportToExcel", "prvMerge",      "prvBulkEdit",
    "prvGoMobile",      "prvPrint",      "prvUseOfficeApps",
    "prvAssignManager", "prvReadEntity", "prvFlow",
    "prvSendAsUser",    "prvBulkDelete", "prvPublishDuplicateRule"};
#define NSYSTEM (sizeof(system_tables) / sizeof(system_tables[0]))
#define NMISC   (sizeof(misc_privileges) / sizeof(misc_privileges[0]))

/* One role of a sparse class: the role covers a share of the tables drawn
 * for it (10 % up to privileges per mille); on each covered table, Read
 * and then each other right with a chance that differs per role, each at
 * a random depth. Returns the number of RolePrivilege written. */
static unsigned long long sparse_role_xml(FILE *f, const size_class *c,
                                          char **schemas, int r, int depth)
{
  unsigned long long n = 0;
  int e, v;
  unsigned share = 100 + (unsigned)(next() % (uint64_t)(c->privileges - 99));
  unsigned rights = 20 + (unsigned)(next() % 60); /* % chance per right */
  role_open(f, depth, r);
  for (e = 0; e < c->entities + (int)NSYSTEM; e++) {
    const char *t =
        e < c->entities ? schemas[e] : system_tables[e - c->entities];
    if (next() % 1000 >= share)
      continue;
    for (v = 0; v < 8; v++) {
      if (v != 1 && next() % 100 >= rights)
        continue;
      line(f, depth + 2, "<RolePrivilege name=\"prv%s%s\" level=\"%s\" />",
           verbs[v], t, levels[next() % 4]);
      n++;
    }
  }
  for (e = 0; e < (int)NMISC; e++) {
    if (next() % 2)
      continue;
    line(f, depth + 2, "<RolePrivilege name=\"%s\" level=\"%s\" />",
         misc_privileges[e], levels[next() % 4]);
    n++;
  }
  line(f, depth + 1, "</RolePrivileges>");
  line(f, depth, "</Role>");
  return n;
}

static FILE *open_out(const char *path)
{
  FILE *f = fopen(path, "wb");
  if (!f) {
    fprintf(stderr, "gen_solution: %s: %s\n", path, strerror(errno));
    exit(1);
  }
  return f;
}

/* A path under OUTDIR; a path too long for the buffer ends the run. */
__attribute__((format(printf, 2, 3))) static void path_fmt(char out[PATH_BUF],
                                                           const char *fmt, ...)
{
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsnprintf(out, PATH_BUF, fmt, ap);
  va_end(ap);
  if (n < 0 || n >= PATH_BUF) {
    fprintf(stderr, "gen_solution: output path too long\n");
    exit(1);
  }
}

static void bom_decl(FILE *f, int repacked)
{
  if (repacked)
    fputs("\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n", f);
}

int main(int argc, char **argv)
{
  const size_class *c = NULL;
  char path[PATH_BUF], ext[PATH_BUF], unp[PATH_BUF], **schemas;
  int i, e, repacked = argc > 4 && !strcmp(argv[4], "--repacked");
  FILE *f;
  size_t k;
  uint64_t seed;
  zip_t *z;
  int err = 0;
  unsigned long long privs = 0;
  struct stat st;

  if (argc < 4) {
    fprintf(stderr, "usage: gen_solution SEED s1|s10|s100|s300|s300r|h50 "
                    "OUTDIR [--repacked]\n");
    return 2;
  }
  seed = strtoull(argv[1], NULL, 10);
  for (k = 0; k < sizeof(classes) / sizeof(classes[0]); k++) {
    if (!strcmp(classes[k].name, argv[2]))
      c = &classes[k];
  }
  if (!c) {
    fprintf(stderr, "gen_solution: unknown class %s\n", argv[2]);
    return 2;
  }
  rng = seed * 0x9E3779B97F4A7C15ULL + 1;
  schemas = calloc((size_t)c->entities, sizeof(char *));
  for (e = 0; e < c->entities; e++) {
    schemas[e] = malloc(64);
    snprintf(schemas[e], 64, "bench_%s%s%d", word(), word(), e);
    schemas[e][6] = (char)(schemas[e][6] - 32); /* SchemaName case */
  }
  path_fmt(ext, "%s/%s", argv[3], c->name);
  path_fmt(unp, "%s/%s-unpacked", argv[3], c->name);
  mkdir(argv[3], 0755);
  mkdir(ext, 0755);
  mkdir(unp, 0755);
  path_fmt(path, "%s/Other", unp);
  mkdir(path, 0755);
  path_fmt(path, "%s/Roles", unp);
  mkdir(path, 0755);
  path_fmt(path, "%s/Entities", unp);
  mkdir(path, 0755);

  /* solution.xml (and its unpacked twin) */
  for (i = 0; i < 2; i++) {
    path_fmt(path, i ? "%s/Other/Solution.xml" : "%s/solution.xml",
             i ? unp : ext);
    f = open_out(path);
    bom_decl(f, repacked || i);
    line(f, 0,
         "<ImportExportXml version=\"9.2.25031.158\" "
         "SolutionPackageVersion=\"9.2\" languagecode=\"1033\" "
         "generatedBy=\"CrmLive\" "
         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">");
    line(f, 1, "<SolutionManifest>");
    line(f, 2, "<UniqueName>Bench%s</UniqueName>", c->name);
    line(f, 2,
         "<LocalizedNames><LocalizedName description=\"Bench %s\" "
         "languagecode=\"1033\" /></LocalizedNames>",
         c->name);
    line(f, 2, "<Version>1.0.0.%llu</Version>", (unsigned long long)seed);
    line(f, 2, "<Managed>0</Managed>");
    line(f, 2,
         "<Publisher><UniqueName>bench</UniqueName><CustomizationPrefix>bench</"
         "CustomizationPrefix></Publisher>");
    line(f, 2, "<RootComponents>");
    for (e = 0; e < c->entities; e++) {
      char lower[64];
      size_t n;
      for (n = 0; schemas[e][n] && n < 63; n++)
        lower[n] = (char)(schemas[e][n] >= 'A' && schemas[e][n] <= 'Z'
                              ? schemas[e][n] + 32
                              : schemas[e][n]);
      lower[n] = '\0';
      line(f, 3,
           "<RootComponent type=\"1\" schemaName=\"%s\" behavior=\"0\" />",
           lower);
    }
    line(f, 2, "</RootComponents>");
    line(f, 1, "</SolutionManifest>");
    line(f, 0, "</ImportExportXml>");
    fclose(f);
  }
  path_fmt(path, "%s/[Content_Types].xml", ext);
  f = open_out(path);
  fputs("\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"utf-8\"?><Types "
        "xmlns=\"http://schemas.openxmlformats.org/package/2006/"
        "content-types\"><Default Extension=\"xml\" "
        "ContentType=\"application/octet-stream\" /></Types>",
        f);
  fclose(f);

  /* customizations.xml: entities first, roles near the end, then the tail */
  {
    uint64_t saved = rng;
    path_fmt(path, "%s/customizations.xml", ext);
    f = open_out(path);
    bom_decl(f, repacked);
    line(f, 0,
         "<ImportExportXml "
         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
         "OrganizationVersion=\"9.2.25031.158\" "
         "OrganizationSchemaType=\"Standard\" "
         "CRMServerServiceabilityVersion=\"9.2.25031.00158\">");
    line(f, 1, "<Entities>");
    for (e = 0; e < c->entities; e++)
      entity_xml(f, c, schemas[e], 2);
    line(f, 1, "</Entities>");
    line(f, 1, "<Roles>");
    if (c->sparse) {
      for (i = 0; i < c->roles; i++)
        privs += sparse_role_xml(f, c, schemas, i, 2);
    } else {
      for (i = 0; i < c->roles; i++)
        role_xml(f, c, schemas, i, 2);
      privs = (unsigned long long)c->roles * (unsigned long long)c->privileges;
    }
    line(f, 1, "</Roles>");
    line(f, 1, "<Workflows />");
    line(f, 1, "<FieldSecurityProfiles />");
    line(f, 1, "<Templates />");
    line(f, 1, "<EntityMaps />");
    line(f, 1, "<EntityRelationships />");
    line(f, 1, "<OrganizationSettings />");
    line(f, 1, "<optionsets />");
    line(f, 1, "<CustomControls />");
    line(f, 1, "<EntityDataProviders />");
    line(f, 1, "<Languages><Language>1033</Language></Languages>");
    line(f, 0, "</ImportExportXml>");
    fclose(f);
    /* the unpacked form: the same entities and roles, one file each */
    rng = saved;
    for (e = 0; e < c->entities; e++) {
      path_fmt(path, "%s/Entities/%s", unp, schemas[e]);
      mkdir(path, 0755);
      path_fmt(path, "%s/Entities/%s/Entity.xml", unp, schemas[e]);
      f = open_out(path);
      bom_decl(f, 1);
      entity_xml(f, c, schemas[e], 0);
      fclose(f);
    }
    for (i = 0; i < c->roles; i++) {
      path_fmt(path, "%s/Roles/Bench role %d.xml", unp, i);
      f = open_out(path);
      bom_decl(f, 1);
      if (c->sparse)
        sparse_role_xml(f, c, schemas, i, 0);
      else
        role_xml(f, c, schemas, i, 0);
      fclose(f);
    }
    path_fmt(path, "%s/Other/Customizations.xml", unp);
    f = open_out(path);
    bom_decl(f, 1);
    line(f, 0,
         "<ImportExportXml><Entities /><Roles /><Workflows "
         "/></ImportExportXml>");
    fclose(f);
  }

  /* the zip: deflate -9, entries in export order */
  path_fmt(path, "%s/%s.zip", argv[3], c->name);
  remove(path);
  z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!z) {
    fprintf(stderr, "gen_solution: cannot create %s\n", path);
    return 1;
  }
  {
    static const char *const entries[] = {"[Content_Types].xml", "solution.xml",
                                          "customizations.xml"};
    for (k = 0; k < 3; k++) {
      char file[PATH_BUF];
      zip_int64_t idx;
      path_fmt(file, "%s/%s", ext, entries[k]);
      idx = zip_file_add(z, entries[k], zip_source_file(z, file, 0, -1), 0);
      if (idx < 0 ||
          zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 9) <
              0 ||
          zip_file_set_mtime(z, (zip_uint64_t)idx, 1700000000, 0) < 0) {
        fprintf(stderr, "gen_solution: %s\n", zip_strerror(z));
        return 1;
      }
    }
  }
  if (zip_close(z) < 0) {
    fprintf(stderr, "gen_solution: cannot write %s\n", path);
    return 1;
  }
  path_fmt(path, "%s/customizations.xml", ext);
  stat(path, &st);
  printf("%s seed %llu: customizations.xml %.1f MB, %d entities, %d roles, "
         "%llu RolePrivilege\n",
         c->name, (unsigned long long)seed, (double)st.st_size / 1e6,
         c->entities, c->roles, privs);
  for (e = 0; e < c->entities; e++)
    free(schemas[e]);
  free(schemas);
  return 0;
}
