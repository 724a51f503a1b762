/* The rolecheck command: parses options, finds inputs, loads each model and
 * renders the chosen view. Only this directory writes to stdout/stderr. */
#include <getopt.h>
#include <rolecheck/rolecheck.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/exit.h"

static const char usage_text[] =
    "Usage: rolecheck COMMAND [OPTIONS] INPUT...\n"
    "\n"
    "Reads exported Dataverse / Dynamics 365 solutions offline and shows the\n"
    "security roles and their privilege matrix.\n"
    "\n"
    "Commands:\n"
    "  roles    list the security roles of each input\n"
    "  matrix   show each role's table x access-right matrix\n"
    "\n"
    "INPUT is a solution .zip, an unpacked (SolutionPackager / pac) folder,\n"
    "an extracted zip folder, a customizations.xml, a Roles/*.xml file, or\n"
    "any directory, which is searched for the solutions it holds.\n"
    "\n"
    "Options:\n"
    "  -f, --format FMT     roles: text|tsv|json; matrix: text|csv|json\n"
    "      --role PATTERN   only roles whose name matches (PCRE2)\n"
    "      --table PATTERN  matrix: only tables whose name matches (PCRE2)\n"
    "      --ascii          matrix: depth letters (- B L D G), not glyphs\n"
    "  -q, --quiet          do not print warnings\n"
    "      --max-entry-size N, --max-total N, --max-ratio N,\n"
    "      --max-entries N, --max-xml-depth N, --max-text N,\n"
    "      --max-roles N, --max-privileges N, --max-tables N,\n"
    "      --max-files N    raise or lower the input limits\n"
    "  -h, --help           show this help\n"
    "  -V, --version        show the version\n"
    "\n"
    "Exit codes: 0 done, 2 usage error, 3 unreadable input or limit hit,\n"
    "4 internal error.\n";

enum {
  OPT_ROLE = 256,
  OPT_TABLE,
  OPT_ASCII,
  OPT_LIMIT, /* + index into limit_options */
};

static const struct {
  const char *name;
  size_t offset;
  int wide; /* uint64_t rather than uint32_t */
} limit_options[] = {
    {"max-entry-size", offsetof(rc_limits, max_entry_size), 1},
    {"max-total", offsetof(rc_limits, max_total_bytes), 1},
    {"max-ratio", offsetof(rc_limits, max_ratio), 0},
    {"max-entries", offsetof(rc_limits, max_entries), 0},
    {"max-xml-depth", offsetof(rc_limits, max_xml_depth), 0},
    {"max-text", offsetof(rc_limits, max_text_len), 0},
    {"max-roles", offsetof(rc_limits, max_roles), 0},
    {"max-privileges", offsetof(rc_limits, max_privileges), 0},
    {"max-tables", offsetof(rc_limits, max_tables), 0},
    {"max-files", offsetof(rc_limits, max_files), 0},
};

#define NLIMITS (sizeof(limit_options) / sizeof(limit_options[0]))

typedef struct {
  const char *command;
  const char *format;
  const char *role;
  const char *table;
  int ascii;
  int quiet;
  rc_limits limits;
} cli_options;

static void on_warning(const char *message, void *payload)
{
  (void)payload;
  fprintf(stderr, "rolecheck: warning: %s\n", message);
}

static int usage_error(const char *fmt, const char *arg)
{
  fputs("rolecheck: ", stderr);
  fprintf(stderr, fmt, arg);
  fputs(" (see rolecheck --help)\n", stderr);
  return RC_EXIT_USAGE;
}

static int set_limit(rc_limits *limits, size_t which, const char *value)
{
  char *end;
  unsigned long long v;
  if (!value[0] || value[0] == '-')
    return -1;
  v = strtoull(value, &end, 10);
  if (*end || (!limit_options[which].wide && v > 0xffffffffull) || !v)
    return -1;
  if (limit_options[which].wide)
    *(uint64_t *)((char *)limits + limit_options[which].offset) = v;
  else
    *(uint32_t *)((char *)limits + limit_options[which].offset) = (uint32_t)v;
  return 0;
}

/* Returns -1 to go on, or an exit code. */
static int parse_args(int argc, char **argv, cli_options *o, int *first)
{
  struct option longs[8 + NLIMITS + 1];
  size_t i, n = 0;
  int c;
  static const rc_limits defaults = RC_LIMITS_INIT;
  memset(o, 0, sizeof(*o));
  o->limits = defaults;
  longs[n++] = (struct option){"format", required_argument, NULL, 'f'};
  longs[n++] = (struct option){"role", required_argument, NULL, OPT_ROLE};
  longs[n++] = (struct option){"table", required_argument, NULL, OPT_TABLE};
  longs[n++] = (struct option){"ascii", no_argument, NULL, OPT_ASCII};
  longs[n++] = (struct option){"quiet", no_argument, NULL, 'q'};
  longs[n++] = (struct option){"help", no_argument, NULL, 'h'};
  longs[n++] = (struct option){"version", no_argument, NULL, 'V'};
  for (i = 0; i < NLIMITS; i++)
    longs[n++] = (struct option){limit_options[i].name, required_argument, NULL,
                                 OPT_LIMIT + (int)i};
  longs[n] = (struct option){NULL, 0, NULL, 0};

  opterr = 0;
  while ((c = getopt_long(argc, argv, "+f:qhV", longs, NULL)) != -1) {
    switch (c) {
    case 'f':
      o->format = optarg;
      break;
    case OPT_ROLE:
      o->role = optarg;
      break;
    case OPT_TABLE:
      o->table = optarg;
      break;
    case OPT_ASCII:
      o->ascii = 1;
      break;
    case 'q':
      o->quiet = 1;
      break;
    case 'h':
      fputs(usage_text, stdout);
      return RC_EXIT_OK;
    case 'V':
      printf("rolecheck %s\n", rc_version());
      return RC_EXIT_OK;
    case '?':
      if (optopt)
        return usage_error("unknown option '-%c'", (char[]){(char)optopt, 0});
      return usage_error("unknown option '%s'", argv[optind - 1]);
    case ':':
      return usage_error("option '%s' needs a value", argv[optind - 1]);
    default:
      if (c >= OPT_LIMIT && c < OPT_LIMIT + (int)NLIMITS) {
        if (set_limit(&o->limits, (size_t)(c - OPT_LIMIT), optarg) < 0)
          return usage_error("bad limit value '%s'", optarg);
        break;
      }
      return usage_error("bad option '%s'", argv[optind - 1]);
    }
  }
  *first = optind;
  return -1;
}

