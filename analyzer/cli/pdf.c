/* check --pdf FILE: the HTML report printed to PDF by a headless Chromium
 * (or Chrome, or Edge) found on PATH or named by RC_CHROMIUM. rolecheck
 * itself needs no browser: only this option does. */
#include <rolecheck/rolecheck.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#ifndef _WIN32
#include <unistd.h>
#endif

#include "cli/cli.h"
#include "cli/exit.h"
#include "util/sys.h"

#ifdef _WIN32
#define PATH_SEP ';'
static const char *const browsers[] = {"chrome.exe", "msedge.exe",
                                       "chromium.exe"};
#else
#define PATH_SEP ':'
static const char *const browsers[] = {"chromium", "chromium-browser",
                                       "google-chrome", "google-chrome-stable",
                                       "microsoft-edge"};
#endif

/* One line on standard error; returns the exit code. */
static int say(int code, const char *fmt, ...)
{
  va_list ap;
  fputs("rolecheck: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  return code;
}

static int is_file(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The browser to print with, into buf: RC_CHROMIUM, else the first of
 * browsers[] on PATH. 0 when there is none. */
static int find_browser(char *buf, size_t cap)
{
  const char *env = getenv("RC_CHROMIUM"), *path = getenv("PATH"), *p;
  size_t b;
  if (env && *env) {
    snprintf(buf, cap, "%s", env);
    return 1;
  }
  for (b = 0; path && b < sizeof(browsers) / sizeof(*browsers); b++) {
    for (p = path; *p;) {
      const char *end = strchr(p, PATH_SEP);
      size_t len = end ? (size_t)(end - p) : strlen(p);
      if (len &&
          (size_t)snprintf(buf, cap, "%.*s/%s", (int)len, p, browsers[b]) <
              cap &&
          is_file(buf))
        return 1;
      p += len + (end ? 1 : 0);
    }
  }
  return 0;
}

/* path as a file: URL (absolute; bytes outside the unreserved set and
 * "/" percent-encoded). */
static void file_url(char *buf, size_t cap, const char *path)
{
  static const char hex[] = "0123456789ABCDEF";
  size_t at =
      (size_t)snprintf(buf, cap, "file://%s", path[0] == '/' ? "" : "/");
  const unsigned char *s;
  for (s = (const unsigned char *)path; *s && at + 4 < cap; s++) {
    unsigned char c = *s == '\\' ? '/' : *s;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9') || strchr("-._~/:", c)) {
      buf[at++] = (char)c;
    } else {
      buf[at++] = '%';
      buf[at++] = hex[c >> 4];
      buf[at++] = hex[c & 15];
    }
  }
  buf[at < cap ? at : cap - 1] = '\0';
}

/* The first line of file, for a message. */
static void first_line(const char *file, char *buf, size_t cap)
{
  FILE *f = fopen(file, "r");
  buf[0] = '\0';
  if (!f)
    return;
  if (fgets(buf, (int)cap, f))
    buf[strcspn(buf, "\r\n")] = '\0';
  fclose(f);
}

/* Copy the PDF to path, atomically; an exit code. */
static int copy_to(rc_ctx *ctx, const char *from, const char *to)
{
  rc_output *out = NULL;
  FILE *in = fopen(from, "rb");
  char buf[16384];
  size_t n;
  int error, bad;
  if (!in)
    return say(RC_EXIT_INTERNAL, "--pdf: the browser wrote no PDF");
  if ((error = rc_output_open(&out, ctx, to)) < 0) {
    fclose(in);
    return rc_cli_fail(ctx, error);
  }
  while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
    if (fwrite(buf, 1, n, rc_output_file(out)) != n)
      break;
  bad = ferror(in);
  fclose(in);
  if (bad) {
    rc_output_abort(out);
    return say(RC_EXIT_INTERNAL, "--pdf: cannot read the browser's PDF");
  }
  error = rc_output_commit(out, ctx);
  return error < 0 ? rc_cli_fail(ctx, error) : RC_EXIT_OK;
}

int rc_cli_write_pdf(rc_ctx *ctx, const char *path, rc_cli_render_fn render,
                     void *payload)
{
  char browser[4096], dir[4096], html[4200], pdf[4200], log[4200],
      profile[4200], url[16384], print_to[4300], user_data[4300], why[512];
  char *argv[16];
  const char *tmp = rc_sys_tmpdir();
  FILE *f;
  int error = RC_OK, code = RC_EXIT_OK, n = 0;
  if (!find_browser(browser, sizeof(browser)))
    return say(RC_EXIT_USAGE, "--pdf needs Chromium, Chrome or Edge: none is "
                              "on PATH (RC_CHROMIUM may name one)");
  snprintf(dir, sizeof(dir), "%s/rolecheck-pdf-XXXXXX", tmp);
  if (rc_sys_mkdtemp(dir) < 0)
    return say(RC_EXIT_INTERNAL,
               "--pdf: cannot create a temporary folder in %s", tmp);
  snprintf(html, sizeof(html), "%s/report.html", dir);
  snprintf(pdf, sizeof(pdf), "%s/report.pdf", dir);
  snprintf(log, sizeof(log), "%s/browser.log", dir);
  snprintf(profile, sizeof(profile), "%s/profile", dir);
  f = fopen(html, "wb");
  if (!f) {
    code = say(RC_EXIT_INTERNAL, "--pdf: cannot write %s", html);
  } else {
    error = render(f, ctx, payload);
    if (fclose(f) != 0 && !error)
      code = say(RC_EXIT_INTERNAL, "--pdf: cannot write %s", html);
    if (error < 0)
      code = rc_cli_fail(ctx, error);
  }
  if (code == RC_EXIT_OK) {
    file_url(url, sizeof(url), html);
    snprintf(print_to, sizeof(print_to), "--print-to-pdf=%s", pdf);
    snprintf(user_data, sizeof(user_data), "--user-data-dir=%s", profile);
    argv[n++] = browser;
    argv[n++] = "--headless";
    argv[n++] = "--disable-gpu";
    argv[n++] = "--no-first-run";
    argv[n++] = "--disable-background-networking";
    argv[n++] = "--disable-component-update";
    argv[n++] = "--disable-sync";
    argv[n++] = "--no-pdf-header-footer";
    argv[n++] = user_data;
#ifndef _WIN32
    /* Chromium refuses to run as root inside its sandbox; the page is the
     * report, which loads nothing (its Content-Security-Policy) */
    if (geteuid() == 0)
      argv[n++] = "--no-sandbox";
#endif
    argv[n++] = print_to;
    argv[n++] = url;
    argv[n] = NULL;
    if (rc_sys_run(argv, log) < 0 || !is_file(pdf)) {
      first_line(log, why, sizeof(why));
      code = say(RC_EXIT_INTERNAL, "--pdf: %s could not print the report%s%s",
                 browser, why[0] ? ": " : "", why);
    }
  }
  if (code == RC_EXIT_OK)
    code = copy_to(ctx, pdf, path);
  rc_sys_rmtree(dir);
  return code;
}
