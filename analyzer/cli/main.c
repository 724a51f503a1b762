/* The rolecheck command: parses options, finds inputs, loads each model,
 * runs the rules and renders the chosen view. Only this directory writes to
 * stdout/stderr and picks the exit code. */
#include <getopt.h>
#include <pthread.h>
#include <rolecheck/rolecheck.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/exit.h"
#include "util/alloc.h"
#include "util/ascii.h"
#include "util/sys.h"

#ifdef RC_FAULT_INJECTION
/* The test build used by the allocation-failure sweep: RC_FAIL_ALLOC=N
 * fails the Nth allocation (and every later one) made through the library
 * hook, which libxml2 and jansson are routed through too; RC_COUNT_ALLOC
 * prints how many allocations a run made. Not in the shipped binary. */
#include <jansson.h>
#include <libxml/xmlmemory.h>

#include "util/alloc.h"

static char *fault_strdup(const char *s)
{
  return rc_strndup(s, strlen(s));
}

static void fault_setup(void)
{
  const char *n = getenv("RC_FAIL_ALLOC");
  xmlMemSetup(rc_free, rc_malloc, rc_realloc, fault_strdup);
  json_set_alloc_funcs(rc_malloc, rc_free);
  rc_alloc_fail_after(n ? strtoul(n, NULL, 10) : 0);
}

static void fault_report(void)
{
  if (getenv("RC_COUNT_ALLOC"))
    fprintf(stderr, "rolecheck: allocations: %lu\n", rc_alloc_fail_after(0));
}
#endif

static const char usage_text[] =
    "Usage: rolecheck [COMMAND] [OPTIONS] INPUT...\n"
    "\n"
    "Reads exported Dataverse / Dynamics 365 solutions offline, builds each\n"
    "security role's privilege matrix and reports roles that would break\n"
    "Microsoft licensing if given to Team Members or Power Apps users.\n"
    "\n"
    "Commands:\n"
    "  check      run the licensing rules (the default command)\n"
    "  roles      list the security roles of each input\n"
    "  matrix     show each role's table x access-right matrix\n"
    "  rules      list the rules\n"
    "  explain ID print a rule's documentation\n"
    "  baseline create -o FILE INPUT...   record the current findings\n"
    "  baseline update FILE INPUT...      drop entries that no longer match\n"
    "  diff BASE HEAD   what a change does to roles, findings and licence\n"
    "             fit; a side may be --git REV:PATH (a folder or zip at a\n"
    "             git revision); -f sarif lists the new findings only\n"
    "\n"
    "INPUT is a solution .zip, an unpacked (SolutionPackager / pac) folder,\n"
    "an extracted zip folder, a customizations.xml, a Roles/*.xml file, or\n"
    "any directory, which is searched for the solutions it holds.\n"
    "\n"
    "Options:\n"
    "  -f, --format FMT     @FORMATS@\n"
    "      --fail-on LEVEL  error|warning|note|never (default error)\n"
    "      --assume PROFILE evaluate every role as if given this licence:\n"
    "                       team-member, power-apps, or a Dynamics 365 app\n"
    "                       (SP, SE, CSP, CSE, FS, PO, MKT)\n"
    "      --assign 'RE=PROFILE'  roles whose name matches RE (or whose id\n"
    "                       is the GUID RE) get PROFILE; repeatable\n"
    "      --config FILE    configuration (default ./rolecheck.xml if "
    "present)\n"
    "      --no-config      ignore ./rolecheck.xml\n"
    "      --rules FILE     rule-pack file adding or overriding rules and "
    "sets\n"
    "      --baseline FILE  findings recorded there do not count\n"
    "      --role PATTERN   roles, matrix, check: only the roles (and web\n"
    "                       roles) whose name matches (PCRE2)\n"
    "      --table PATTERN  matrix: only tables whose name matches (PCRE2)\n"
    "      --ascii          matrix: depth letters (- B L D G), not glyphs\n"
    "  -o, --output FILE    write the report (or baseline) to FILE\n"
    "      @REPORTS@\n"
    "      --source-root DIR  paths in SARIF and annotations are relative\n"
    "                       to DIR (default: the working directory)\n"
    "      --sarif-include-suppressed  keep accepted findings in SARIF\n"
    "      --force          baseline create: overwrite an existing file\n"
    "      --add-new        baseline update: also add new findings\n"
    "      --keep-going     skip a portal record whose JSON or YAML is\n"
    "                       malformed (a warning), instead of failing\n"
    "  -j, --jobs N         read N inputs in parallel (default: one per CPU);\n"
    "                       the output order does not change\n"
    "      --stats          print RolePrivilege counts and name hashes\n"
    "      --color WHEN     colour the text report: auto (on a terminal,\n"
    "                       unless NO_COLOR), always or never\n"
    "  -q, --quiet          do not print warnings\n"
    "      --max-entry-size N, --max-total N, --max-ratio N,\n"
    "      --max-entries N, --max-xml-depth N, --max-text N,\n"
    "      --max-roles N, --max-privileges N, --max-tables N,\n"
    "      --max-files N    raise or lower the input limits\n"
    "  -h, --help           show this help\n"
    "  -V, --version        show the version\n"
    "\n"
    "Exit codes: 0 nothing at --fail-on, 1 findings at --fail-on, 2 usage\n"
    "or configuration error, 3 unreadable input or limit hit, 4 internal\n"
    "error.\n";

/* Words to the usage text, wrapped at 78 columns: *col is where the
 * cursor is, indent the column continuation lines start at. */
static void put_wrapped(const char *word, size_t *col, size_t indent)
{
  size_t n = strlen(word);
  if (*col > indent && *col + 1 + n > 78) {
    printf("\n%*s", (int)indent, "");
    *col = indent;
  } else if (*col > indent) {
    putchar(' ');
    (*col)++;
  }
  fputs(word, stdout);
  *col += n;
}

/* "check: text|json|...;", a line for each command, from the format
 * table. */
static void put_formats(void)
{
  static const struct {
    const char *name;
    rc_view_kind view;
  } views[] = {{"check", RC_VIEW_CHECK},
               {"roles", RC_VIEW_ROLES},
               {"matrix", RC_VIEW_MATRIX},
               {"diff", RC_VIEW_DIFF},
               {"rules", RC_VIEW_RULES}};
  size_t v, i, n = sizeof(views) / sizeof(views[0]);
  for (v = 0; v < n; v++) {
    size_t col = 23;
    const char *sep = ": ";
    if (v)
      printf("\n%*s", 23, "");
    col += (size_t)printf("%s", views[v].name);
    for (i = 0; i < rc_format_count(); i++) {
      const rc_format_info *f = rc_format_at(i);
      if (!rc_format_serves(f, views[v].view))
        continue;
      if (col + strlen(sep) + strlen(f->name) + 1 > 78) {
        printf("%s\n%*s", *sep == '|' ? "|" : sep, 23, "");
        col = 23;
        sep = "";
      }
      col += (size_t)printf("%s%s", sep, f->name);
      sep = "|";
    }
    if (v + 1 < n)
      putchar(';');
  }
}

