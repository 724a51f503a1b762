/* Seeded generator of a synthetic tenant for the users benchmark: an
 * extracted solution holding ROLES security roles, the Dataverse Web API
 * pages of systemusers and teams that assign them, and the Microsoft 365
 * admin center's "Export users" CSV of the licences those people hold. The
 * same seed gives byte-identical output.
 *   rc_gen_tenant SEED USERS ROLES TEAMS OUTDIR
 * writes OUTDIR/solution/ ([Content_Types].xml, solution.xml,
 * customizations.xml), OUTDIR/systemusers-N.json and OUTDIR/teams-N.json
 * (5,000 rows a page, @odata.nextLink on all but the last) and
 * OUTDIR/licences.csv (UTF-8 BOM, the 28 columns of the current export).
 *
 * The distribution follows how real tenants look, so that a per-user
 * check meets the repetition it will meet there:
 * - Roles come in kinds (read-only, Team Members, custom app, sales,
 *   service professional, service enterprise, field service, project),
 *   each a mix of Read/Append on platform and solution tables, with the
 *   create/write/delete that sets the licence the kind needs (restricted
 *   tables such as incident, knowledgearticle, msdyn_workorder, goal).
 * - Users fall into USERS/200 departments. A department has 1-3 roles
 *   (one kind, plus read-only or Team Members ones) and 1-3 teams; 80 %
 *   of its users hold exactly its roles, the others one role fewer, one
 *   of a few tenant-wide extra roles more, or only the teams'. Role
 *   combinations therefore repeat; how many distinct ones there are is
 *   printed on stderr.
 * - A fifth of the departments sit in a child business unit: their users
 *   are assigned that unit's copy of each role (its own roleid, the
 *   root's _parentrootroleid_value), as a fifth of the teams are.
 * - Teams are mostly owner teams, some Entra group teams; each holds 0-2
 *   roles, mostly read-only, Team Members or custom-app ones.
 * - About 1 % application users, 1 % non-interactive, 2 % disabled.
 * - Each person's licences are drawn against the needs of all of their
 *   roles, direct and through teams: 55 % fitting, 15 % short of them,
 *   12 % unlicensed, 18 % more than needed, with Office products beside.
 *   500 licence holders (USERS/10 when fewer) have no Dataverse user. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gen_tenant.h"

#define PAGE_ROWS 5000 /* the Web API's default and largest page */
#define NEXTRAS   5    /* tenant-wide roles a user may hold on top */
#define MAXR      4    /* direct roles or teams of one user */
#define ORG       "https://bench.crm.dynamics.com/api/data/v9.2/"

static uint64_t rng, id_seed;

