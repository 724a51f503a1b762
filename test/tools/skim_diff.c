/* The skim against the full parse: every input of every path is loaded
 * twice, with the skim (the default) and with strict_xml (--strict-xml),
 * and analysed with the built-in rule pack; the two model texts
 * (model_text.h: tables, roles, grants and their lines, apps, web roles,
 * findings, fits) must be the same. An input the full parse rejects may
 * be read or rejected by the skim, never crash it.
 *   skim_diff [--min N] PATH...
 * Prints one line per difference (the first differing line of the two
 * texts) and a summary; exits 1 on a difference, or when fewer than N
 * inputs were compared. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_text.h"

/* The first line where a and b differ, printed. */
static void show_diff(const char *what, const char *a, const char *b)
{
  size_t line = 1;
  const char *ea, *eb;
  while (*a && *b) {
    ea = strchr(a, '\n');
    eb = strchr(b, '\n');
    if (!ea || !eb || ea - a != eb - b || memcmp(a, b, (size_t)(ea - a)))
      break;
    a = ea + 1;
    b = eb + 1;
    line++;
  }
  ea = strchr(a, '\n');
  eb = strchr(b, '\n');
  printf("FAIL %s: model text line %zu\n  full: %.*s\n  skim: %.*s\n", what,
         line, ea ? (int)(ea - a) : (int)strlen(a), a,
         eb ? (int)(eb - b) : (int)strlen(b), b);
}

int main(int argc, char **argv)
{
  rc_ctx *ctx = NULL;
  rc_rulepack *pack = NULL;
  unsigned long same = 0, rejected = 0, failures = 0, min = 0;
  int a = 1;
  if (argc > 2 && !strcmp(argv[1], "--min")) {
    min = strtoul(argv[2], NULL, 10);
    a = 3;
  }
  if (rc_ctx_new(&ctx) < 0 || rc_rulepack_load(&pack, ctx, NULL) < 0) {
    fprintf(stderr, "skim_diff: cannot set up\n");
    return 2;
  }
  for (; a < argc; a++) {
    rc_input_list *inputs = NULL;
    size_t i;
    if (rc_input_list_new(&inputs) < 0)
      return 2;
    if (rc_input_list_add(inputs, ctx, argv[a]) < 0) {
      rejected++; /* not an input at all: nothing to compare */
      rc_input_list_free(inputs);
      continue;
    }
    for (i = 0; i < rc_input_list_count(inputs); i++) {
      char *full = NULL, *skim = NULL;
      char what[4096];
      int ef = rc_test_load_text(&full, ctx, pack, inputs, i, 1);
      int es;
      snprintf(what, sizeof(what), "%s (input %zu)", argv[a], i);
      if (ef < 0) {
        /* the skim may read it or not: it only must not crash */
        (void)rc_test_load_text(&skim, ctx, pack, inputs, i, 0);
        free(skim);
        rejected++;
        continue;
      }
      es = rc_test_load_text(&skim, ctx, pack, inputs, i, 0);
      if (es < 0) {
        printf("FAIL %s: the full parse reads it, the skim says: %s\n", what,
               rc_ctx_error(ctx));
        failures++;
      } else if (strcmp(full, skim)) {
        show_diff(what, full, skim);
        failures++;
      } else {
        same++;
      }
      free(full);
      free(skim);
    }
    rc_input_list_free(inputs);
  }
  printf("skim_diff: %lu inputs the same, %lu rejected by the full parse, "
         "%lu different\n",
         same, rejected, failures);
  rc_rulepack_free(pack);
  rc_ctx_free(ctx);
  if (same < min) {
    printf("FAIL fewer than %lu inputs compared\n", min);
    return 1;
  }
  return failures ? 1 : 0;
}
