/* Reading the inputs: each path's solutions, loaded in parallel (-j,
 * rc_model_load_all), the ones that fail reported or, in a folder scan,
 * skipped; and the guard that no report replaces a file an input was read
 * from. */
#include <rolecheck/rolecheck.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/exit.h"
#include "util/ascii.h"
#include "util/sys.h"

/* Report an input error on stderr and remember it for the reports. */
static void input_failed(loaded *L, rc_ctx *ctx, const char *path, int error)
{
  L->code = rc_exit_max(L->code, rc_cli_fail(ctx, error));
  if (L->nfailed < MAX_FAILED) {
    L->failed_paths[L->nfailed] = strdup(path);
    L->failed_messages[L->nfailed] = strdup(rc_ctx_error(ctx));
    if (L->failed_paths[L->nfailed] && L->failed_messages[L->nfailed])
      L->nfailed++;
  }
}

/* The last path separator of path, or NULL. */
static const char *last_sep(const char *path)
{
  const char *sep = NULL, *p;
  for (p = path; *p; p++) {
    if (RC_SYS_IS_SEP(*p))
      sep = p;
  }
  return sep;
}

/* The folder part of path up to and including sep ("." without one). */
static char *folder_of(const char *path, const char *sep)
{
  size_t n = sep ? (size_t)(sep - path) + 1 : 1;
  char *d = malloc(n + 1);
  if (d) {
    memcpy(d, sep ? path : ".", n);
    d[n] = '\0';
  }
  return d;
}

/* Is path the file at read, or a name that rolecheck would take for it
 * (the same folder and the same name in another case: solution files are
 * found case-insensitively)? */
static int same_or_alias(const char *path, const char *read)
{
  const char *a, *b;
  char *da, *db;
  int same;
  if (rc_sys_same_file(path, read))
    return 1;
  a = last_sep(path);
  b = last_sep(read);
  if (rc_ascii_casecmp(a ? a + 1 : path, b ? b + 1 : read))
    return 0;
  da = folder_of(path, a);
  db = folder_of(read, b);
  same = da && db && rc_sys_same_file(da, db);
  free(da);
  free(db);
  return same;
}

