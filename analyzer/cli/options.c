/* The command line: the usage text (its formats from the format table),
 * the options and their values. */
#include <getopt.h>
#include <rolecheck/rolecheck.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/exit.h"

/* fix's options, in the usage text at @FIXOPTS@ */
static const char fix_options_text[] =
    "      --to PROFILE     fix: the same as --assume\n"
    "      --as-copy        fix: write corrected copies as new roles, named\n"
    "                       '<Name> (<licence>)' (the default)\n"
    "      --in-place       fix: keep the roles' ids and names\n"
    "      --split-admin    fix: move administration privileges to a role\n"
    "                       '<Name> (admin part)' instead of dropping them\n"
    "      --keep-tables RE fix: the tables that keep write access when a\n"
    "                       role writes too many (TM008); the others keep "
    "Read\n"
    "      --unpacked DIR   fix: also write the solution unpacked (pac "
    "layout)\n"
    "      --site-out DIR   fix: write corrected .tablepermission.yml files "
    "of\n"
    "                       a pac pages download site to DIR\n"
    "      --dry-run        fix: print the report, write nothing\n"
    "      --solution NAME, --solution-version V  fix: the written\n"
    "                       solution's unique name and version\n";

/* users' options, in the usage text at @USERSOPTS@ */
static const char users_options_text[] =
    "      --tenant FILE|DIR  users: a tenant export (or a folder of them),\n"
    "                       told by its content: the Microsoft 365 users "
    "CSV\n"
    "                       or Graph users JSON (licences), Dataverse Web "
    "API\n"
    "                       systemusers/teams JSON or a Configuration\n"
    "                       Migration data.xml/data.zip (roles); "
    "repeatable\n"
    "      --redact         users: names, UPNs and ids as stable pseudonyms\n"
    "      --fix-plan       users: the ways out of each out-of-licence group\n";

static const char usage_text[] =
    "Usage: rolecheck [COMMAND] [OPTIONS] INPUT...\n"
    "\n"
    "Reads exported Dataverse / Dynamics 365 solutions offline, builds each\n"
    "security role's privilege matrix and reports roles that would break\n"
    "Microsoft licensing if given to Team Members or Power Apps users.\n"
    "\n"
    "Commands:\n"
    "@COMMANDS@\n"
    "\n"
    "baseline create -o FILE INPUT... records the current findings; baseline\n"
    "update FILE INPUT... drops the entries that no longer match. A diff side\n"
    "may be --git REV:PATH (a folder or zip at a git revision); diff -f sarif\n"
    "lists the new findings only. fix --to PROFILE -o FIXED.zip INPUT...\n"
    "writes the roles with exactly the flagged privileges removed or lowered\n"
    "as an unmanaged solution, and reports each change and what stays open.\n"
    "users --tenant EXPORTS INPUT... judges each user's roles together\n"
    "against the licences they hold.\n"
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
    "      --prices FILE    check: licence prices (tab-separated, as the\n"
    "                       built-in list) for each role's cost\n"
    "      --pdf FILE       check: the HTML report printed to PDF (needs\n"
    "                       Chromium, Chrome or Edge; RC_CHROMIUM)\n"
    "      --users-per-role FILE\n"
    "                       check: how many people hold each role (CSV:\n"
    "                       role, users), for costs and savings a month\n"
    "      --what-if        check: the cheapest change of each role (the\n"
    "                       roles analysed again as Team Members and\n"
    "                       Power Apps)\n"
    "      --role PATTERN   roles, matrix, check: only the roles (and web\n"
    "                       roles) whose name matches (PCRE2)\n"
    "      --table PATTERN  matrix: only tables whose name matches (PCRE2)\n"
    "      --ascii          matrix: depth letters (- B L D G), not glyphs\n"
    "  -o, --output FILE    write the report (baseline; fix: the solution "
    "zip)\n"
    "                       to FILE\n"
    "      @REPORTS@\n"
    "      --source-root DIR  paths in SARIF and annotations are relative\n"
    "                       to DIR (default: the working directory)\n"
    "      --sarif-include-suppressed  keep accepted findings in SARIF\n"
    "      --force          baseline create: overwrite an existing file\n"
    "      --add-new        baseline update: also add new findings\n"
    "@FIXOPTS@"
    "@USERSOPTS@"
    "      --keep-going     skip a portal record whose JSON or YAML is\n"
    "                       malformed (a warning), instead of failing\n"
    "      --strict-xml     parse and check every byte of the XML, also the\n"
    "                       forms, views and metadata no rule reads\n"
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
  } views[] = {{"check", RC_VIEW_CHECK},   {"roles", RC_VIEW_ROLES},
               {"matrix", RC_VIEW_MATRIX}, {"diff", RC_VIEW_DIFF},
               {"rules", RC_VIEW_RULES},   {"fix", RC_VIEW_FIX},
               {"users", RC_VIEW_USERS}};
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

/* "  check      run the licensing rules", a line for each command of the
 * command table (the summary on the next line after a long name). */
static void put_commands(void)
{
  size_t i;
  for (i = 0; i < rc_cli_command_count; i++) {
    const rc_cli_command *c = &rc_cli_commands[i];
    char head[64];
    snprintf(head, sizeof(head), "%s%s%s", c->name, c->args[0] ? " " : "",
             c->args);
    if (strlen(head) <= 10)
      printf("%s  %-10s %s", i ? "\n" : "", head, c->summary);
    else
      printf("%s  %s\n%13s%s", i ? "\n" : "", head, "", c->summary);
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
    else if (!strncmp(mark, "@COMMANDS@", 10))
      put_commands();
    else if (!strncmp(mark, "@FIXOPTS@", 9))
      fputs(fix_options_text, stdout);
    else if (!strncmp(mark, "@USERSOPTS@", 11))
      fputs(users_options_text, stdout);
    else
      put_reports();
    p = strchr(mark + 1, '@') + 1;
  }
  fputs(p, stdout);
}

