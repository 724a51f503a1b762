/* What the two files of rc_gen_tenant share: the seeded random source,
 * ids, output files, and the kinds of role with the licence each needs.
 * gen_tenant.c makes the people, their assignments and their licences;
 * gen_tenant_roles.c the roles and the solution that holds them. */
#ifndef RC_BENCH_GEN_TENANT_H
#define RC_BENCH_GEN_TENANT_H

#include <stdint.h>
#include <stdio.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define PATH_BUF 4096
#define NWORDS   40

/* Kinds of object an id is made for. */
enum {
  ID_ROLE = 1,
  ID_ROLE_COPY,
  ID_BU,
  ID_TEAM,
  ID_USER,
  ID_OBJECT,
  ID_APP,
  ID_GROUP,
  ID_EXTRA,
  ID_WEBRESOURCE
};

/* What a person's roles need, as bits. */
enum {
  NEED_TM = 1,   /* read, own activities and contacts: Team Members */
  NEED_PA = 2,   /* custom tables and unrestricted ones: Power Apps */
  NEED_SP = 4,   /* goal: Sales Professional or Enterprise */
  NEED_CSP = 8,  /* cases beyond self-service: Customer Service */
  NEED_CSE = 16, /* knowledge articles, entitlements: CS Enterprise */
  NEED_FS = 32,  /* work orders and their tasks: Field Service */
  NEED_PO = 64   /* project tasks and estimates: Project Operations */
};

typedef enum {
  K_READ,
  K_TM,
  K_APP,
  K_SALES,
  K_CSP,
  K_CSE,
  K_FIELD,
  K_PROJECT,
  NKINDS
} role_kind;

/* A kind of role: its name in role names, a job title for the people
 * who hold it, how often it is drawn, and what it needs. */
typedef struct {
  const char *label, *title;
  unsigned weight, need;
} kind_info;
extern const kind_info kinds[NKINDS];

typedef struct {
  char name[64];
  role_kind kind;
} role;

extern const char *const words[NWORDS];

/* The random source (xorshift64), seeded once; ids come from the seed. */
void seed_all(uint64_t seed);
/* A number below n. */
unsigned pick(unsigned n);
/* The id of object i of a kind (ID_*), lower case without braces. */
void id_of(char out[37], unsigned kind, uint64_t i);
/* A kind of role, by the weights of kinds[]. */
role_kind draw_kind(void);

/* An output file with a large fixed buffer; a failure ends the run. */
FILE *open_out(const char *path);
void close_out(FILE *f, const char *path);
/* A path under OUTDIR; a path too long for the buffer ends the run. */
__attribute__((format(printf, 2, 3))) void path_fmt(char out[PATH_BUF],
                                                    const char *fmt, ...);

/* Names the solution's own tables (once, before write_solution()). */
void name_tables(void);
/* Writes the solution into dir: the tables, the roles (the RolePrivilege
 * of the smallest and the largest into *pmin and *pmax) and the Team
 * Members app. Returns the RolePrivilege count. */
unsigned long long write_solution(const char *dir, const role *roles,
                                  unsigned nroles, unsigned *pmin,
                                  unsigned *pmax);

#endif