/* "--sarif FILE, --junit FILE, ..." for every format check renders. */
static void put_reports(void)
{
  size_t i, col = 6, n = 0;
  const char *words = "more reports from the same run (--csv: the role matrix)";
  for (i = 0; i < rc_format_count(); i++)
    n += (size_t)rc_format_serves(rc_format_at(i), RC_VIEW_CHECK);
  for (i = 0; i < rc_format_count(); i++) {
    char word[64];
    if (!rc_format_serves(rc_format_at(i), RC_VIEW_CHECK))
      continue;
    snprintf(word, sizeof(word), "--%s FILE%s", rc_format_at(i)->name,
             --n ? "," : "");
    put_wrapped(word, &col, 6);
  }
  printf("\n%*s", 23, "");
  col = 23;
  while (*words) {
    char word[64];
    size_t len = strcspn(words, " ");
    snprintf(word, sizeof(word), "%.*s", (int)len, words);
    put_wrapped(word, &col, 23);
    words += len + (words[len] == ' ');
  }
}

static void print_usage(void)
{
  const char *p = usage_text, *mark;
  while ((mark = strchr(p, '@')) != NULL) {
    fwrite(p, 1, (size_t)(mark - p), stdout);
    if (!strncmp(mark, "@FORMATS@", 9))
      put_formats();
    else
      put_reports();
    p = strchr(mark + 1, '@') + 1;
  }
  fputs(p, stdout);
}

/* Does diff write this format as a --NAME FILE report? */
static int diff_report(rc_format format)
{
  size_t i;
  for (i = 0; i < rc_format_count(); i++) {
    if (rc_format_at(i)->format == format)
      return rc_format_serves(rc_format_at(i), RC_VIEW_DIFF);
  }
  return 0;
}

/* "--text, --json, --sarif and --md". */
static const char *diff_reports(void)
{
  static char list[256];
  size_t i, n = 0, k = 0;
  for (i = 0; i < rc_format_count(); i++)
    n += (size_t)rc_format_serves(rc_format_at(i), RC_VIEW_DIFF);
  list[0] = '\0';
  for (i = 0; i < rc_format_count(); i++) {
    size_t len = strlen(list);
    if (!rc_format_serves(rc_format_at(i), RC_VIEW_DIFF))
      continue;
    snprintf(list + len, sizeof(list) - len, "%s--%s",
             !k           ? ""
             : k + 1 == n ? " and "
                          : ", ",
             rc_format_at(i)->name);
    k++;
  }
  return list;
}