static int parse_format(const char *command, const char *name, rc_format *out)
{
  int roles = !strcmp(command, "roles");
  if (!name || !strcmp(name, "text"))
    *out = RC_FORMAT_TEXT;
  else if (!strcmp(name, "json"))
    *out = RC_FORMAT_JSON;
  else if (roles && !strcmp(name, "tsv"))
    *out = RC_FORMAT_TSV;
  else if (!roles && !strcmp(name, "csv"))
    *out = RC_FORMAT_CSV;
  else
    return -1;
  return 0;
}

static int run(rc_ctx *ctx, const cli_options *o, int nin, char **in)
{
  rc_input_list *inputs = NULL;
  rc_model **models = NULL;
  rc_pattern *role = NULL, *table = NULL;
  rc_view_options view = RC_VIEW_OPTIONS_INIT;
  size_t i, nmodels = 0;
  int code = RC_EXIT_OK, error;

  if (parse_format(o->command, o->format, &view.format) < 0)
    return usage_error("format '%s' is not available for this command",
                       o->format);
  if ((o->role && (error = rc_pattern_new(&role, ctx, o->role)) < 0) ||
      (o->table && (error = rc_pattern_new(&table, ctx, o->table)) < 0)) {
    code = rc_exit_for(error);
    fprintf(stderr, "rolecheck: %s\n", rc_ctx_error(ctx));
    goto done;
  }
  view.role = role;
  view.table = table;
  view.ascii = o->ascii;

  if (rc_input_list_new(&inputs) < 0) {
    code = RC_EXIT_INTERNAL;
    fputs("rolecheck: out of memory\n", stderr);
    goto done;
  }
  for (i = 0; i < (size_t)nin; i++) {
    error = rc_input_list_add(inputs, ctx, in[i]);
    if (error < 0) {
      fprintf(stderr, "rolecheck: %s\n", rc_ctx_error(ctx));
      code = rc_exit_max(code, rc_exit_for(error));
    }
  }
  models = calloc(rc_input_list_count(inputs) + 1, sizeof(*models));
  if (!models) {
    code = RC_EXIT_INTERNAL;
    fputs("rolecheck: out of memory\n", stderr);
    goto done;
  }
  for (i = 0; i < rc_input_list_count(inputs); i++) {
    error = rc_model_load(&models[nmodels], ctx, inputs, i);
    if (error < 0) {
      fprintf(stderr, "rolecheck: %s\n", rc_ctx_error(ctx));
      code = rc_exit_max(code, rc_exit_for(error));
      continue;
    }
    nmodels++;
  }
  error = !strcmp(o->command, "roles")
              ? rc_view_roles(stdout, ctx, models, nmodels, &view)
              : rc_view_matrix(stdout, ctx, models, nmodels, &view);
  if (!error && (fflush(stdout) != 0 || ferror(stdout)))
    error = RC_ERROR;
  if (error < 0) {
    fprintf(stderr, "rolecheck: %s\n",
            rc_ctx_error(ctx)[0] ? rc_ctx_error(ctx) : "cannot write output");
    code = rc_exit_max(code, rc_exit_for(error));
  }
done:
  for (i = 0; i < nmodels; i++)
    rc_model_free(models[i]);
  free(models);
  rc_input_list_free(inputs);
  rc_pattern_free(role);
  rc_pattern_free(table);
  return code;
}

int main(int argc, char **argv)
{
  cli_options o;
  rc_ctx *ctx = NULL;
  int first, code;

  if (argc < 2)
    return usage_error("%s", "missing command (roles or matrix)");
  if (argv[1][0] != '-') {
    if (strcmp(argv[1], "roles") && strcmp(argv[1], "matrix"))
      return usage_error("unknown command '%s'", argv[1]);
    code = parse_args(argc - 1, argv + 1, &o, &first);
    o.command = argv[1];
    first += 1;
  } else {
    code = parse_args(argc, argv, &o, &first);
    if (code < 0)
      return usage_error("%s", "missing command (roles or matrix)");
  }
  if (code >= 0)
    return code;
  if (first >= argc)
    return usage_error("%s", "no input given");
  if (rc_ctx_new(&ctx) < 0) {
    fputs("rolecheck: out of memory\n", stderr);
    return RC_EXIT_INTERNAL;
  }
  rc_ctx_set_limits(ctx, &o.limits);
  if (!o.quiet)
    rc_ctx_set_warn(ctx, on_warning, NULL);
  code = run(ctx, &o, argc - first, argv + first);
  rc_ctx_free(ctx);
  return code;
}
