/* The rule pack's lookups: sets, licences and profiles by id, and set
 * membership (tables by name with their rights and depths or by pattern, misc
 * privileges, apps), through a name index built once the pack is loaded. */
#include <stdint.h>
#include <string.h>

#include "rolecheck/tenant.h"
#include "rules/pack.h"
#include "util/alloc.h"
#include "util/ascii.h"

const rc_set *rc_pack__set(const rc_rulepack *pack, const char *id)
{
  size_t i;
  for (i = 0; i < pack->nsets; i++) {
    if (!strcmp(pack->sets[i].id, id))
      return &pack->sets[i];
  }
  return NULL;
}

const rc_profile *rc_pack__profile(const rc_rulepack *pack, const char *id)
{
  size_t i;
  for (i = 0; i < pack->nprofiles; i++) {
    if (!strcmp(pack->profiles[i].id, id))
      return &pack->profiles[i];
  }
  return NULL;
}

int rc_pack__licence(const rc_rulepack *pack, const char *id)
{
  size_t i;
  for (i = 0; i < pack->nlicences; i++) {
    if (!strcmp(pack->licences[i].info.id, id))
      return (int)i;
  }
  return -1;
}

unsigned rc_pack__licence_classes(const rc_rulepack *pack, size_t k)
{
  const char *id = pack->licences[k].info.id;
  unsigned bit;
  if (!strcmp(id, "team-member"))
    return RC_LIC_TM;
  if (!strcmp(id, "power-apps"))
    return RC_LIC_PA_PREMIUM | RC_LIC_PA_PER_APP;
  for (bit = 1; bit <= RC_LIC_ALL; bit <<= 1) {
    const char *name = rc_licence_class_name(bit);
    if (name && !strcmp(name, id))
      return bit;
  }
  return 0;
}

int rc_pack__bits(uint32_t v)
{
  int n = 0;
  for (; v; v &= v - 1)
    n++;
  return n;
}

static int entry_depth_ok(const rc_set_entry *e, rc_right right, rc_depth depth)
{
  return (e->rights & (1u << right)) && depth >= e->min_depth &&
         depth <= e->max_depth;
}

static uint64_t name_hash(const char *s)
{
  uint64_t h = UINT64_C(0xcbf29ce484222325);
  for (; *s; s++) {
    h ^= (unsigned char)*s;
    h *= UINT64_C(0x100000001b3);
  }
  return h;
}

/* First entry named name, or -1. */
static long first_named(const rc_set *set, const char *name)
{
  size_t mask, i;
  if (!set->nslots)
    return -1;
  mask = set->nslots - 1;
  for (i = (size_t)name_hash(name) & mask; set->slots[i]; i = (i + 1) & mask) {
    if (!strcmp(set->entries[set->slots[i] - 1].name, name))
      return (long)set->slots[i] - 1;
  }
  return -1;
}

static int regex_hit(const rc_set *set, const char *table, rc_right right,
                     rc_depth depth, int any)
{
  size_t i;
  for (i = 0; set->has_regex && i < set->count; i++) {
    const rc_set_entry *e = &set->entries[i];
    if (e->regex && rc_pattern_match(e->regex, table) &&
        (any || entry_depth_ok(e, right, depth)))
      return 1;
  }
  return 0;
}

int rc_set__has_table(const rc_set *set, const char *table, rc_right right,
                      rc_depth depth)
{
  long i;
  if (!set)
    return 0;
  for (i = first_named(set, table); i >= 0; i = set->entries[i].next_same) {
    if (entry_depth_ok(&set->entries[i], right, depth))
      return 1;
  }
  return regex_hit(set, table, right, depth, 0);
}

int rc_set__names_table(const rc_set *set, const char *table)
{
  if (!set)
    return 0;
  return first_named(set, table) >= 0 ||
         regex_hit(set, table, RC_RIGHT_CREATE, RC_DEPTH_BASIC, 1);
}

int rc_set__has_app(const rc_set *set, const char *unique_name)
{
  size_t i;
  for (i = 0; set && i < set->count; i++) {
    const rc_set_entry *e = &set->entries[i];
    if (e->name && !rc_ascii_casecmp(e->name, unique_name))
      return 1;
    if (e->regex && rc_pattern_match(e->regex, unique_name))
      return 1;
  }
  return 0;
}

static int index_set(rc_set *set)
{
  size_t n = 16, i;
  uint32_t *slots;
  while (n < set->count * 2 + 2)
    n *= 2;
  slots = rc_calloc(n, sizeof(*slots));
  if (!slots)
    return RC_ENOMEM;
  rc_free(set->slots);
  set->slots = slots;
  set->nslots = n;
  set->has_regex = 0;
  for (i = 0; i < set->count; i++) {
    rc_set_entry *e = &set->entries[i];
    long first;
    size_t k;
    e->next_same = -1;
    if (!e->name) {
      set->has_regex |= e->regex != NULL;
      continue;
    }
    first = first_named(set, e->name);
    if (first >= 0) {
      /* chain after the last entry of this name */
      while (set->entries[first].next_same >= 0)
        first = set->entries[first].next_same;
      set->entries[first].next_same = (long)i;
      continue;
    }
    for (k = (size_t)name_hash(e->name) & (n - 1); slots[k];
         k = (k + 1) & (n - 1))
      ;
    slots[k] = (uint32_t)i + 1;
  }
  return RC_OK;
}

int rc_set__has_privilege(const rc_set *set, const char *name, rc_depth depth)
{
  long i;
  for (i = set ? first_named(set, name) : -1; i >= 0;
       i = set->entries[i].next_same) {
    if (depth >= set->entries[i].min_depth)
      return 1;
  }
  return 0;
}

int rc_pack__index(rc_rulepack *pack)
{
  size_t i, c, k;
  for (i = 0; i < pack->nsets; i++) {
    if (index_set(&pack->sets[i]) < 0)
      return RC_ENOMEM;
  }
  pack->webrole_profile = NULL;
  for (i = 0; i < pack->nprofiles; i++) {
    if (pack->profiles[i].webroles)
      pack->webrole_profile = pack->profiles[i].id;
  }
  /* the sets no longer move: clauses point at them */
  for (i = 0; i < pack->nrules; i++) {
    const rc_profile *prof =
        rc_pack__profile(pack, pack->rules[i].info.profile);
    pack->rules[i].report_always = prof && prof->report_always;
    pack->rules[i].on_webroles = prof && prof->webroles;
    for (c = 0; c < pack->rules[i].nclauses; c++) {
      rc_clause *cl = &pack->rules[i].clauses[c];
      size_t n = 0;
      cl->set_ptr = cl->set ? rc_pack__set(pack, cl->set) : NULL;
      while (cl->exclude && cl->exclude[n])
        n++;
      cl->exclude_ptrs =
          rc_arena_alloc(&pack->arena, (n + 1) * sizeof(rc_set *));
      if (!cl->exclude_ptrs)
        return RC_ENOMEM;
      for (k = 0; k < n; k++)
        cl->exclude_ptrs[k] = rc_pack__set(pack, cl->exclude[k]);
      cl->exclude_ptrs[n] = NULL;
    }
  }
  return RC_OK;
}

const rc_set_entry *rc_set__entry(const rc_set *set, const char *name)
{
  long i = set ? first_named(set, name) : -1;
  return i >= 0 ? &set->entries[i] : NULL;
}