enum {
  OPT_ROLE = 256,
  OPT_TABLE,
  OPT_ASCII,
  OPT_FAIL_ON,
  OPT_ASSUME,
  OPT_ASSIGN,
  OPT_CONFIG,
  OPT_NO_CONFIG,
  OPT_RULES,
  OPT_BASELINE,
  OPT_FORCE,
  OPT_ADD_NEW,
  OPT_KEEP_GOING,
  OPT_SOURCE_ROOT,
  OPT_INCLUDE_SUPPRESSED,
  OPT_STATS,
  OPT_COLOR,
  OPT_LIMIT,        /* + index into limit_options */
  OPT_REPORT = 512, /* + index into the format table (--NAME FILE) */
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

#define NLIMITS    (sizeof(limit_options) / sizeof(limit_options[0]))
#define MAX_ASSIGN 64

typedef struct {
  const char *command;    /* check, roles, matrix, rules, explain, baseline */
  const char *subcommand; /* baseline: create or update */
  const char *format;
  const char *role;
  const char *table;
  const char *fail_on;
  const char *assume;
  const char *assign[MAX_ASSIGN];
  size_t nassign;
  const char *config;
  int no_config;
  const char *rules;
  const char *baseline;
  const char *output;
  int force, add_new;
  int keep_going;
  long jobs; /* inputs loaded in parallel; 0 = one per CPU */
  int stats;
  const char *source_root;
  int include_suppressed;
  /* more outputs from the same run: format + path */
  struct {
    rc_format format;
    const char *path;
  } extra[16];
  size_t nextra;
  int ascii;
  int quiet;
  const char *color; /* auto (NULL), always, never */
  rc_limits limits;
} cli_options;

/* Colour for a text report going to stdout (path NULL) or a file:
 * ci-conventions' rules (--color, NO_COLOR, TERM=dumb, FORCE_COLOR). */
static int use_color(const cli_options *o, const char *path)
{
  const char *v;
  if (o->color && !strcmp(o->color, "always"))
    return 1;
  if ((o->color && !strcmp(o->color, "never")) || path)
    return 0;
  if (((v = getenv("FORCE_COLOR")) && v[0]) ||
      ((v = getenv("CLICOLOR_FORCE")) && v[0]))
    return 1;
  if ((v = getenv("NO_COLOR")) && v[0])
    return 0;
  if ((v = getenv("TERM")) && !strcmp(v, "dumb"))
    return 0;
  return rc_sys_is_terminal(stdout, 1);
}

/* Interrupted (Ctrl-C, kill): the reports being written lose their
 * temporary files and keep their previous contents; then the default
 * action. */
static void on_signal(int sig)
{
  rc_output_remove_pending();
  signal(sig, SIG_DFL);
  raise(sig);
}

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

static int fail(rc_ctx *ctx, int error)
{
  fprintf(stderr, "rolecheck: %s\n", rc_ctx_error(ctx));
  return rc_exit_for(error);
}

/* Reports a failed write of the output (a full disk, a closed pipe). */
static int flush_stdout(void)
{
  if (fflush(stdout) == 0 && !ferror(stdout))
    return RC_EXIT_OK;
  fputs("rolecheck: cannot write the output\n", stderr);
  return RC_EXIT_INTERNAL;
}

/* Where a report goes: stdout (path NULL), or a temporary file renamed over
 * PATH once complete (out_end). Returns an exit code, 0 to go on. */
static int out_begin(rc_ctx *ctx, const char *path, rc_output **file,
                     FILE **out)
{
  int error;
  *file = NULL;
  *out = stdout;
  if (!path)
    return RC_EXIT_OK;
  if ((error = rc_output_open(file, ctx, path)) < 0)
    return fail(ctx, error);
  *out = rc_output_file(*file);
  return RC_EXIT_OK;
}

/* After rendering with result error: publish the file or flush stdout, or
 * (error < 0) drop the file. Returns an exit code. */
static int out_end(rc_ctx *ctx, rc_output *file, int error)
{
  if (error < 0) {
    rc_output_abort(file);
    return fail(ctx, error);
  }
  if (!file)
    return flush_stdout();
  error = rc_output_commit(file, ctx);
  return error < 0 ? fail(ctx, error) : RC_EXIT_OK;
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

/* "rolecheck 0.1.0 (rule pack 2026.12.1, as of 2026-12)": the findings
 * depend on both. */
static int print_version(void)
{
  rc_ctx *ctx = NULL;
  rc_rulepack *pack = NULL;
  if (rc_ctx_new(&ctx) < 0 || rc_rulepack_load(&pack, ctx, NULL) < 0) {
    rc_ctx_free(ctx);
    fputs("rolecheck: out of memory\n", stderr);
    return RC_EXIT_INTERNAL;
  }
  printf("rolecheck %s (rule pack %s, as of %s)\n", rc_version(),
         rc_rulepack_version(pack), rc_rulepack_as_of(pack));
  rc_rulepack_free(pack);
  rc_ctx_free(ctx);
  return flush_stdout();
}

/* Returns -1 to go on, or an exit code. */
static int parse_args(int argc, char **argv, cli_options *o, int *first)
{
  static const struct {
    const char *name;
    int has_arg, val;
  } plain[] = {
      {"format", required_argument, 'f'},
      {"output", required_argument, 'o'},
      {"role", required_argument, OPT_ROLE},
      {"table", required_argument, OPT_TABLE},
      {"ascii", no_argument, OPT_ASCII},
      {"fail-on", required_argument, OPT_FAIL_ON},
      {"assume", required_argument, OPT_ASSUME},
      {"assign", required_argument, OPT_ASSIGN},
      {"config", required_argument, OPT_CONFIG},
      {"no-config", no_argument, OPT_NO_CONFIG},
      {"rules", required_argument, OPT_RULES},
      {"baseline", required_argument, OPT_BASELINE},
      {"force", no_argument, OPT_FORCE},
      {"add-new", no_argument, OPT_ADD_NEW},
      {"keep-going", no_argument, OPT_KEEP_GOING},
      {"source-root", required_argument, OPT_SOURCE_ROOT},
      {"sarif-include-suppressed", no_argument, OPT_INCLUDE_SUPPRESSED},
      {"jobs", required_argument, 'j'},
      {"stats", no_argument, OPT_STATS},
      {"color", required_argument, OPT_COLOR},
      {"colour", required_argument, OPT_COLOR},
      {"quiet", no_argument, 'q'},
      {"help", no_argument, 'h'},
      {"version", no_argument, 'V'},
  };
  struct option longs[sizeof(plain) / sizeof(plain[0]) + NLIMITS + 64];
  size_t i, n = 0;
  int c;
  for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
    longs[n++] =
        (struct option){plain[i].name, plain[i].has_arg, NULL, plain[i].val};
  for (i = 0; i < NLIMITS; i++)
    longs[n++] = (struct option){limit_options[i].name, required_argument, NULL,
                                 OPT_LIMIT + (int)i};
  /* --NAME FILE for every format check renders */
  for (i = 0; i < rc_format_count() && i < 63; i++) {
    if (rc_format_serves(rc_format_at(i), RC_VIEW_CHECK))
      longs[n++] = (struct option){rc_format_at(i)->name, required_argument,
                                   NULL, OPT_REPORT + (int)i};
  }
  longs[n] = (struct option){NULL, 0, NULL, 0};

  opterr = 0;
  while ((c = getopt_long(argc, argv, "f:o:j:qhV", longs, NULL)) != -1) {
    switch (c) {
    case 'f':
      o->format = optarg;
      break;
    case 'o':
      o->output = optarg;
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
    case OPT_FAIL_ON:
      o->fail_on = optarg;
      break;
    case OPT_ASSUME:
      o->assume = optarg;
      break;
    case OPT_ASSIGN:
      if (o->nassign == MAX_ASSIGN)
        return usage_error("more than %s --assign options", "64");
      o->assign[o->nassign++] = optarg;
      break;
    case OPT_CONFIG:
      o->config = optarg;
      break;
    case OPT_NO_CONFIG:
      o->no_config = 1;
      break;
    case OPT_RULES:
      o->rules = optarg;
      break;
    case OPT_BASELINE:
      o->baseline = optarg;
      break;
    case OPT_FORCE:
      o->force = 1;
      break;
    case OPT_ADD_NEW:
      o->add_new = 1;
      break;
    case OPT_KEEP_GOING:
      o->keep_going = 1;
      break;
    case 'j': {
      char *end;
      o->jobs = strtol(optarg, &end, 10);
      if (*end || o->jobs < 1 || o->jobs > 256)
        return usage_error("-j takes a number from 1 to 256, not '%s'", optarg);
      break;
    }
    case OPT_STATS:
      o->stats = 1;
      break;
    case OPT_SOURCE_ROOT:
      o->source_root = optarg;
      break;
    case OPT_COLOR:
      if (strcmp(optarg, "auto") && strcmp(optarg, "always") &&
          strcmp(optarg, "never"))
        return usage_error("--color takes auto, always or never, not '%s'",
                           optarg);
      o->color = optarg;
      break;
    case OPT_INCLUDE_SUPPRESSED:
      o->include_suppressed = 1;
      break;
    case 'q':
      o->quiet = 1;
      break;
    case 'h':
      print_usage();
      return RC_EXIT_OK;
    case 'V':
      return print_version();
    case '?':
      if (optopt)
        return usage_error("unknown option '-%c'", (char[]){(char)optopt, 0});
      return usage_error("unknown option '%s'", argv[optind - 1]);
    default:
      if (c >= OPT_REPORT && c < OPT_REPORT + (int)rc_format_count()) {
        if (o->nextra == sizeof(o->extra) / sizeof(o->extra[0]))
          return usage_error("more than %s report files", "16");
        o->extra[o->nextra].format =
            rc_format_at((size_t)(c - OPT_REPORT))->format;
        o->extra[o->nextra].path = optarg;
        o->nextra++;
        break;
      }
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

/* The format -f names for a command (text when none is given). */
static int parse_format(rc_view_kind view, const char *name, rc_format *out)
{
  const rc_format_info *f;
  if (!name) {
    *out = RC_FORMAT_TEXT;
    return 0;
  }
  f = rc_format_find(name, view);
  if (!f)
    return -1;
  *out = f->format;
  return 0;
}

/* ---- loading inputs ---- */

#define MAX_FAILED 64

typedef struct {
  rc_input_list *inputs;
  rc_model **models;
  size_t count;
  int code; /* exit code so far: 3 when an input failed */
  /* inputs that could not be read, for reports */
  char *failed_paths[MAX_FAILED];
  char *failed_messages[MAX_FAILED];
  size_t nfailed;
  size_t skipped; /* files a folder scan passed over, with a warning */
  int scanned;    /* some input was found by searching a folder */
} loaded;

static int out_of_memory(void)
{
  fputs("rolecheck: out of memory\n", stderr);
  return RC_EXIT_INTERNAL;
}

/* Report an input error on stderr and remember it for the reports. */
static void input_failed(loaded *L, rc_ctx *ctx, const char *path, int error)
{
  L->code = rc_exit_max(L->code, fail(ctx, error));
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

/* One input's load on a worker: its own context, its warnings kept for
 * printing in input order. */
typedef struct {
  rc_model *model;
  int error;
  char *message;  /* the error, or NULL */
  char *warnings; /* "rolecheck: warning: ...\n" lines, or NULL */
  size_t warnings_len;
} load_result;

typedef struct {
  rc_input_list *inputs;
  load_result *results;
  const rc_limits *limits;
  int keep_going;
  int quiet;
  atomic_size_t next;
} load_job;

static void keep_warning(const char *message, void *payload)
{
  load_result *r = payload;
  size_t n = strlen(message) + 22;
  char *grown = realloc(r->warnings, r->warnings_len + n + 1);
  if (!grown)
    return;
  r->warnings = grown;
  r->warnings_len += (size_t)snprintf(grown + r->warnings_len, n + 1,
                                      "rolecheck: warning: %s\n", message);
}

static void *load_worker(void *arg)
{
  load_job *job = arg;
  size_t n = rc_input_list_count(job->inputs), i;
  while ((i = atomic_fetch_add(&job->next, 1)) < n) {
    load_result *r = &job->results[i];
    rc_ctx *ctx;
    if (rc_ctx_new(&ctx) < 0) {
      r->error = RC_ENOMEM;
      continue;
    }
    rc_ctx_set_limits(ctx, job->limits);
    rc_ctx_set_keep_going(ctx, job->keep_going);
    if (!job->quiet)
      rc_ctx_set_warn(ctx, keep_warning, r);
    r->error = rc_model_load(&r->model, ctx, job->inputs, i);
    if (r->error < 0)
      r->message = strdup(rc_ctx_error(ctx));
    rc_ctx_free(ctx);
  }
  return NULL;
}

static int load_inputs(rc_ctx *ctx, const cli_options *o, int nin, char **in,
                       loaded *L)
{
  load_job job;
  pthread_t threads[256];
  size_t i, n, nthreads, started = 0, skipped = 0;
  int scanned = 0;
  long jobs = o->jobs;
  int error, nomem = 0;
  memset(L, 0, sizeof(*L));
  if (rc_input_list_new(&L->inputs) < 0)
    return out_of_memory();
  for (i = 0; i < (size_t)nin; i++) {
    error = rc_input_list_add(L->inputs, ctx, in[i]);
    if (error == RC_ENOMEM)
      return out_of_memory();
    if (error < 0)
      input_failed(L, ctx, in[i], error);
  }
  n = rc_input_list_count(L->inputs);
  for (i = 0; i < n; i++)
    scanned |= rc_input_list_scanned(L->inputs, i);
  L->models = calloc(n + 1, sizeof(*L->models));
  memset(&job, 0, sizeof(job));
  job.results = calloc(n + 1, sizeof(*job.results));
  if (!L->models || !job.results) {
    free(job.results);
    return out_of_memory();
  }
  job.inputs = L->inputs;
  job.limits = &o->limits;
  job.keep_going = o->keep_going;
  job.quiet = o->quiet;
  atomic_init(&job.next, 0);
  if (!jobs)
    jobs = rc_sys_cpus();
  nthreads = jobs < 1 ? 1 : (size_t)jobs;
  if (nthreads > n)
    nthreads = n;
  if (nthreads > 256)
    nthreads = 256;
  /* the calling thread works too */
  for (i = 1; i < nthreads; i++) {
    if (pthread_create(&threads[started], NULL, load_worker, &job))
      break;
    started++;
  }
  load_worker(&job);
  for (i = 0; i < started; i++)
    pthread_join(threads[i], NULL);
  /* out of memory anywhere ends the run with that one line */
  for (i = 0; i < n; i++)
    nomem |= job.results[i].error == RC_ENOMEM;
  /* in input order: warnings, then the model or the error */
  for (i = 0; i < n; i++) {
    load_result *r = &job.results[i];
    if (r->warnings && !nomem)
      fputs(r->warnings, stderr);
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
    free(r->warnings);
    free(r->message);
  }
  free(job.results);
  if (nomem)
    return out_of_memory();
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
static void scan_summary(const loaded *L, const char *label)
{
  if (!L->skipped && !L->scanned)
    return;
  fprintf(stderr, "rolecheck: %s%s%lu input%s read, %lu skipped\n",
          label ? label : "", label ? ": " : "", (unsigned long)L->count,
          L->count == 1 ? "" : "s", (unsigned long)L->skipped);
}

static void free_inputs(loaded *L)
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

/* ---- roles and matrix ---- */

static int run_view(rc_ctx *ctx, const cli_options *o, int nin, char **in)
{
  rc_pattern *role = NULL, *table = NULL;
  rc_view_options view = RC_VIEW_OPTIONS_INIT;
  loaded L;
  int code, error = RC_OK;

  if (parse_format(strcmp(o->command, "roles") ? RC_VIEW_MATRIX : RC_VIEW_ROLES,
                   o->format, &view.format) < 0)
    return usage_error("format '%s' is not available for this command",
                       o->format);
  if (o->role &&
      (error = rc_pattern_new_from(&role, ctx, o->role, "--role")) < 0)
    return fail(ctx, error);
  if (o->table &&
      (error = rc_pattern_new_from(&table, ctx, o->table, "--table")) < 0) {
    rc_pattern_free(role);
    return fail(ctx, error);
  }
  view.role = role;
  view.table = table;
  view.ascii = o->ascii;
  code = load_inputs(ctx, o, nin, in, &L);
  if (!code) {
    rc_output *file;
    FILE *out;
    int written = out_begin(ctx, o->output, &file, &out);
    if (!written)
      written =
          out_end(ctx, file,
                  !strcmp(o->command, "roles")
                      ? rc_view_roles(out, ctx, L.models, L.count, &view)
                      : rc_view_matrix(out, ctx, L.models, L.count, &view));
    code = rc_exit_max(L.code, written);
    if (code != RC_EXIT_INTERNAL)
      scan_summary(&L, NULL);
  }
  free_inputs(&L);
  rc_pattern_free(role);
  rc_pattern_free(table);
  return code;
}

/* ---- the rule set-up shared by check and baseline ---- */

typedef struct {
  rc_config *config;
  rc_rulepack *pack;
  rc_assignments *assign;
  rc_baseline *baseline;
  rc_severity fail_on; /* 0 = never */
} rule_setup;

static void free_setup(rule_setup *s)
{
  rc_baseline_free(s->baseline);
  rc_assignments_free(s->assign);
  rc_rulepack_free(s->pack);
  rc_config_free(s->config);
}

static int parse_fail_on(const char *v, rc_severity *out)
{
  if (!strcmp(v, "never")) {
    *out = (rc_severity)0;
    return 0;
  }
  return rc_severity_parse(v, out);
}

static int setup_rules(rc_ctx *ctx, const cli_options *o, rule_setup *s)
{
  const rc_config_info *ci = NULL;
  const char *config_path = o->config;
  const char *baseline = o->baseline;
  struct stat st;
  size_t i;
  int error;

  memset(s, 0, sizeof(*s));
  s->fail_on = RC_SEVERITY_ERROR;
  if (!config_path && !o->no_config && stat("rolecheck.xml", &st) == 0)
    config_path = "rolecheck.xml";
  if (config_path) {
    error = rc_config_load(&s->config, ctx, config_path);
    if (error < 0)
      return fail(ctx, error);
    ci = rc_config_get(s->config);
  }
  error = rc_rulepack_load(&s->pack, ctx,
                           o->rules ? o->rules
                           : ci     ? ci->rule_pack
                                    : NULL);
  if (error < 0)
    return fail(ctx, error);
  if (rc_assignments_new(&s->assign) < 0)
    return out_of_memory();
  /* command-line assignments first: the first match wins */
  for (i = 0; i < o->nassign; i++) {
    const char *eq = strrchr(o->assign[i], '=');
    char *pattern;
    const char *id = NULL;
    if (!eq || eq == o->assign[i] || !eq[1])
      return usage_error("--assign needs PATTERN=PROFILE, not '%s'",
                         o->assign[i]);
    pattern = rc_strndup(o->assign[i], (size_t)(eq - o->assign[i]));
    if (!pattern)
      return out_of_memory();
    /* a bare GUID names a role id */
    if (strlen(pattern) == 36 || (strlen(pattern) == 38 && pattern[0] == '{'))
      id = strchr(pattern, '-') ? pattern : NULL;
    error = rc_assignments_add(s->assign, ctx, s->pack, id ? NULL : pattern, id,
                               eq + 1, "--assign");
    rc_free(pattern);
    if (error < 0)
      return fail(ctx, error);
  }
  if (s->config &&
      (error = rc_config_apply(s->config, ctx, s->pack, s->assign)) < 0)
    return fail(ctx, error);
  if (o->assume &&
      (error = rc_assignments_assume(s->assign, ctx, s->pack, o->assume)) < 0)
    return fail(ctx, error);
  if (o->fail_on || (ci && ci->fail_on)) {
    const char *v = o->fail_on ? o->fail_on : ci->fail_on;
    if (parse_fail_on(v, &s->fail_on) < 0)
      return usage_error("--fail-on takes error, warning, note or never, not "
                         "'%s'",
                         v);
  }
  if (!baseline && ci && ci->baseline)
    baseline = ci->baseline;
  if (baseline && strcmp(o->command, "baseline") &&
      (error = rc_baseline_load(&s->baseline, ctx, baseline)) < 0)
    return fail(ctx, error);
  return -1;
}

/* Stale suppressions and baseline entries: warnings, and lines for the
 * Markdown summary. */
typedef struct {
  char *lines[128];
  size_t count;
  int quiet;
} stale_list;

static void stale_add(stale_list *s, const char *text)
{
  if (!s->quiet)
    fprintf(stderr, "rolecheck: warning: %s\n", text);
  if (s->count < 128 && (s->lines[s->count] = strdup(text)) != NULL)
    s->count++;
}

static void stale_suppression(const rc_suppression *sup, void *payload)
{
  char text[1024];
  snprintf(text, sizeof(text),
           "%s:%lu: suppression of %s matches no finding (stale)", sup->file,
           sup->line, sup->rule);
  stale_add(payload, text);
}

/* Write one report: to stdout (path NULL) or atomically to a file. */
static int write_report(rc_ctx *ctx, const char *path, loaded *L,
                        const rule_setup *s, const rc_analysis *an,
                        rc_check_options *co, rc_format format)
{
  rc_output *file;
  FILE *out;
  int code = out_begin(ctx, path, &file, &out);
  co->format = format;
  if (code)
    return code;
  return out_end(ctx, file,
                 rc_view_check(out, ctx, L->models, L->count, s->pack, an, co));
}

/* GitHub step outputs: errors=, warnings=, infos=, baselined=. */
static void github_outputs(const rc_check_counts *c)
{
  const char *path = getenv("GITHUB_OUTPUT");
  FILE *f;
  if (!path || !path[0] || !(f = fopen(path, "a")))
    return;
  fprintf(f, "errors=%lu\nwarnings=%lu\ninfos=%lu\nbaselined=%lu\n",
          (unsigned long)c->error, (unsigned long)c->warning,
          (unsigned long)c->note, (unsigned long)c->baselined);
  fclose(f);
}

static int run_check(rc_ctx *ctx, const cli_options *o, int nin, char **in)
{
  rule_setup s;
  loaded L;
  rc_analysis *an = NULL;
  rc_pattern *role = NULL;
  rc_check_options co;
  rc_check_counts counts;
  rc_format format;
  stale_list stale;
  struct stat st;
  int code, error, github = 0;
  size_t i;

  memset(&co, 0, sizeof(co));
  memset(&stale, 0, sizeof(stale));
  stale.quiet = o->quiet;
  if (parse_format(RC_VIEW_CHECK, o->format, &format) < 0)
    return usage_error("format '%s' is not available for check", o->format);
  if (o->format && rc_format_find(o->format, RC_VIEW_CHECK)->binary &&
      !o->output && rc_sys_is_terminal(stdout, 0))
    return usage_error("%s is a binary format: give -o FILE", o->format);
  if (o->source_root && (stat(o->source_root, &st) < 0 || !S_ISDIR(st.st_mode)))
    return usage_error("--source-root '%s' is not a directory", o->source_root);
  if (o->role &&
      (error = rc_pattern_new_from(&role, ctx, o->role, "--role")) < 0)
    return fail(ctx, error);
  code = setup_rules(ctx, o, &s);
  if (code >= 0) {
    free_setup(&s);
    rc_pattern_free(role);
    return code;
  }
  code = load_inputs(ctx, o, nin, in, &L);
  if (code) {
    free_inputs(&L);
    free_setup(&s);
    rc_pattern_free(role);
    return code;
  }
  code = L.code;
  error = rc_analyze(&an, ctx, s.pack, s.assign, L.models, L.count);
  if (error < 0) {
    code = rc_exit_max(code, fail(ctx, error));
    goto done;
  }
  if (s.config) {
    int n = rc_analysis_suppress(an, s.config, stale_suppression, &stale);
    co.stale_suppressions = n > 0 ? (size_t)n : 0;
  }
  if (s.baseline) {
    co.stale_baseline = rc_analysis_apply_baseline(an, s.baseline);
    for (i = 0; i < co.stale_baseline; i++) {
      char text[1024];
      snprintf(text, sizeof(text),
               "baseline entry matches no finding (stale): %s",
               rc_baseline_stale(s.baseline, i));
      stale_add(&stale, text);
    }
  }
  /* --role: after the suppressions and the baseline, so that those of other
   * roles are not reported stale */
  rc_analysis_keep_roles(an, L.models, role);
  co.role = role;
  co.stale = (const char *const *)stale.lines;
  co.stale_count = stale.count;
  co.failed_paths = (const char *const *)L.failed_paths;
  co.failed_messages = (const char *const *)L.failed_messages;
  co.failed_count = L.nfailed;
  co.fail_on = s.fail_on;
  co.complete = code == RC_EXIT_OK;
  co.source_root = o->source_root;
  co.docs_base = RC_DOCS_BASE_URL;
  co.include_suppressed = o->include_suppressed;
  for (i = 0; i < o->nextra; i++) {
    if (o->extra[i].format == RC_FORMAT_MD)
      co.md_path = o->extra[i].path;
  }
  /* the files first, then the main output (stdout or -o) */
  for (i = 0; i < o->nextra; i++) {
    int written;
    co.color = use_color(o, o->extra[i].path);
    written = write_report(ctx, o->extra[i].path, &L, &s, an, &co,
                           o->extra[i].format);
    github |= o->extra[i].format == RC_FORMAT_GITHUB;
    code = rc_exit_max(code, written);
    if (written == RC_EXIT_INTERNAL)
      goto done; /* out of memory: nothing more is written */
  }
  github |= format == RC_FORMAT_GITHUB;
  if (!L.count && format == RC_FORMAT_TEXT && !o->output) {
    /* nothing could be read: the error line already said it all */
    goto done;
  }
  {
    int written;
    co.color = use_color(o, o->output);
    written = write_report(ctx, o->output, &L, &s, an, &co, format);
    code = rc_exit_max(code, written);
    if (written == RC_EXIT_INTERNAL)
      goto done;
  }
  rc_check_count(an, s.fail_on, &counts);
  if (github)
    github_outputs(&counts);
  if (counts.failing)
    code = rc_exit_max(code, RC_EXIT_FINDINGS);
  scan_summary(&L, NULL);
  fprintf(
      stderr,
      "rolecheck: %lu error, %lu warning, %lu note (%lu baselined, %lu "
      "suppressed); %s at --fail-on=%s%s\n",
      (unsigned long)counts.error, (unsigned long)counts.warning,
      (unsigned long)counts.note, (unsigned long)counts.baselined,
      (unsigned long)counts.suppressed, counts.failing ? "failing" : "passing",
      s.fail_on ? rc_severity_name(s.fail_on) : "never",
      code == RC_EXIT_INPUT ? "; incomplete: an input could not be read" : "");
done:
  for (i = 0; i < stale.count; i++)
    free(stale.lines[i]);
  rc_analysis_free(an);
  free_inputs(&L);
  free_setup(&s);
  rc_pattern_free(role);
  return code;
}

/* ---- baseline create / update ---- */

static int run_baseline(rc_ctx *ctx, const cli_options *o, int nin, char **in)
{
  rule_setup s;
  loaded L;
  rc_analysis *an = NULL;
  rc_baseline *keep = NULL;
  const char *path;
  struct stat st;
  size_t written = 0, before = 0;
  int code, error, update = !strcmp(o->subcommand, "update");

  if (o->role)
    return usage_error("%s", "a baseline records every role: --role is not "
                             "taken (filter with check --role)");
  if (update) {
    if (nin < 2)
      return usage_error("%s", "baseline update needs FILE and INPUT...");
    path = in[0];
    in++;
    nin--;
  } else {
    path = o->output;
    if (!path)
      return usage_error("%s", "baseline create needs -o FILE");
    if (!o->force && stat(path, &st) == 0)
      return usage_error("%s exists; use --force to overwrite it", path);
  }
  code = setup_rules(ctx, o, &s);
  if (code >= 0) {
    free_setup(&s);
    return code;
  }
  if (update && (error = rc_baseline_load(&keep, ctx, path)) < 0) {
    free_setup(&s);
    return fail(ctx, error);
  }
  code = load_inputs(ctx, o, nin, in, &L);
  if (!code)
    code = L.code;
  if (code == RC_EXIT_INPUT) {
    /* never write a baseline from an incomplete analysis */
    fprintf(stderr, "rolecheck: baseline not written: an input could not "
                    "be read\n");
    goto done;
  }
  if (code)
    goto done;
  error = rc_analyze(&an, ctx, s.pack, s.assign, L.models, L.count);
  if (!error && s.config)
    rc_analysis_suppress(an, s.config, NULL, NULL);
  if (!error && keep) {
    rc_analysis_apply_baseline(an, keep);
    before = rc_baseline_stale_count(keep);
  }
  if (!error)
    error = rc_baseline_write(ctx, path, an, keep, o->add_new, &written);
  if (error < 0) {
    code = fail(ctx, error);
    goto done;
  }
  scan_summary(&L, NULL);
  fprintf(stderr, "rolecheck: %s: %lu entries written", path,
          (unsigned long)written);
  if (update)
    fprintf(stderr, ", %lu stale entries removed", (unsigned long)before);
  fputc('\n', stderr);
done:
  rc_baseline_free(keep);
  rc_analysis_free(an);
  free_inputs(&L);
  free_setup(&s);
  return code;
}

/* ---- rules and explain ---- */

static int run_rules(rc_ctx *ctx, const cli_options *o)
{
  rule_setup s;
  rc_format format;
  int code;
  if (parse_format(RC_VIEW_RULES, o->format, &format) < 0)
    return usage_error("format '%s' is not available for rules", o->format);
  code = setup_rules(ctx, o, &s);
  if (code >= 0) {
    free_setup(&s);
    return code;
  }
  code = rc_view_rules(stdout, ctx, s.pack, format, RC_DOCS_BASE_URL);
  code = code < 0 ? fail(ctx, code) : flush_stdout();
  free_setup(&s);
  return code;
}

static int run_explain(rc_ctx *ctx, const cli_options *o, int nin, char **in)
{
  int error;
  (void)o;
  if (nin != 1)
    return usage_error("%s", "explain needs one rule id, e.g. TM001");
  error = rc_explain(stdout, ctx, in[0]);
  if (error < 0)
    return fail(ctx, error);
  return flush_stdout();
}

/* ---- diff ---- */

/* An operand that came from --git REV:PATH (see main). */
#define GIT_MARK "\x1egit:"

typedef struct {
  char label[1024]; /* as the user named it */
  char tmp[4096];   /* git: the temporary folder, removed at the end */
  loaded L;
  rc_analysis *an;
} diff_side;

/* The first line of a tool's stderr, for the error message. */
static void first_line(const char *file, char *out, size_t cap)
{
  FILE *f = fopen(file, "r");
  out[0] = '\0';
  if (f) {
    if (fgets(out, (int)cap, f))
      out[strcspn(out, "\r\n")] = '\0';
    fclose(f);
  }
}

/* Materialise REV:PATH from the git repository of the working directory
 * into s->tmp/tree (git archive | tar), then read it from there, so that
 * its paths read as PATH. */
static int load_git_side(rc_ctx *ctx, const cli_options *o, const char *spec,
                         diff_side *s)
{
  const char *colon = strchr(spec, ':');
  char rev[512], path[2048], tar[4200], tree[4200], err[4200], line[512];
  char cwd[4096];
  char *git[] = {"git", "archive", "--format=tar", "-o", tar,
                 rev,   "--",      path,           NULL};
  char *untar[] = {"tar", "-xf", tar, "-C", tree, NULL};
  char *in[1];
  int code;
  if (!colon || colon == spec || (size_t)(colon - spec) >= sizeof(rev))
    return usage_error("--git takes REV:PATH, not '%s'", spec);
  snprintf(rev, sizeof(rev), "%.*s", (int)(colon - spec), spec);
  snprintf(path, sizeof(path), "%s", colon[1] ? colon + 1 : ".");
  snprintf(s->tmp, sizeof(s->tmp), "%s/rolecheck-git-XXXXXX", rc_sys_tmpdir());
  if (rc_sys_mkdtemp(s->tmp) < 0) {
    s->tmp[0] = '\0';
    fprintf(stderr, "rolecheck: --git %s: cannot make a temporary folder\n",
            spec);
    return RC_EXIT_INTERNAL;
  }
  snprintf(tar, sizeof(tar), "%s/side.tar", s->tmp);
  snprintf(tree, sizeof(tree), "%s/tree", s->tmp);
  snprintf(err, sizeof(err), "%s/stderr", s->tmp);
  if (rc_sys_mkdir(tree) < 0 || rc_sys_run(git, err) < 0) {
    first_line(err, line, sizeof(line));
    fprintf(stderr, "rolecheck: --git %s: git archive failed%s%s\n", spec,
            line[0] ? ": " : "", line);
    return RC_EXIT_INPUT;
  }
  if (rc_sys_run(untar, err) < 0) {
    first_line(err, line, sizeof(line));
    fprintf(stderr, "rolecheck: --git %s: cannot unpack the archive%s%s\n",
            spec, line[0] ? ": " : "", line);
    return RC_EXIT_INPUT;
  }
  if (!rc_sys_getcwd(cwd, sizeof(cwd)) || chdir(tree) < 0) {
    fprintf(stderr, "rolecheck: --git %s: cannot enter %s\n", spec, tree);
    return RC_EXIT_INTERNAL;
  }
  in[0] = path;
  code = load_inputs(ctx, o, 1, in, &s->L);
  if (chdir(cwd) < 0)
    code = rc_exit_max(code, RC_EXIT_INTERNAL);
  return code;
}

static int load_side(rc_ctx *ctx, const cli_options *o, const char *arg,
                     diff_side *s)
{
  size_t mark = strlen(GIT_MARK);
  if (!strncmp(arg, GIT_MARK, mark)) {
    snprintf(s->label, sizeof(s->label), "%s", arg + mark);
    return load_git_side(ctx, o, arg + mark, s);
  }
  snprintf(s->label, sizeof(s->label), "%s", arg);
  return load_inputs(ctx, o, 1, (char **)&arg, &s->L);
}

static void free_side(diff_side *s)
{
  rc_analysis_free(s->an);
  free_inputs(&s->L);
  if (s->tmp[0])
    rc_sys_rmtree(s->tmp);
}

/* Write one diff report: to stdout (path NULL) or atomically to a file. */
static int write_diff(rc_ctx *ctx, const char *path, const rc_diff *d,
                      diff_side *sides, const rule_setup *rs,
                      rc_diff_options *opts, rc_format format)
{
  rc_output *file;
  FILE *out;
  int code = out_begin(ctx, path, &file, &out);
  opts->format = format;
  if (code)
    return code;
  return out_end(ctx, file,
                 rc_view_diff(out, ctx, d, sides[0].L.models, sides[1].L.models,
                              rs->pack, sides[1].an, opts));
}

static int analyze_side(rc_ctx *ctx, const rule_setup *rs, diff_side *s)
{
  int error =
      rc_analyze(&s->an, ctx, rs->pack, rs->assign, s->L.models, s->L.count);
  if (error < 0)
    return error;
  if (rs->config && rc_analysis_suppress(s->an, rs->config, NULL, NULL) < 0)
    return RC_ENOMEM;
  if (rs->baseline)
    rc_analysis_apply_baseline(s->an, rs->baseline);
  return RC_OK;
}

static int run_diff(rc_ctx *ctx, const cli_options *o, int nin, char **in)
{
  rule_setup rs;
  diff_side sides[2];
  rc_diff *d = NULL;
  rc_diff_options opts;
  rc_format format;
  size_t i, failing = 0, fresh = 0, resolved = 0;
  int code, error;

  memset(sides, 0, sizeof(sides));
  memset(&opts, 0, sizeof(opts));
  if (parse_format(RC_VIEW_DIFF, o->format, &format) < 0)
    return usage_error("format '%s' is not available for diff", o->format);
  for (i = 0; i < o->nextra; i++) {
    if (!diff_report(o->extra[i].format))
      return usage_error("diff writes %s files only", diff_reports());
  }
  if (nin != 2)
    return usage_error("%s", "diff needs two inputs: BASE and HEAD (either "
                             "may be --git REV:PATH)");
  if (o->role)
    return usage_error("%s", "diff compares every role: --role is not taken");
  code = setup_rules(ctx, o, &rs);
  if (code >= 0) {
    free_setup(&rs);
    return code;
  }
  code = RC_EXIT_OK;
  for (i = 0; i < 2 && code != RC_EXIT_INTERNAL && code != RC_EXIT_USAGE; i++)
    code = rc_exit_max(code, load_side(ctx, o, in[i], &sides[i]));
  for (i = 0; i < 2 && code != RC_EXIT_INTERNAL && code != RC_EXIT_USAGE; i++)
    code = rc_exit_max(code, sides[i].L.code);
  if (code != RC_EXIT_OK)
    goto done; /* a diff against a side that could not be read misleads */
  for (i = 0; i < 2; i++) {
    if ((error = analyze_side(ctx, &rs, &sides[i])) < 0) {
      code = fail(ctx, error);
      goto done;
    }
  }
  error = rc_diff_new(&d, ctx, rs.pack, sides[0].L.models, sides[0].L.count,
                      sides[0].an, sides[1].L.models, sides[1].L.count,
                      sides[1].an);
  if (error < 0) {
    code = fail(ctx, error);
    goto done;
  }
  opts.base_label = sides[0].label;
  opts.head_label = sides[1].label;
  opts.fail_on = rs.fail_on;
  opts.complete = 1;
  opts.docs_base = RC_DOCS_BASE_URL;
  opts.source_root = o->source_root;
  for (i = 0; i < o->nextra && code != RC_EXIT_INTERNAL; i++) {
    opts.color = use_color(o, o->extra[i].path);
    code = rc_exit_max(code, write_diff(ctx, o->extra[i].path, d, sides, &rs,
                                        &opts, o->extra[i].format));
  }
  opts.color = use_color(o, o->output);
  if (code != RC_EXIT_INTERNAL)
    code = rc_exit_max(
        code, write_diff(ctx, o->output, d, sides, &rs, &opts, format));
  if (code == RC_EXIT_INTERNAL)
    goto done; /* out of memory: that one line is all */
  for (i = 0; i < rc_diff_finding_count(d); i++) {
    const rc_finding_delta *f = rc_diff_finding(d, i);
    resolved += f->change == RC_FINDING_RESOLVED;
    if (f->change != RC_FINDING_NEW)
      continue;
    fresh++;
    if (f->finding->state == RC_STATE_NEW && rs.fail_on &&
        f->finding->severity >= rs.fail_on)
      failing++;
  }
  if (failing)
    code = rc_exit_max(code, RC_EXIT_FINDINGS);
  /* a diff names its two sides: only what a side's scan skipped is news */
  for (i = 0; i < 2; i++) {
    if (sides[i].L.skipped)
      scan_summary(&sides[i].L, sides[i].label);
  }
  fprintf(stderr,
          "rolecheck: diff: %lu new finding%s, %lu resolved, %lu licence-fit "
          "change%s; %s at --fail-on=%s (new findings only)\n",
          (unsigned long)fresh, fresh == 1 ? "" : "s", (unsigned long)resolved,
          (unsigned long)rc_diff_fit_count(d),
          rc_diff_fit_count(d) == 1 ? "" : "s", failing ? "failing" : "passing",
          rs.fail_on ? rc_severity_name(rs.fail_on) : "never");
done:
  rc_diff_free(d);
  free_side(&sides[0]);
  free_side(&sides[1]);
  free_setup(&rs);
  return code;
}

static const char *const commands[] = {"check",   "roles",    "matrix", "rules",
                                       "explain", "baseline", "diff"};

/* Is out the same file as one of the inputs? Reports never replace one. */
static const char *clobbers_input(const char *out, int nin, char **in)
{
  int i;
  for (i = 0; out && i < nin; i++) {
    if (rc_sys_same_file(out, in[i]))
      return out;
  }
  return NULL;
}

/* diff: the argument vector with --git sides made operands */
static char **git_args;
static int git_argc;

static void free_git_args(void)
{
  int a;
  for (a = 0; a < git_argc; a++) {
    if (!strncmp(git_args[a], GIT_MARK, strlen(GIT_MARK)))
      free(git_args[a]);
  }
  free(git_args);
}

int main(int argc, char **argv)
{
  cli_options o;
  rc_ctx *ctx = NULL;
  static const rc_limits defaults = RC_LIMITS_INIT;
  int first = 1, code, shift = 0;
  size_t i;

#ifdef RC_FAULT_INJECTION
  fault_setup();
  atexit(fault_report);
#endif
  rc_sys_stdout_setup(); /* reports are the same bytes everywhere */
  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
#ifdef SIGHUP
  signal(SIGHUP, on_signal);
#endif
  memset(&o, 0, sizeof(o));
  o.limits = defaults;
  o.command = "check";
  if (argc > 1 && argv[1][0] != '-') {
    for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
      if (!strcmp(argv[1], commands[i]))
        o.command = commands[i];
    }
    /* a bare INPUT means check */
    if (!strcmp(o.command, argv[1]))
      shift = 1;
  }
  if (!strcmp(o.command, "baseline")) {
    if (argc < 3 || (strcmp(argv[2], "create") && strcmp(argv[2], "update")))
      return usage_error("%s", "baseline needs create or update");
    o.subcommand = argv[2];
    shift = 2;
  }
  if (!strcmp(o.command, "diff")) {
    /* --git REV:PATH is a side, in the order written: it becomes an
     * operand before getopt moves the operands to the end */
    char **args = calloc((size_t)argc + 1, sizeof(*args));
    int a, n = 0;
    if (!args)
      return out_of_memory();
    for (a = 0; a < argc; a++) {
      const char *spec = NULL;
      if (!strcmp(argv[a], "--git") && a + 1 < argc)
        spec = argv[++a];
      else if (!strncmp(argv[a], "--git=", 6))
        spec = argv[a] + 6;
      if (spec) {
        size_t len = strlen(GIT_MARK) + strlen(spec) + 1;
        if (!(args[n] = malloc(len))) {
          git_args = args;
          git_argc = n;
          free_git_args();
          return out_of_memory();
        }
        snprintf(args[n++], len, "%s%s", GIT_MARK, spec);
      } else {
        args[n++] = argv[a];
      }
    }
    git_args = args;
    git_argc = n;
    atexit(free_git_args);
    argv = args;
    argc = n;
  }
  code = parse_args(argc - shift, argv + shift, &o, &first);
  if (code >= 0)
    return code;
  first += shift;
  if (o.table && strcmp(o.command, "matrix"))
    return usage_error("--table is a matrix option, not taken by %s",
                       o.command);
  if (o.ascii && strcmp(o.command, "matrix"))
    return usage_error("--ascii is a matrix option, not taken by %s",
                       o.command);
  if (first >= argc && strcmp(o.command, "rules"))
    return usage_error("%s", "no input given");
  {
    /* baseline update: the first operand is the baseline itself */
    int skip = o.subcommand && !strcmp(o.subcommand, "update");
    int nin = argc - first - skip;
    const char *bad = clobbers_input(o.output, nin, argv + first + skip);
    for (i = 0; !bad && i < o.nextra; i++)
      bad = clobbers_input(o.extra[i].path, nin, argv + first + skip);
    if (bad)
      return usage_error("'%s' is an input; refusing to write over it", bad);
  }
  if (rc_ctx_new(&ctx) < 0) {
    fputs("rolecheck: out of memory\n", stderr);
    return RC_EXIT_INTERNAL;
  }
  rc_ctx_set_limits(ctx, &o.limits);
  rc_ctx_set_keep_going(ctx, o.keep_going);
  if (!o.quiet)
    rc_ctx_set_warn(ctx, on_warning, NULL);
  if (!strcmp(o.command, "check"))
    code = run_check(ctx, &o, argc - first, argv + first);
  else if (!strcmp(o.command, "baseline"))
    code = run_baseline(ctx, &o, argc - first, argv + first);
  else if (!strcmp(o.command, "rules"))
    code = run_rules(ctx, &o);
  else if (!strcmp(o.command, "explain"))
    code = run_explain(ctx, &o, argc - first, argv + first);
  else if (!strcmp(o.command, "diff"))
    code = run_diff(ctx, &o, argc - first, argv + first);
  else
    code = run_view(ctx, &o, argc - first, argv + first);
  rc_ctx_free(ctx);
  return code;
}