static uint64_t next(void)
{
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

unsigned pick(unsigned n)
{
  return (unsigned)(next() % n);
}

/* splitmix64's finaliser */
static uint64_t mix(uint64_t x)
{
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

/* A hash of the seed, the kind and i, so that ids need no storage and one
 * object has the same id in every file that names it. */
void id_of(char out[37], unsigned kind, uint64_t i)
{
  uint64_t a = mix(id_seed ^ ((uint64_t)kind << 56) ^ i);
  uint64_t b = mix(a);
  snprintf(out, 37, "%08x-%04x-4%03x-8%03x-%012llx", (unsigned)(a >> 32),
           (unsigned)(a >> 16) & 0xffff, (unsigned)a & 0xfff,
           (unsigned)(b >> 48) & 0xfff,
           (unsigned long long)(b & 0xffffffffffffULL));
}

void seed_all(uint64_t seed)
{
  rng = seed * 0x9E3779B97F4A7C15ULL + 1;
  id_seed = mix(seed ^ 0x74656e616e74ULL);
}

const char *const words[NWORDS] = {
    "Account",  "Approval", "Asset",    "Booking",  "Budget",   "Case",
    "Category", "Contract", "Customer", "Delivery", "Device",   "Document",
    "Event",    "Field",    "Grant",    "Invoice",  "Journey",  "Ledger",
    "Location", "Meeting",  "Member",   "Order",    "Partner",  "Payment",
    "Project",  "Quote",    "Region",   "Request",  "Resource", "Review",
    "Schedule", "Service",  "Site",     "Status",   "Survey",   "Task",
    "Ticket",   "Visit",    "Vendor",   "Warranty"};
static const char *const first_names[] = {
    "Ann",   "Bob",   "Cara", "Dan",  "Eve",  "Finn", "Gil",  "Hal",
    "Ivy",   "Jon",   "Kim",  "Lars", "Mia",  "Nina", "Omar", "Pia",
    "Quinn", "Rosa",  "Sam",  "Tara", "Uma",  "Vic",  "Wes",  "Xena",
    "Yuki",  "Zoe",   "Aron", "Bea",  "Cole", "Dina", "Emil", "Fay",
    "Gus",   "Hanna", "Ian",  "Jade", "Karl", "Lena", "Milo", "Noor"};
static const char *const last_names[] = {
    "Lee",    "Ray",    "Diaz",  "Ortiz",   "Park",    "Stone",     "Novak",
    "Berg",   "Khan",   "Silva", "Meyer",   "Rossi",   "Dubois",    "Sato",
    "Okafor", "Larsen", "Costa", "Nguyen",  "Fischer", "Moreau",    "Kowal",
    "Haddad", "Brandt", "Ilic",  "Janssen", "Kaya",    "Lindqvist", "Mendes",
    "Nagy",   "Olsen",  "Price", "Quinto",  "Reyes",   "Schmidt",   "Tanaka",
    "Ueda",   "Varga",  "Weber", "Young",   "Zhou"};
static const char *const cities[][2] = {
    {"Seattle", "United States"}, {"London", "United Kingdom"},
    {"Munich", "Germany"},        {"Lyon", "France"},
    {"Madrid", "Spain"},          {"Osaka", "Japan"},
    {"Toronto", "Canada"},        {"Sydney", "Australia"}};
static const char *const usage_locations[] = {"US", "GB", "DE", "FR",
                                              "ES", "JP", "CA", "AU"};

/* ---- kinds of role ---- */

const kind_info kinds[NKINDS] = {
    {"Reader", "Analyst", 8, NEED_TM},
    {"Team Member", "Coordinator", 30, NEED_TM},
    {"App", "Specialist", 15, NEED_PA},
    {"Sales", "Account Manager", 15, NEED_SP},
    {"Service", "Support Agent", 8, NEED_CSP},
    {"Service Expert", "Service Engineer", 10, NEED_CSE},
    {"Field", "Field Technician", 9, NEED_FS},
    {"Project", "Project Manager", 5, NEED_PO},
};

role_kind draw_kind(void)
{
  unsigned k, total = 0, x;
  for (k = 0; k < NKINDS; k++)
    total += kinds[k].weight;
  x = pick(total);
  for (k = 0; x >= kinds[k].weight; k++)
    x -= kinds[k].weight;
  return (role_kind)k;
}

/* ---- files ---- */

static char iobuf[1 << 20]; /* one fixed output buffer, reused per file */

FILE *open_out(const char *path)
{
  FILE *f = fopen(path, "wb");
  if (!f) {
    fprintf(stderr, "gen_tenant: %s: %s\n", path, strerror(errno));
    exit(1);
  }
  setvbuf(f, iobuf, _IOFBF, sizeof(iobuf));
  return f;
}

void close_out(FILE *f, const char *path)
{
  if (ferror(f) || fclose(f)) {
    fprintf(stderr, "gen_tenant: cannot write %s\n", path);
    exit(1);
  }
}

void path_fmt(char out[PATH_BUF], const char *fmt, ...)
{
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsnprintf(out, PATH_BUF, fmt, ap);
  va_end(ap);
  if (n < 0 || n >= PATH_BUF) {
    fprintf(stderr, "gen_tenant: output path too long\n");
    exit(1);
  }
}

/* ---- people ---- */

enum { U_APP = 1, U_NONINTERACTIVE = 2, U_DISABLED = 4, U_GUEST = 8 };

typedef struct {
  unsigned dept, bu;
  unsigned char flags, nroles, nteams;
  unsigned roles[MAXR], teams[MAXR];
} user;

typedef struct {
  unsigned bu; /* 0: the root business unit */
  role_kind job;
  unsigned char nroles, nteams;
  unsigned roles[3], teams[3];
  char name[40];
} department;

typedef struct {
  unsigned bu;
  unsigned char type, nroles;
  unsigned roles[2];
  char name[48];
} team;

/* The roleid a principal in business unit bu is assigned for root role r:
 * the root itself in the root unit, else that unit's copy. */
static void role_copy_id(char out[37], unsigned r, unsigned bu, unsigned nbu)
{
  if (bu == 0)
    id_of(out, ID_ROLE, r);
  else
    id_of(out, ID_ROLE_COPY, (uint64_t)r * nbu + bu);
}

static void grant_json(FILE *f, const role *roles, unsigned r, unsigned bu,
                       unsigned nbu, int first)
{
  char id[37], root[37], buid[37];
  role_copy_id(id, r, bu, nbu);
  id_of(root, ID_ROLE, r);
  id_of(buid, ID_BU, bu);
  fprintf(f,
          "%s{\"roleid\":\"%s\",\"name\":\"%s\",\"_parentrootroleid_value\":"
          "\"%s\",\"_businessunitid_value\":\"%s\"}",
          first ? "" : ",", id, roles[r].name, root, buid);
}

static void page_end(FILE *f, const char *set, const char *select,
                     unsigned page, int last)
{
  if (last) {
    fputs("\n]}\n", f);
    return;
  }
  /* Dataverse's next link carries a paging cookie in $skiptoken */
  fprintf(f,
          "\n],\"@odata.nextLink\":\"" ORG "%s?%s&$skiptoken=%%3Ccookie%%20"
          "pagenumber=%%22%u%%22%%20istracking=%%22False%%22%%20/%%3E\"}\n",
          set, select, page + 1);
}

static void write_users(const char *outdir, const user *users, unsigned n,
                        const role *roles, const team *teams, unsigned nbu,
                        unsigned *pages)
{
  static const char *const select =
      "$select=systemuserid,domainname,azureactivedirectoryobjectid,"
      "fullname,isdisabled,accessmode,applicationid,_businessunitid_value"
      "&$expand=systemuserroles_association($select=roleid,name,"
      "_parentrootroleid_value,_businessunitid_value),"
      "teammembership_association($select=teamid,name,teamtype)";
  char path[PATH_BUF], id[37], oid[37], buid[37], app[37];
  unsigned u, k, page = 0;
  FILE *f = NULL;
  for (u = 0; u < n; u++) {
    const user *p = &users[u];
    const char *fn = first_names[u % COUNT(first_names)];
    const char *ln = last_names[(u / COUNT(first_names)) % COUNT(last_names)];
    if (u % PAGE_ROWS == 0) {
      path_fmt(path, "%s/systemusers-%u.json", outdir, ++page);
      f = open_out(path);
      fputs("{\"@odata.context\":\"" ORG
            "$metadata#systemusers(systemuserid,domainname,"
            "azureactivedirectoryobjectid,fullname,isdisabled,accessmode,"
            "applicationid,_businessunitid_value,systemuserroles_association("
            "roleid,name,_parentrootroleid_value,_businessunitid_value),"
            "teammembership_association(teamid,name,teamtype))\",\"value\":[\n",
            f);
    } else {
      fputs(",\n", f);
    }
    id_of(id, ID_USER, u);
    id_of(oid, ID_OBJECT, u);
    id_of(buid, ID_BU, p->bu);
    fprintf(f, "{\"@odata.etag\":\"W/\\\"%u\\\"\",\"systemuserid\":\"%s\",",
            1000000 + u * 7, id);
    if (p->flags & U_APP) {
      id_of(app, ID_APP, u);
      fprintf(f,
              "\"domainname\":\"# bench-app-%u\",\"azureactivedirectory"
              "objectid\":\"%s\",\"fullname\":\"# Bench App %u\","
              "\"isdisabled\":false,\"accessmode\":4,\"applicationid\":\"%s\",",
              u, oid, u, app);
    } else {
      char upn[96];
      if (p->flags & U_GUEST)
        snprintf(upn, sizeof(upn),
                 "%c%s.%c%s%u_fabrikam.com#EXT#@contoso.onmicrosoft.com",
                 fn[0] + 32, fn + 1, ln[0] + 32, ln + 1, u);
      else
        snprintf(upn, sizeof(upn), "%c%s.%c%s%u@contoso.com", fn[0] + 32,
                 fn + 1, ln[0] + 32, ln + 1, u);
      fprintf(f,
              "\"domainname\":\"%s\",\"azureactivedirectoryobjectid\":\"%s\","
              "\"fullname\":\"%s %s\",\"isdisabled\":%s,\"accessmode\":%d,"
              "\"applicationid\":null,",
              upn, oid, fn, ln, p->flags & U_DISABLED ? "true" : "false",
              p->flags & U_NONINTERACTIVE ? 4 : 0);
    }
    fprintf(f,
            "\"_businessunitid_value\":\"%s\",\"systemuserroles_association\":"
            "[",
            buid);
    for (k = 0; k < p->nroles; k++)
      grant_json(f, roles, p->roles[k], p->bu, nbu, k == 0);
    fputs("],\"teammembership_association\":[", f);
    for (k = 0; k < p->nteams; k++) {
      id_of(id, ID_TEAM, p->teams[k]);
      fprintf(f, "%s{\"teamid\":\"%s\",\"name\":\"%s\",\"teamtype\":%u}",
              k ? "," : "", id, teams[p->teams[k]].name,
              teams[p->teams[k]].type);
    }
    fputs("]}", f);
    if (u % PAGE_ROWS == PAGE_ROWS - 1 || u == n - 1) {
      page_end(f, "systemusers", select, page, u == n - 1);
      close_out(f, path);
    }
  }
  *pages = page;
}

static void write_teams(const char *outdir, const team *teams, unsigned n,
                        const role *roles, unsigned nbu, unsigned *pages)
{
  static const char *const select =
      "$select=teamid,name,teamtype,azureactivedirectoryobjectid,"
      "_businessunitid_value&$expand=teamroles_association($select=roleid,"
      "name,_parentrootroleid_value,_businessunitid_value)";
  char path[PATH_BUF], id[37], gid[37], buid[37];
  unsigned t, k, page = 0;
  FILE *f = NULL;
  for (t = 0; t < n; t++) {
    const team *p = &teams[t];
    if (t % PAGE_ROWS == 0) {
      path_fmt(path, "%s/teams-%u.json", outdir, ++page);
      f = open_out(path);
      fputs("{\"@odata.context\":\"" ORG
            "$metadata#teams(teamid,name,teamtype,azureactivedirectoryobjectid,"
            "_businessunitid_value,teamroles_association(roleid,name,"
            "_parentrootroleid_value,_businessunitid_value))\",\"value\":[\n",
            f);
    } else {
      fputs(",\n", f);
    }
    id_of(id, ID_TEAM, t);
    id_of(buid, ID_BU, p->bu);
    fprintf(f,
            "{\"@odata.etag\":\"W/\\\"%u\\\"\",\"teamid\":\"%s\",\"name\":"
            "\"%s\",\"teamtype\":%u,\"azureactivedirectoryobjectid\":",
            2000000 + t * 3, id, p->name, p->type);
    if (p->type >= 2) {
      id_of(gid, ID_GROUP, t);
      fprintf(f, "\"%s\"", gid);
    } else {
      fputs("null", f);
    }
    fprintf(f, ",\"_businessunitid_value\":\"%s\",\"teamroles_association\":[",
            buid);
    for (k = 0; k < p->nroles; k++)
      grant_json(f, roles, p->roles[k], p->bu, nbu, k == 0);
    fputs("]}", f);
    if (t % PAGE_ROWS == PAGE_ROWS - 1 || t == n - 1) {
      page_end(f, "teams", select, page, t == n - 1);
      close_out(f, path);
    }
  }
  if (n == 0) { /* an empty result is still a page */
    path_fmt(path, "%s/teams-1.json", outdir);
    f = open_out(path);
    fputs("{\"@odata.context\":\"" ORG "$metadata#teams(teamid,name,teamtype,"
          "azureactivedirectoryobjectid,_businessunitid_value,"
          "teamroles_association(roleid,name,_parentrootroleid_value,"
          "_businessunitid_value))\",\"value\":[]}\n",
          f);
    close_out(f, path);
    page = 1;
  }
  *pages = page;
}

/* ---- licences ---- */

/* Full applications by list price, dearest first: the first a person
 * needs is bought as the base licence, the others as attach licences. */
static const struct {
  unsigned need;
  const char *base, *attach;
} apps[] = {
    {NEED_PO, "Dynamics 365 Project Operations",
     "Dynamics 365 Project Operations Attach"},
    {NEED_FS, "Dynamics 365 for Field Service Enterprise Edition",
     "Dynamics 365 for Field Service Attach to Qualifying Dynamics 365 Base "
     "Offer"},
    {NEED_CSE, "Dynamics 365 for Customer Service Enterprise Edition",
     "Dynamics 365 for Customer Service Enterprise Attach to Qualifying "
     "Dynamics 365 Base Offer A"},
    {NEED_SP, "Dynamics 365 For Sales Professional",
     "Dynamics 365 Sales Professional Attach to Qualifying Dynamics 365 Base "
     "Offer"},
    {NEED_CSP, "Dynamics 365 Customer Service Professional",
     "Dynamics 365 for Customer Service Professional Attach to Qualifying "
     "Dynamics 365 Base Offer"},
};
static const char *const office[] = {"Microsoft 365 E3", "Office 365 E3",
                                     "Microsoft 365 E5", "Office 365 E1",
                                     "Microsoft 365 Business Premium"};

/* Appends a product to a '+'-joined list. */
static void add(char *out, size_t cap, const char *product)
{
  size_t n = strlen(out);
  snprintf(out + n, cap - n, "%s%s", n ? "+" : "", product);
}

static void fitting(char *out, size_t cap, unsigned need)
{
  size_t a;
  int base = 1;
  if (need & NEED_CSE)
    need &= ~(unsigned)NEED_CSP;
  for (a = 0; a < COUNT(apps); a++) {
    if (!(need & apps[a].need))
      continue;
    if (base && apps[a].need == NEED_SP && pick(100) < 40)
      add(out, cap, "Dynamics 365 for Sales Enterprise Edition");
    else
      add(out, cap, base ? apps[a].base : apps[a].attach);
    base = 0;
  }
  if (!base)
    return;
  if (need & NEED_PA)
    add(out, cap,
        pick(100) < 85 ? "Power Apps Premium" : "Power Apps per app plan");
  else
    add(out, cap,
        pick(100) < 85 ? "Dynamics 365 Team Members"
                       : "Dynamics 365 for Team Members Enterprise Edition");
}

enum { L_FIT, L_SHORT, L_NONE, L_OVER, NLCHOICES };

/* A person's Licenses cell for what their roles need. */
static int licences_for(char *out, size_t cap, unsigned need, int usual)
{
  unsigned x = pick(100);
  int choice = !usual   ? L_NONE
               : x < 55 ? L_FIT
               : x < 70 ? L_SHORT
               : x < 82 ? L_NONE
                        : L_OVER;
  int full = (need & ~(unsigned)(NEED_TM | NEED_PA)) != 0;
  out[0] = '\0';
  if (choice == L_SHORT && !full && !(need & NEED_PA))
    choice = L_NONE; /* nothing is short of Team Members but nothing */
  switch (choice) {
  case L_FIT:
    fitting(out, cap, need);
    break;
  case L_SHORT:
    if (need & NEED_CSE && pick(2))
      add(out, cap, "Dynamics 365 Customer Service Professional");
    else if (full && pick(2))
      add(out, cap, "Power Apps Premium");
    else
      add(out, cap, "Dynamics 365 Team Members");
    break;
  case L_NONE:
    x = pick(100);
    if (x < 10)
      return choice; /* an empty cell means Unlicensed too */
    add(out, cap, x < 55 ? "Unlicensed" : office[pick(COUNT(office))]);
    return choice;
  case L_OVER: {
    static const char *const more[] = {
        "Dynamics 365 Customer Engagement Plan",
        "Dynamics 365 for Sales Enterprise Edition",
        "Dynamics 365 for Customer Service Enterprise Edition",
        "Power Apps Premium", "Dynamics 365 Team Members"};
    const char *extra;
    fitting(out, cap, need);
    do
      extra = more[pick(COUNT(more))];
    while (strstr(out, extra));
    add(out, cap, extra);
    break;
  }
  }
  x = pick(100);
  if (x < 3)
    add(out, cap, "Enterprise Mobility + Security E3"); /* '+' in a name */
  else if (x < 70)
    add(out, cap, office[pick(COUNT(office))]);
  return choice;
}

/* One CSV field, quoted when it holds the delimiter or a quote. */
static void csv_field(FILE *f, const char *s, int last)
{
  if (strpbrk(s, ",\"\r\n")) {
    fputc('"', f);
    for (; *s; s++) {
      if (*s == '"')
        fputc('"', f);
      fputc(*s, f);
    }
    fputc('"', f);
  } else {
    fputs(s, f);
  }
  fputs(last ? "\r\n" : ",", f);
}

/* A time stamp in one of the years from year0 on. */
static void date_into(char out[24], unsigned year0, unsigned years)
{
  /* one draw per statement: the order of arguments is unspecified */
  unsigned y = year0 + pick(years), mo = 1 + pick(12), d = 1 + pick(28);
  unsigned h = pick(24), mi = pick(60), se = pick(60);
  snprintf(out, 24, "%04u-%02u-%02u %02u:%02u:%02uZ", y, mo, d, h, mi, se);
}

/* One row of the export (the 28 columns of users-and-licences 1.1). */
static void csv_row(FILE *f, const char *fn, const char *ln, const char *upn,
                    const char *oid, const char *title, const char *dept,
                    int blocked, const char *licences, int deleted)
{
  char display[64], created[24], removed[24], sync[24], pwd[24], proxy[128];
  const char *col[28];
  unsigned c = pick(COUNT(cities)), i;
  int dirsync = pick(100) < 70;
  snprintf(display, sizeof(display), "%s %s", fn, ln);
  date_into(created, 2018, 7);
  date_into(sync, 2026, 1);
  date_into(pwd, 2024, 3);
  removed[0] = '\0';
  if (deleted)
    date_into(removed, 2026, 1);
  snprintf(proxy, sizeof(proxy), "SMTP:%s", upn);
  col[0] = display;
  col[1] = dirsync ? "True" : "False";
  col[2] = upn;
  col[3] = oid;
  col[4] = fn;
  col[5] = ln;
  col[6] = created;
  col[7] = removed;
  col[8] = title;
  col[9] = dept;
  col[10] = "";
  col[11] = cities[c][0];
  col[12] = cities[c][1];
  col[13] = "";
  col[14] = "";
  col[15] = usage_locations[c];
  col[16] = dirsync ? sync : "";
  col[17] = blocked ? "True" : "False";
  col[18] = licences;
  col[19] = "False";
  col[20] = pwd;
  col[21] = "";
  col[22] = "";
  col[23] = "";
  col[24] = "en-US";
  col[25] = "";
  col[26] = "";
  col[27] = strstr(upn, "#EXT#") ? "" : proxy;
  for (i = 0; i < 28; i++)
    csv_field(f, col[i], i == 27);
}

/* ---- main ---- */

static int cmp_u64(const void *a, const void *b)
{
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

static int cmp_unsigned(const void *a, const void *b)
{
  unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
  return x < y ? -1 : x > y;
}

/* The number of distinct values in hashes (sorted in place). */
static unsigned long distinct(uint64_t *hashes, unsigned n)
{
  unsigned long count = 0;
  unsigned i;
  qsort(hashes, n, sizeof(*hashes), cmp_u64);
  for (i = 0; i < n; i++)
    if (i == 0 || hashes[i] != hashes[i - 1])
      count++;
  return count;
}

/* FNV-1a over a sorted, deduplicated list of role indexes. */
static uint64_t set_hash(unsigned *v, unsigned n)
{
  uint64_t h = 0xcbf29ce484222325ULL;
  unsigned i, k;
  qsort(v, n, sizeof(*v), cmp_unsigned);
  for (i = 0; i < n; i++) {
    if (i && v[i] == v[i - 1])
      continue;
    for (k = 0; k < 4; k++) {
      h ^= (v[i] >> (8 * k)) & 0xff;
      h *= 0x100000001b3ULL;
    }
  }
  return h;
}

/* Whether department or user lists already hold x. */
static int has(const unsigned *v, unsigned n, unsigned x)
{
  unsigned i;
  for (i = 0; i < n; i++)
    if (v[i] == x)
      return 1;
  return 0;
}

static unsigned long parse_count(const char *s, const char *what,
                                 unsigned long lo, unsigned long hi)
{
  char *end;
  unsigned long v;
  errno = 0;
  v = strtoul(s, &end, 10);
  if (errno || *end || end == s || v < lo || v > hi) {
    fprintf(stderr, "gen_tenant: %s must be a number from %lu to %lu\n", what,
            lo, hi);
    exit(2);
  }
  return v;
}

int main(int argc, char **argv)
{
  char path[PATH_BUF], sol[PATH_BUF], oid[37], upn[96], lic[512];
  unsigned nusers, nroles, nteams, ndepts, nbu, u, r, t, k, upages, tpages;
  unsigned pmin, pmax, nextra;
  unsigned *kind_roles[NKINDS], nkind[NKINDS] = {0}, extras_pool[NEXTRAS];
  unsigned long counts[NLCHOICES] = {0}, napp = 0, nni = 0, ndis = 0;
  unsigned long child_grants = 0, grants = 0, holders = 0;
  unsigned long long privs;
  uint64_t seed, *direct_h, *eff_h;
  role *roles;
  department *depts;
  team *teams;
  user *users;
  FILE *f;

  if (argc != 6) {
    fprintf(stderr, "usage: rc_gen_tenant SEED USERS ROLES TEAMS OUTDIR\n");
    return 2;
  }
  seed = strtoull(argv[1], NULL, 10);
  nusers = (unsigned)parse_count(argv[2], "USERS", 1, 10000000);
  nroles = (unsigned)parse_count(argv[3], "ROLES", 1, 100000);
  nteams = (unsigned)parse_count(argv[4], "TEAMS", 0, 1000000);
  seed_all(seed);
  ndepts = nusers / 200 ? nusers / 200 : 1;
  nbu = 3 + nusers / 5000; /* the root and its children */
  nextra = nusers / 10 < 500 ? nusers / 10 : 500;

  roles = calloc(nroles, sizeof(*roles));
  depts = calloc(ndepts, sizeof(*depts));
  teams = calloc(nteams ? nteams : 1, sizeof(*teams));
  users = calloc(nusers, sizeof(*users));
  direct_h = calloc(nusers, sizeof(*direct_h));
  eff_h = calloc(nusers, sizeof(*eff_h));
  for (k = 0, r = 1; k < NKINDS; k++) {
    kind_roles[k] = calloc(nroles, sizeof(unsigned));
    r = r && kind_roles[k];
  }
  if (!roles || !depts || !teams || !users || !direct_h || !eff_h || !r) {
    fprintf(stderr, "gen_tenant: out of memory\n");
    return 1;
  }

  /* roles: every kind at least once when there are enough roles */
  for (r = 0; r < nroles; r++) {
    role_kind kd = r < NKINDS ? (role_kind)r : draw_kind();
    roles[r].kind = kd;
    snprintf(roles[r].name, sizeof(roles[r].name), "Bench %s %s %u",
             kinds[kd].label, words[pick(NWORDS)], r);
    kind_roles[kd][nkind[kd]++] = r;
  }
  for (k = 0; k < NEXTRAS; k++) /* tenant-wide extras: reporting, exports */
    extras_pool[k] =
        nkind[K_READ] ? kind_roles[K_READ][k % nkind[K_READ]] : pick(nroles);
  name_tables();

  /* teams: mostly owner teams in the root unit; group teams have an
   * Entra group; 0-2 roles, mostly read-only, Team Members or app ones */
  for (t = 0; t < nteams; t++) {
    unsigned x = pick(100), n = x < 20 ? 0 : x < 75 ? 1 : 2;
    team *p = &teams[t];
    p->bu = pick(100) < 80 ? 0 : 1 + pick(nbu - 1);
    x = pick(100);
    p->type = (unsigned char)(x < 85 ? 0 : x < 95 ? 2 : 3);
    snprintf(p->name, sizeof(p->name), "Bench %s %s %u", words[pick(NWORDS)],
             p->type ? "Group" : "Team", t);
    for (k = 0; k < n; k++) {
      role_kind kd = pick(100) < 70 ? (role_kind)pick(3) : draw_kind();
      unsigned ro = nkind[kd] ? kind_roles[kd][pick(nkind[kd])] : pick(nroles);
      if (!has(p->roles, p->nroles, ro))
        p->roles[p->nroles++] = ro;
    }
  }

  /* departments: a job kind, 1-3 roles (that kind's, then read-only or
   * Team Members ones), 1-3 teams; a fifth in a child business unit */
  for (k = 0; k < ndepts; k++) {
    department *d = &depts[k];
    role_kind job = draw_kind();
    unsigned n = 1 + pick(3), i;
    d->job = job;
    d->bu = pick(100) < 20 ? 1 + pick(nbu - 1) : 0;
    snprintf(d->name, sizeof(d->name), "%s %s %u", words[pick(NWORDS)],
             kinds[job].label, k);
    for (i = 0; i < n; i++) {
      role_kind kd = i == 0 || pick(100) < 60 ? job : (role_kind)pick(2);
      unsigned ro = nkind[kd] ? kind_roles[kd][pick(nkind[kd])] : pick(nroles);
      if (!has(d->roles, d->nroles, ro))
        d->roles[d->nroles++] = ro;
    }
    n = nteams ? 1 + pick(3) : 0;
    for (i = 0; i < n; i++) {
      unsigned tm = pick(nteams);
      if (!has(d->teams, d->nteams, tm))
        d->teams[d->nteams++] = tm;
    }
  }

  /* users */
  for (u = 0; u < nusers; u++) {
    user *p = &users[u];
    const department *d;
    unsigned x = pick(1000), eff[MAXR + MAXR * 2], neff = 0;
    p->dept = pick(ndepts);
    d = &depts[p->dept];
    p->bu = d->bu;
    if (x < 10)
      p->flags = U_APP;
    else if (x < 20)
      p->flags = U_NONINTERACTIVE;
    else if (x < 40)
      p->flags = U_DISABLED;
    else if (x < 45)
      p->flags = U_GUEST;
    x = pick(100);
    if (x >= 5) { /* 5 %: only the teams' roles */
      memcpy(p->roles, d->roles, d->nroles * sizeof(unsigned));
      p->nroles = d->nroles;
      if (x < 12 && p->nroles > 1)
        p->nroles--;
      else if (x < 20 && !has(p->roles, p->nroles, extras_pool[x % NEXTRAS]))
        p->roles[p->nroles++] = extras_pool[x % NEXTRAS];
    }
    for (k = 0; k < d->nteams; k++)
      if (pick(100) < 85)
        p->teams[p->nteams++] = d->teams[k];
    if (nteams && pick(100) < 8) {
      t = pick(nteams);
      if (!has(p->teams, p->nteams, t))
        p->teams[p->nteams++] = t;
    }
    if (p->flags & U_APP) { /* one role, no teams */
      p->nteams = 0;
      p->nroles = p->nroles ? 1 : 0;
    }
    for (k = 0; k < p->nroles; k++) {
      eff[neff++] = p->roles[k];
      grants++;
      child_grants += p->bu != 0;
    }
    direct_h[u] = set_hash(eff, neff);
    for (k = 0; k < p->nteams; k++)
      for (r = 0; r < teams[p->teams[k]].nroles; r++)
        eff[neff++] = teams[p->teams[k]].roles[r];
    eff_h[u] = set_hash(eff, neff);
    napp += (p->flags & U_APP) != 0;
    nni += (p->flags & U_NONINTERACTIVE) != 0;
    ndis += (p->flags & U_DISABLED) != 0;
  }
  for (t = 0; t < nteams; t++) {
    grants += teams[t].nroles;
    child_grants += teams[t].bu != 0 ? teams[t].nroles : 0;
  }

  mkdir(argv[5], 0755);
  path_fmt(sol, "%s/solution", argv[5]);
  mkdir(sol, 0755);
  privs = write_solution(sol, roles, nroles, &pmin, &pmax);
  write_users(argv[5], users, nusers, roles, teams, nbu, &upages);
  write_teams(argv[5], teams, nteams, roles, nbu, &tpages);

  /* licences.csv: the users (application users are not in Entra's user
   * list), then the licence holders without a Dataverse user */
  path_fmt(path, "%s/licences.csv", argv[5]);
  f = open_out(path);
  fputs("\xef\xbb\xbf"
        "Display name,DirSyncEnabled,User principal name,Object Id,First "
        "name,Last name,When created,Soft deletion time stamp,Title,"
        "Department,Preferred data location,City,CountryOrRegion,Office,"
        "StateOrProvince,Usage location,Last dirsync time,Block credential,"
        "Licenses,Password never expires,Last password change time stamp,"
        "Mobile Phone,Phone number,Postal code,Preferred language,Street "
        "address,Fax,Proxy addresses\r\n",
        f);
  for (u = 0; u < nusers; u++) {
    const user *p = &users[u];
    const char *fn = first_names[u % COUNT(first_names)];
    const char *ln = last_names[(u / COUNT(first_names)) % COUNT(last_names)];
    unsigned need = 0;
    int choice, usual = 1;
    if (p->flags & U_APP)
      continue;
    for (k = 0; k < p->nroles; k++)
      need |= kinds[roles[p->roles[k]].kind].need;
    for (k = 0; k < p->nteams; k++)
      for (r = 0; r < teams[p->teams[k]].nroles; r++)
        need |= kinds[roles[teams[p->teams[k]].roles[r]].kind].need;
    if (!need)
      need = NEED_TM; /* no role at all: anything would do */
    if (p->flags & U_NONINTERACTIVE)
      usual = pick(100) < 30;
    else if (p->flags & U_DISABLED)
      usual = pick(2);
    choice = licences_for(lic, sizeof(lic), need, usual);
    counts[choice]++;
    if (p->flags & U_GUEST)
      snprintf(upn, sizeof(upn),
               "%c%s.%c%s%u_fabrikam.com#EXT#@contoso.onmicrosoft.com",
               fn[0] + 32, fn + 1, ln[0] + 32, ln + 1, u);
    else
      snprintf(upn, sizeof(upn), "%c%s.%c%s%u@contoso.com", fn[0] + 32, fn + 1,
               ln[0] + 32, ln + 1, u);
    id_of(oid, ID_OBJECT, u);
    csv_row(f, fn, ln, upn, oid, kinds[depts[p->dept].job].title,
            depts[p->dept].name, (p->flags & U_DISABLED) != 0, lic, 0);
    holders++;
  }
  for (u = 0; u < nextra; u++) {
    static const role_kind extra_need[] = {K_TM,    K_TM,  K_TM,   K_APP,
                                           K_SALES, K_CSE, K_FIELD};
    const char *fn = first_names[(u * 7) % COUNT(first_names)];
    const char *ln = last_names[(u * 3) % COUNT(last_names)];
    int deleted = u % 50 == 49; /* soft-deleted rows: readers skip them */
    unsigned need = kinds[extra_need[pick(COUNT(extra_need))]].need;
    licences_for(lic, sizeof(lic), need, pick(100) < 75);
    snprintf(upn, sizeof(upn), "%c%s.%c%s.x%u@contoso.com", fn[0] + 32, fn + 1,
             ln[0] + 32, ln + 1, u);
    id_of(oid, ID_EXTRA, u);
    csv_row(f, fn, ln, upn, oid, "Consultant", "", 0, lic, deleted);
    holders += !deleted;
  }
  close_out(f, path);

  printf("tenant seed %llu: %u users (%lu application, %lu non-interactive, "
         "%lu disabled) in %u departments and %u business units, %u roles "
         "(%u-%u RolePrivilege, %llu in all), %u teams; %lu role "
         "assignments, %lu (%.0f %%) to a child unit's copy; %u systemusers "
         "and %u teams pages; licences.csv: %lu holders (%u without a "
         "Dataverse user, %u soft-deleted rows besides)\n",
         (unsigned long long)seed, nusers, napp, nni, ndis, ndepts, nbu, nroles,
         pmin, pmax, privs, nteams, grants, child_grants,
         grants ? 100.0 * (double)child_grants / (double)grants : 0.0, upages,
         tpages, holders, nextra - nextra / 50, nextra / 50);
  printf("licences drawn: %lu fitting, %lu short, %lu unlicensed, %lu more "
         "than needed\n",
         counts[L_FIT], counts[L_SHORT], counts[L_NONE], counts[L_OVER]);
  fprintf(stderr,
          "gen_tenant: %lu distinct direct role combinations, %lu "
          "distinct effective (direct and through teams) among %u users\n",
          distinct(direct_h, nusers), distinct(eff_h, nusers), nusers);
  for (k = 0; k < NKINDS; k++)
    free(kind_roles[k]);
  free(eff_h);
  free(direct_h);
  free(users);
  free(teams);
  free(depts);
  free(roles);
  return 0;
}