int rc_cli_load_inputs(rc_ctx *ctx, const cli_options *o, int nin, char **in,
                       loaded *L)
{
  rc_load_results *results;
  size_t i, n, skipped = 0;
  int scanned = 0;
  int error, nomem = 0;
  memset(L, 0, sizeof(*L));
  if (rc_input_list_new(&L->inputs) < 0)
    return rc_cli_out_of_memory();
  for (i = 0; i < (size_t)nin; i++) {
    error = rc_input_list_add(L->inputs, ctx, in[i]);
    if (error == RC_ENOMEM)
      return rc_cli_out_of_memory();
    if (error < 0)
      input_failed(L, ctx, in[i], error);
  }
  n = rc_input_list_count(L->inputs);
  for (i = 0; i < n; i++)
    scanned |= rc_input_list_scanned(L->inputs, i);
  L->models = calloc(n + 1, sizeof(*L->models));
  if (!L->models ||
      rc_model_load_all(&results, ctx, L->inputs, (unsigned)o->jobs) < 0)
    return rc_cli_out_of_memory();
  /* out of memory anywhere ends the run with that one line */
  for (i = 0; i < n; i++)
    nomem |= rc_load_results_get(results, i)->error == RC_ENOMEM;
  /* in input order: warnings, then the model or the error */
  for (i = 0; i < n; i++) {
    rc_load_result *r = rc_load_results_get(results, i);
    size_t w;
    for (w = 0; w < r->warning_count && !nomem && !o->quiet; w++)
      fprintf(stderr, "rolecheck: warning: %s\n", r->warnings[w]);
    if (nomem) {
      if (r->model)
        L->models[L->count++] = r->model;
    } else if (r->error < 0 && rc_input_list_scanned(L->inputs, i)) {
      /* one bad file found by a folder scan does not hide the rest */
      if (!o->quiet)
        fprintf(stderr, "rolecheck: warning: %s; skipped\n",
                r->message ? r->message : "out of memory");
      skipped++;
    } else if (r->error < 0) {
      fprintf(stderr, "rolecheck: %s\n",
              r->message ? r->message : "out of memory");
      L->code = rc_exit_max(L->code, rc_exit_for(r->error));
      if (L->nfailed < MAX_FAILED && r->message) {
        L->failed_paths[L->nfailed] = strdup(rc_input_list_path(L->inputs, i));
        L->failed_messages[L->nfailed] = strdup(r->message);
        if (L->failed_paths[L->nfailed] && L->failed_messages[L->nfailed])
          L->nfailed++;
      }
    } else {
      L->models[L->count++] = r->model;
    }
    if (o->stats && r->model && !nomem) {
      size_t count;
      uint64_t hash;
      rc_model_stats(r->model, &count, &hash);
      fprintf(stderr,
              "rolecheck: stats: %s: %lu RolePrivilege, names %016llx\n",
              rc_input_list_path(L->inputs, i), (unsigned long)count,
              (unsigned long long)hash);
    }
  }
  /* every model read is in L->models now */
  for (i = 0; i < n; i++)
    rc_load_results_get(results, i)->model = NULL;
  rc_load_results_free(results);
  if (nomem)
    return rc_cli_out_of_memory();
  for (i = 0; i < L->count; i++) {
    /* a report never replaces a file read for an input (the arguments
     * were compared before; this also catches files inside folders, by
     * identity: links, "..", case-insensitive file systems) */
    size_t k, f;
    for (k = 0; k <= o->nextra; k++) {
      const char *out = k < o->nextra ? o->extra[k].path : o->output;
      for (f = 0; out && f < rc_model_file_count(L->models[i]); f++) {
        const char *file = rc_model_file(L->models[i], f);
        if (same_or_alias(out, file)) {
          fprintf(stderr,
                  "rolecheck: '%s' is %s, read for input %s; refusing to "
                  "write over it (see rolecheck --help)\n",
                  out, file, rc_model_path(L->models[i]));
          return RC_EXIT_USAGE;
        }
      }
    }
  }
  L->skipped = skipped + rc_input_list_skipped(L->inputs);
  L->scanned = scanned;
  return RC_EXIT_OK;
}

/* After a run that searched folders: how many inputs it read and how many
 * files it passed over (printed even with -q, so a log shows what was
 * checked). label names the diff side, or is NULL. */
void rc_cli_scan_summary(const loaded *L, const char *label)
{
  if (!L->skipped && !L->scanned)
    return;
  fprintf(stderr, "rolecheck: %s%s%lu input%s read, %lu skipped\n",
          label ? label : "", label ? ": " : "", (unsigned long)L->count,
          L->count == 1 ? "" : "s", (unsigned long)L->skipped);
}

void rc_cli_free_inputs(loaded *L)
{
  size_t i;
  for (i = 0; i < L->count; i++)
    rc_model_free(L->models[i]);
  for (i = 0; i < L->nfailed; i++) {
    free(L->failed_paths[i]);
    free(L->failed_messages[i]);
  }
  free(L->models);
  rc_input_list_free(L->inputs);
}

/* Is out the same file as one of the inputs? Reports never replace one. */
int rc_cli_load_complete(rc_ctx *ctx, const cli_options *o, int nin, char **in,
                         loaded *L, const char *nothing)
{
  int code = rc_cli_load_inputs(ctx, o, nin, in, L);
  if (!code)
    code = L->code;
  /* never write from an incomplete analysis */
  if (code == RC_EXIT_INPUT)
    fprintf(stderr, "rolecheck: %s: an input could not be read\n", nothing);
  return code;
}

const char *rc_cli_clobbers_input(const char *out, int nin, char **in)
{
  int i;
  for (i = 0; out && i < nin; i++) {
    if (rc_sys_same_file(out, in[i]))
      return out;
  }
  return NULL;
}