/* "--text, --json, --sarif and --md". */
const char *rc_cli_diff_reports(void)
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
  OPT_TO,
  OPT_IN_PLACE,
  OPT_AS_COPY,
  OPT_SPLIT_ADMIN,
  OPT_KEEP_TABLES,
  OPT_UNPACKED,
  OPT_SITE_OUT,
  OPT_DRY_RUN,
  OPT_SOLUTION,
  OPT_SOLUTION_VERSION,
  OPT_TENANT,
  OPT_REDACT,
  OPT_FIX_PLAN,
  OPT_PRICES,
  OPT_USERS_PER_ROLE,
  OPT_PDF,
  OPT_WHAT_IF,
  OPT_STRICT_XML,
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

#define NLIMITS (sizeof(limit_options) / sizeof(limit_options[0]))

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
  return rc_cli_flush_stdout();
}

/* Returns -1 to go on, or an exit code. */
int rc_cli_parse_args(int argc, char **argv, cli_options *o, int *first)
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
      {"prices", required_argument, OPT_PRICES},
      {"users-per-role", required_argument, OPT_USERS_PER_ROLE},
      {"pdf", required_argument, OPT_PDF},
      {"what-if", no_argument, OPT_WHAT_IF},
      {"strict-xml", no_argument, OPT_STRICT_XML},
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
      {"to", required_argument, OPT_TO},
      {"in-place", no_argument, OPT_IN_PLACE},
      {"as-copy", no_argument, OPT_AS_COPY},
      {"split-admin", no_argument, OPT_SPLIT_ADMIN},
      {"keep-tables", required_argument, OPT_KEEP_TABLES},
      {"unpacked", required_argument, OPT_UNPACKED},
      {"site-out", required_argument, OPT_SITE_OUT},
      {"dry-run", no_argument, OPT_DRY_RUN},
      {"solution", required_argument, OPT_SOLUTION},
      {"solution-version", required_argument, OPT_SOLUTION_VERSION},
      {"tenant", required_argument, OPT_TENANT},
      {"redact", no_argument, OPT_REDACT},
      {"fix-plan", no_argument, OPT_FIX_PLAN},
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
        return rc_cli_usage_error("more than %s --assign options", "64");
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
    case OPT_PDF:
      o->pdf = optarg;
      break;
    case OPT_USERS_PER_ROLE:
      o->users_per_role = optarg;
      break;
    case OPT_PRICES:
      o->prices = optarg;
      break;
    case OPT_WHAT_IF:
      o->what_if = 1;
      break;
    case OPT_STRICT_XML:
      o->limits.strict_xml = 1;
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
        return rc_cli_usage_error("-j takes a number from 1 to 256, not '%s'",
                                  optarg);
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
        return rc_cli_usage_error(
            "--color takes auto, always or never, not '%s'", optarg);
      o->color = optarg;
      break;
    case OPT_INCLUDE_SUPPRESSED:
      o->include_suppressed = 1;
      break;
    case 'q':
      o->quiet = 1;
      break;
    case OPT_TO:
      o->to = optarg;
      break;
    case OPT_IN_PLACE:
      o->in_place = 1;
      break;
    case OPT_AS_COPY:
      o->as_copy = 1;
      break;
    case OPT_SPLIT_ADMIN:
      o->split_admin = 1;
      break;
    case OPT_KEEP_TABLES:
      o->keep_tables = optarg;
      break;
    case OPT_UNPACKED:
      o->unpacked = optarg;
      break;
    case OPT_SITE_OUT:
      o->site_out = optarg;
      break;
    case OPT_DRY_RUN:
      o->dry_run = 1;
      break;
    case OPT_SOLUTION:
      o->solution = optarg;
      break;
    case OPT_SOLUTION_VERSION:
      o->version = optarg;
      break;
    case OPT_TENANT:
      if (o->ntenant == MAX_TENANT)
        return rc_cli_usage_error("more than %s --tenant options", "256");
      o->tenant[o->ntenant++] = optarg;
      break;
    case OPT_REDACT:
      o->redact = 1;
      break;
    case OPT_FIX_PLAN:
      o->fix_plan = 1;
      break;
    case 'h':
      print_usage();
      return RC_EXIT_OK;
    case 'V':
      return print_version();
    case '?':
      if (optopt)
        return rc_cli_usage_error("unknown option '-%c'",
                                  (char[]){(char)optopt, 0});
      return rc_cli_usage_error("unknown option '%s'", argv[optind - 1]);
    default:
      if (c >= OPT_REPORT && c < OPT_REPORT + (int)rc_format_count()) {
        if (o->nextra == sizeof(o->extra) / sizeof(o->extra[0]))
          return rc_cli_usage_error("more than %s report files", "16");
        o->extra[o->nextra].format = rc_format_at((size_t)(c - OPT_REPORT));
        o->extra[o->nextra].path = optarg;
        o->nextra++;
        break;
      }
      if (c >= OPT_LIMIT && c < OPT_LIMIT + (int)NLIMITS) {
        if (set_limit(&o->limits, (size_t)(c - OPT_LIMIT), optarg) < 0)
          return rc_cli_usage_error("bad limit value '%s'", optarg);
        break;
      }
      return rc_cli_usage_error("bad option '%s'", argv[optind - 1]);
    }
  }
  *first = optind;
  return -1;
}

/* The format -f names for a command (text when none is given). */
int rc_cli_parse_format(rc_view_kind view, const char *name, rc_format *out)
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
