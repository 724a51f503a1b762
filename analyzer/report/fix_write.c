/* The solutions `rolecheck fix` writes: an unmanaged solution holding only
 * security roles, as an exported zip or a pac unpack folder, in the shape
 * real Dataverse exports have (docs/internals/FIX-OUTPUT.md). */
#include "rolecheck/fix.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <zip.h>

#include "rolecheck/report.h"
#include "util/alloc.h"
#include "util/ascii.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/sys.h"

#define XSI "http://www.w3.org/2001/XMLSchema-instance"

/* The root of solution.xml as Propertylistings_1_0_0_5.zip writes it. An
 * environment refuses a solution exported from a newer version than its
 * own, so the version is that export's (9.2, early 2024), which every
 * current environment is at or past. */
#define MANIFEST_ROOT                                                          \
  "<ImportExportXml version=\"9.2.24012.238\" SolutionPackageVersion=\"9.2\" " \
  "languagecode=\"1033\" generatedBy=\"CrmLive\" xmlns:xsi=\"" XSI "\">"

/* [Content_Types].xml of an export whose entries are all .xml, byte for
 * byte (the same 191 bytes in every such export of the corpus). */
static const char content_types[] =
    "\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"utf-8\"?><Types "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"xml\" ContentType=\"application/octet-stream\" />"
    "</Types>";

static const char bom_decl[] =
    "\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"utf-8\"?>";

/* The fields of each of the publisher's two Address elements, identical in
 * every export of the corpus: all nil but these three. */
static const char *const address_fields[] = {
    "AddressNumber",
    "AddressTypeCode",
    "City",
    "County",
    "Country",
    "Fax",
    "FreightTermsCode",
    "ImportSequenceNumber",
    "Latitude",
    "Line1",
    "Line2",
    "Line3",
    "Longitude",
    "Name",
    "PostalCode",
    "PostOfficeBox",
    "PrimaryContactName",
    "ShippingMethodCode",
    "StateOrProvince",
    "Telephone1",
    "Telephone2",
    "Telephone3",
    "TimeZoneRuleVersionNumber",
    "UPSZone",
    "UTCOffset",
    "UTCConversionTimeZoneCode",
};

/* Every zip entry gets this DOS date and time: 1980-01-01 00:00:00, the
 * earliest a zip can hold, so the bytes never depend on the clock or the
 * time zone. */
#define ZIP_DOS_DATE 0x0021
#define ZIP_DOS_TIME 0x0000

/* How one form writes its files: an export zip has no BOM and no XML
 * declaration and ends lines with CRLF; pac unpack files start with both
 * and end lines with LF, as committed. */
typedef struct {
  const char *nl;
  int unpacked;
} form;

static const form zip_form = {"\r\n", 0};
static const form unpacked_form = {"\n", 1};

static void put_indent(rc_buf *b, unsigned n)
{
  while (n--)
    rc_buf_putc(b, ' ');
}

/* Text (attr 0) or a double-quoted attribute value (attr 1), escaped as
 * exports do: & < > always, " in attributes, ' never; TAB, CR and LF in
 * an attribute as character references (so that attribute-value
 * normalisation keeps them); the other controls XML 1.0 forbids dropped. */
static void put_esc(rc_buf *b, const char *s, int attr)
{
  const unsigned char *p = (const unsigned char *)s;
  for (; *p; p++) {
    switch (*p) {
    case '&':
      rc_buf_puts(b, "&amp;");
      break;
    case '<':
      rc_buf_puts(b, "&lt;");
      break;
    case '>':
      rc_buf_puts(b, "&gt;");
      break;
    case '"':
      rc_buf_puts(b, attr ? "&quot;" : "\"");
      break;
    case '\t':
      rc_buf_puts(b, attr ? "&#x9;" : "\t");
      break;
    case '\n':
      rc_buf_puts(b, attr ? "&#xA;" : "\n");
      break;
    case '\r':
      rc_buf_puts(b, attr ? "&#xD;" : "\r");
      break;
    default:
      if (*p >= 0x20)
        rc_buf_putc(b, (char)*p);
    }
  }
}

/* One line: indent, the markup as given, the line end. */
static void put_line(rc_buf *b, const form *f, unsigned indent,
                     const char *markup)
{
  put_indent(b, indent);
  rc_buf_puts(b, markup);
  rc_buf_puts(b, f->nl);
}

/* <tag>text</tag> on one line. */
static void put_text_elem(rc_buf *b, const form *f, unsigned indent,
                          const char *tag, const char *text)
{
  put_indent(b, indent);
  rc_buf_putc(b, '<');
  rc_buf_puts(b, tag);
  rc_buf_putc(b, '>');
  put_esc(b, text, 0);
  rc_buf_puts(b, "</");
  rc_buf_puts(b, tag);
  rc_buf_putc(b, '>');
  rc_buf_puts(b, f->nl);
}

/* LocalizedNames with one language-1033 name. */
static void put_localized(rc_buf *b, const form *f, unsigned indent,
                          const char *name)
{
  put_line(b, f, indent, "<LocalizedNames>");
  put_indent(b, indent + 2);
  rc_buf_puts(b, "<LocalizedName description=\"");
  put_esc(b, name, 1);
  rc_buf_puts(b, "\" languagecode=\"1033\" />");
  rc_buf_puts(b, f->nl);
  put_line(b, f, indent, "</LocalizedNames>");
}

/* A role: the Roles/Role of customizations.xml (indent 4), or the root of
 * an unpacked Roles/<name>.xml (root: indent 0, xmlns:xsi, no line end
 * after the end tag). guid: normalised. */
static void put_role(rc_buf *b, const form *f, unsigned indent,
                     const rc_fix_role_out *role, const char *guid, int root)
{
  size_t i;
  put_indent(b, indent);
  rc_buf_puts(b, "<Role id=\"{");
  rc_buf_puts(b, guid);
  rc_buf_puts(b, "}\" name=\"");
  put_esc(b, role->name, 1);
  rc_buf_putc(b, '"');
  if (role->is_inherited >= 0)
    rc_buf_puts(b, role->is_inherited ? " isinherited=\"1\""
                                      : " isinherited=\"0\"");
  if (root)
    rc_buf_puts(b, " xmlns:xsi=\"" XSI "\"");
  rc_buf_putc(b, '>');
  rc_buf_puts(b, f->nl);
  put_line(b, f, indent + 2, "<IsCustomizable>1</IsCustomizable>");
  if (role->is_auto_assigned >= 0)
    put_line(b, f, indent + 2,
             role->is_auto_assigned ? "<IsAutoAssigned>1</IsAutoAssigned>"
                                    : "<IsAutoAssigned>0</IsAutoAssigned>");
  put_line(b, f, indent + 2, "<RolePrivileges>");
  for (i = 0; i < role->privilege_count; i++) {
    const rc_fix_privilege *p = &role->privileges[i];
    /* no depth is no grant: a role lists only what it grants */
    if (p->depth <= RC_DEPTH_NONE || p->depth > RC_DEPTH_GLOBAL)
      continue;
    put_indent(b, indent + 4);
    rc_buf_puts(b, "<RolePrivilege name=\"");
    put_esc(b, p->name, 1);
    rc_buf_puts(b, "\" level=\"");
    rc_buf_puts(b, rc_depth_name(p->depth));
    rc_buf_puts(b, "\" />");
    rc_buf_puts(b, f->nl);
  }
  put_line(b, f, indent + 2, "</RolePrivileges>");
  put_indent(b, indent);
  rc_buf_puts(b, "</Role>");
  if (!root)
    rc_buf_puts(b, f->nl);
}

static int cmp_guid(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* solution.xml / Other/Solution.xml. guids: the roles' normalised ids. */
static int put_manifest(rc_buf *b, const form *f,
                        const rc_fix_solution_out *sol, char (*guids)[37])
{
  char num[32];
  const char **sorted = NULL;
  size_t i, j;
  if (sol->role_count) {
    sorted = rc_calloc(sol->role_count, sizeof(*sorted));
    if (!sorted)
      return RC_ENOMEM;
  }
  if (f->unpacked) {
    rc_buf_puts(b, bom_decl);
    rc_buf_puts(b, f->nl);
  }
  put_line(b, f, 0, MANIFEST_ROOT);
  put_line(b, f, 2, "<SolutionManifest>");
  put_text_elem(b, f, 4, "UniqueName", sol->unique_name);
  put_localized(b, f, 4,
                sol->display_name ? sol->display_name : sol->unique_name);
  put_line(b, f, 4, "<Descriptions />");
  put_text_elem(b, f, 4, "Version", sol->version ? sol->version : "1.0.0.0");
  put_line(b, f, 4, "<Managed>0</Managed>");
  put_line(b, f, 4, "<Publisher>");
  put_text_elem(b, f, 6, "UniqueName", sol->publisher);
  put_localized(b, f, 6,
                sol->publisher_display ? sol->publisher_display
                                       : sol->publisher);
  put_line(b, f, 6, "<Descriptions />");
  put_line(b, f, 6, "<EMailAddress xsi:nil=\"true\"></EMailAddress>");
  put_line(b, f, 6,
           "<SupportingWebsiteUrl xsi:nil=\"true\"></SupportingWebsiteUrl>");
  put_text_elem(b, f, 6, "CustomizationPrefix", sol->prefix);
  snprintf(num, sizeof(num), "%lu", sol->option_prefix);
  put_text_elem(b, f, 6, "CustomizationOptionValuePrefix", num);
  put_line(b, f, 6, "<Addresses>");
  for (i = 1; i <= 2; i++) {
    put_line(b, f, 8, "<Address>");
    for (j = 0; j < sizeof(address_fields) / sizeof(address_fields[0]); j++) {
      const char *field = address_fields[j];
      if (!strcmp(field, "AddressNumber")) {
        put_text_elem(b, f, 10, field, i == 1 ? "1" : "2");
      } else if (!strcmp(field, "AddressTypeCode") ||
                 !strcmp(field, "ShippingMethodCode")) {
        put_text_elem(b, f, 10, field, "1");
      } else {
        put_indent(b, 10);
        rc_buf_putc(b, '<');
        rc_buf_puts(b, field);
        rc_buf_puts(b, " xsi:nil=\"true\"></");
        rc_buf_puts(b, field);
        rc_buf_putc(b, '>');
        rc_buf_puts(b, f->nl);
      }
    }
    put_line(b, f, 8, "</Address>");
  }
  put_line(b, f, 6, "</Addresses>");
  put_line(b, f, 4, "</Publisher>");
  /* exports list root components by type, then id */
  for (i = 0; i < sol->role_count; i++)
    sorted[i] = guids[i];
  if (sol->role_count > 1)
    qsort(sorted, sol->role_count, sizeof(*sorted), cmp_guid);
  put_line(b, f, 4, "<RootComponents>");
  for (i = 0; i < sol->role_count; i++) {
    if (i > 0 && !strcmp(sorted[i], sorted[i - 1]))
      continue; /* a component is listed once */
    put_indent(b, 6);
    rc_buf_puts(b, "<RootComponent type=\"20\" id=\"{");
    rc_buf_puts(b, sorted[i]);
    rc_buf_puts(b, "}\" behavior=\"0\" />");
    rc_buf_puts(b, f->nl);
  }
  put_line(b, f, 4, "</RootComponents>");
  put_line(b, f, 4, "<MissingDependencies />");
  put_line(b, f, 2, "</SolutionManifest>");
  rc_buf_puts(b, "</ImportExportXml>");
  rc_free(sorted);
  return RC_OK;
}

/* customizations.xml (roles inline) or Other/Customizations.xml (an empty
 * skeleton: the roles are in Roles/). The sections every export writes,
 * in their order, as the newest exports of the corpus write them empty. */
static void put_customizations(rc_buf *b, const form *f,
                               const rc_fix_solution_out *sol,
                               char (*guids)[37])
{
  static const char *const after_roles[] = {
      "Workflows",  "FieldSecurityProfiles", "Templates",
      "EntityMaps", "EntityRelationships",   "OrganizationSettings",
      "optionsets", "CustomControls",        "EntityDataProviders",
  };
  /* an export writes these collections as a start and an end tag when
   * empty; the unpacked skeleton writes every section as an empty tag */
  static const char *const open_close[] = {"Workflows", "FieldSecurityProfiles",
                                           "EntityRelationships"};
  size_t i, j;
  if (f->unpacked) {
    rc_buf_puts(b, bom_decl);
    rc_buf_puts(b, f->nl);
  }
  put_line(b, f, 0, "<ImportExportXml xmlns:xsi=\"" XSI "\">");
  if (f->unpacked) {
    put_line(b, f, 2, "<Entities />");
    put_line(b, f, 2, "<Roles />");
  } else {
    put_line(b, f, 2, "<Entities></Entities>");
    if (!sol->role_count) {
      put_line(b, f, 2, "<Roles></Roles>");
    } else {
      put_line(b, f, 2, "<Roles>");
      for (i = 0; i < sol->role_count; i++)
        put_role(b, f, 4, &sol->roles[i], guids[i], 0);
      put_line(b, f, 2, "</Roles>");
    }
  }
  for (i = 0; i < sizeof(after_roles) / sizeof(after_roles[0]); i++) {
    int pair = 0;
    for (j = 0; j < sizeof(open_close) / sizeof(open_close[0]); j++)
      pair |= !f->unpacked && !strcmp(after_roles[i], open_close[j]);
    put_indent(b, 2);
    rc_buf_putc(b, '<');
    rc_buf_puts(b, after_roles[i]);
    if (pair) {
      rc_buf_puts(b, "></");
      rc_buf_puts(b, after_roles[i]);
      rc_buf_putc(b, '>');
    } else {
      rc_buf_puts(b, " />");
    }
    rc_buf_puts(b, f->nl);
  }
  put_line(b, f, 2, "<Languages>");
  put_line(b, f, 4, "<Language>1033</Language>");
  put_line(b, f, 2, "</Languages>");
  rc_buf_puts(b, "</ImportExportXml>");
}

/* A write failed: the message (naming the path) is in ctx already. The
 * writers promise RC_EINPUT for anything but memory. */
static int as_write_error(int error)
{
  return error == RC_OK || error == RC_ENOMEM ? error : RC_EINPUT;
}

/* A text that lacks a piece: out of memory, or larger than one document
 * rolecheck reads (--max-entry-size). */
static int text_error(rc_ctx *ctx, const rc_buf *b, const char *path)
{
  if (rc_buf_error(b) == RC_ENOMEM)
    return rc_fail_nomem(ctx);
  return rc_fail(ctx, RC_EINPUT,
                 "%s: cannot write: a document would be larger than "
                 "--max-entry-size",
                 path);
}

static size_t text_cap(const rc_ctx *ctx)
{
  uint64_t max = ctx->limits.max_entry_size;
  return max < SIZE_MAX ? (size_t)max : SIZE_MAX;
}

/* Check the description and normalise the role ids into guids
 * (role_count entries). */
static int check_solution(rc_ctx *ctx, const rc_fix_solution_out *sol,
                          char (*guids)[37])
{
  size_t i;
  RC_ASSERT_ARG(ctx, sol->unique_name && sol->unique_name[0]);
  RC_ASSERT_ARG(ctx, sol->publisher && sol->publisher[0]);
  RC_ASSERT_ARG(ctx, sol->prefix && sol->prefix[0]);
  RC_ASSERT_ARG(ctx, sol->roles || !sol->role_count);
  for (i = 0; i < sol->role_count; i++) {
    const rc_fix_role_out *r = &sol->roles[i];
    size_t j;
    RC_ASSERT_ARG(ctx, r->id && r->name);
    RC_ASSERT_ARG(ctx, r->privileges || !r->privilege_count);
    for (j = 0; j < r->privilege_count; j++)
      RC_ASSERT_ARG(ctx, r->privileges[j].name);
    if (rc_guid_normalize(guids[i], r->id, strlen(r->id)) < 0)
      return rc_fail(ctx, RC_ERROR, "invalid argument: role id '%s'", r->id);
  }
  return RC_OK;
}

static int new_guids(rc_ctx *ctx, const rc_fix_solution_out *sol,
                     char (**out)[37])
{
  *out = rc_calloc(sol->role_count ? sol->role_count : 1, sizeof(**out));
  if (!*out)
    return rc_fail_nomem(ctx);
  return check_solution(ctx, sol, *out);
}

/* ---- the zip ---- */

static int zip_failed(rc_ctx *ctx, const char *path, zip_error_t *err)
{
  if (zip_error_code_zip(err) == ZIP_ER_MEMORY)
    return rc_fail_nomem(ctx);
  return rc_fail(ctx, RC_EINPUT, "%s: cannot write: %s", path,
                 zip_error_strerror(err));
}

/* Add one entry: deflated at level 9 ("maximum", as exports are), the
 * fixed time, MS-DOS attributes 0 (as exports have). data must live until
 * zip_close(). */
static int zip_put(zip_t *za, const char *name, const char *data, size_t len)
{
  zip_source_t *src = zip_source_buffer(za, data, len, 0);
  zip_int64_t idx;
  if (!src)
    return -1;
  idx = zip_file_add(za, name, src, 0);
  if (idx < 0) {
    zip_source_free(src);
    return -1;
  }
  if (zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 9) < 0 ||
      zip_file_set_dostime(za, (zip_uint64_t)idx, ZIP_DOS_TIME, ZIP_DOS_DATE,
                           0) < 0 ||
      zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0, ZIP_OPSYS_DOS,
                                       0) < 0)
    return -1;
  return 0;
}

/* Build the zip in memory (libzip's buffer source), then copy it to out. */
static int zip_build(rc_ctx *ctx, const char *path, FILE *out,
                     const rc_buf *cust, const rc_buf *manifest)
{
  zip_error_t err;
  zip_source_t *mem;
  zip_t *za;
  zip_stat_t st;
  zip_uint64_t left;
  char chunk[8192];
  int error = RC_OK;

  zip_error_init(&err);
  mem = zip_source_buffer_create(NULL, 0, 0, &err);
  if (!mem) {
    error = zip_failed(ctx, path, &err);
    zip_error_fini(&err);
    return error;
  }
  za = zip_open_from_source(mem, ZIP_TRUNCATE, &err);
  if (!za) {
    error = zip_failed(ctx, path, &err);
    zip_source_free(mem);
    zip_error_fini(&err);
    return error;
  }
  zip_error_fini(&err);
  zip_source_keep(mem); /* read back after zip_close() */
  /* the entry order of the newest exports of the corpus */
  if (zip_put(za, "customizations.xml", cust->ptr, cust->len) < 0 ||
      zip_put(za, "solution.xml", manifest->ptr, manifest->len) < 0 ||
      zip_put(za, "[Content_Types].xml", content_types,
              sizeof(content_types) - 1) < 0) {
    error = zip_failed(ctx, path, zip_get_error(za));
    zip_discard(za);
    zip_source_free(mem);
    return error;
  }
  if (zip_close(za) < 0) {
    error = zip_failed(ctx, path, zip_get_error(za));
    zip_discard(za);
    zip_source_free(mem);
    return error;
  }
  if (zip_source_stat(mem, &st) < 0 || zip_source_open(mem) < 0) {
    error = zip_failed(ctx, path, zip_source_error(mem));
    zip_source_free(mem);
    return error;
  }
  for (left = st.size; left > 0 && !error;) {
    zip_int64_t n = zip_source_read(
        mem, chunk, left < sizeof(chunk) ? left : sizeof(chunk));
    if (n <= 0)
      error = zip_failed(ctx, path, zip_source_error(mem));
    else if (fwrite(chunk, 1, (size_t)n, out) != (size_t)n)
      error = rc_fail(ctx, RC_EINPUT, "%s: cannot write: %s", path,
                      strerror(errno));
    else
      left -= (zip_uint64_t)n;
  }
  zip_source_close(mem);
  zip_source_free(mem);
  return error;
}

int rc_fix_write_zip(rc_ctx *ctx, const char *path,
                     const rc_fix_solution_out *solution)
{
  char(*guids)[37] = NULL;
  rc_buf cust, manifest;
  rc_output *file = NULL;
  int error;

  RC_ASSERT_ARG(ctx, path && solution);
  rc_buf_init(&cust, text_cap(ctx));
  rc_buf_init(&manifest, text_cap(ctx));
  error = new_guids(ctx, solution, &guids);
  if (error < 0)
    goto done;
  put_customizations(&cust, &zip_form, solution, guids);
  error = put_manifest(&manifest, &zip_form, solution, guids);
  if (error < 0) {
    error = rc_fail_nomem(ctx);
    goto done;
  }
  if (rc_buf_error(&cust) || rc_buf_error(&manifest)) {
    error = text_error(ctx, rc_buf_error(&cust) ? &cust : &manifest, path);
    goto done;
  }
  error = rc_output_open(&file, ctx, path);
  if (error < 0) {
    error = as_write_error(error);
    goto done;
  }
  error = zip_build(ctx, path, rc_output_file(file), &cust, &manifest);
  if (error < 0)
    goto done;
  error = rc_output_commit(file, ctx);
  file = NULL;
  if (error < 0)
    error = as_write_error(error);
done:
  rc_output_abort(file);
  rc_buf_dispose(&cust);
  rc_buf_dispose(&manifest);
  rc_free(guids);
  return error;
}

/* ---- the unpacked folder ---- */

/* b = dir + rest */
static void join(rc_buf *b, const char *dir, const char *rest)
{
  rc_buf_clear(b);
  rc_buf_puts(b, dir);
  rc_buf_puts(b, rest);
}

/* A path that could not be made: out of memory, or longer than paths go. */
static int path_error(rc_ctx *ctx, const rc_buf *b, const char *dir)
{
  if (rc_buf_error(b) == RC_ENOMEM)
    return rc_fail_nomem(ctx);
  return rc_fail(ctx, RC_EINPUT, "%s: cannot write: path too long", dir);
}

/* Create path and its missing parents (mkdir -p). */
static int make_dirs(rc_ctx *ctx, char *path)
{
  if (rc_sys_mkdirs(path, 0) < 0)
    return rc_fail(ctx, RC_EINPUT, "%s: cannot create the folder: %s", path,
                   strerror(errno));
  return RC_OK;
}

/* Write text to path atomically; text's sticky error first. */
static int write_file(rc_ctx *ctx, const char *path, const rc_buf *text)
{
  rc_output *file = NULL;
  int error;
  if (rc_buf_error(text))
    return text_error(ctx, text, path);
  error = rc_output_open(&file, ctx, path);
  if (error < 0)
    return as_write_error(error);
  fwrite(text->ptr, 1, text->len, rc_output_file(file));
  return as_write_error(rc_output_commit(file, ctx));
}

/* Windows' reserved device names, which no extension frees: s[0..len) is
 * the part before the first dot. */
static int reserved_name(const char *s, size_t len)
{
  static const char *const names[] = {"con", "prn", "aux", "nul"};
  char low[4];
  size_t i;
  while (len > 0 && s[len - 1] == ' ')
    len--;
  if (len < 3 || len > 4)
    return 0;
  for (i = 0; i < 3; i++)
    low[i] = (char)rc_ascii_tolower(s[i]);
  low[3] = '\0';
  if (len == 4)
    return rc_ascii_isdigit(s[3]) && s[3] != '0' &&
           (!strcmp(low, "com") || !strcmp(low, "lpt"));
  for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
    if (!strcmp(low, names[i]))
      return 1;
  }
  return 0;
}

/* The longest file name made, in bytes, before ".xml" and a " (n)". */
#define FILE_NAME_MAX 200

/* Append to b the file name of a role: file_name, else its name, with
 * the characters a Windows file name cannot hold (< > : " / \ | ? * and
 * controls) and trailing dots and spaces replaced by '_', a reserved
 * device name given a trailing '_', cut to FILE_NAME_MAX bytes at a
 * character boundary; "Role" when nothing is left. */
static void put_file_name(rc_buf *b, const rc_fix_role_out *role)
{
  const char *s = role->file_name ? role->file_name : role->name;
  size_t len = strlen(s), i, start = b->len, stem;
  if (len > FILE_NAME_MAX) {
    len = FILE_NAME_MAX;
    while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
      len--; /* not inside a UTF-8 sequence */
  }
  for (i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    int bad = c < 0x20 || c == 0x7f || strchr("<>:\"/\\|?*", c) != NULL;
    rc_buf_putc(b, bad ? '_' : (char)c);
  }
  if (b->len == start) {
    rc_buf_puts(b, "Role");
    return;
  }
  for (i = b->len; i > start; i--) {
    if (b->ptr[i - 1] != '.' && b->ptr[i - 1] != ' ')
      break;
    b->ptr[i - 1] = '_';
  }
  for (stem = start; stem < b->len && b->ptr[stem] != '.'; stem++)
    ;
  if (reserved_name(b->ptr + start, stem - start))
    rc_buf_putc(b, '_');
}

/* Whether name equals, ignoring ASCII case (as Windows and macOS file
 * systems compare), one of used[0..n). */
static int name_used(char *const *used, size_t n, const char *name)
{
  size_t i;
  for (i = 0; i < n; i++) {
    if (!rc_ascii_casecmp(used[i], name))
      return 1;
  }
  return 0;
}

/* Roles/<file name>.xml of each role, in order: a role whose file name
 * an earlier one took gets " (2)", " (3)", ... rather than replacing its
 * file. */
static int write_roles(rc_ctx *ctx, const char *dir,
                       const rc_fix_solution_out *sol, char (*guids)[37])
{
  char **used = NULL;
  rc_buf name, path, text;
  size_t i, n = 0;
  int error = RC_OK;
  rc_buf_init(&name, 4096);
  rc_buf_init(&path, 1u << 16);
  rc_buf_init(&text, text_cap(ctx));
  used = rc_calloc(sol->role_count ? sol->role_count : 1, sizeof(*used));
  if (!used) {
    error = rc_fail_nomem(ctx);
    goto done;
  }
  for (i = 0; i < sol->role_count && !error; i++) {
    unsigned long k;
    rc_buf_clear(&name);
    put_file_name(&name, &sol->roles[i]);
    for (k = 2; !rc_buf_error(&name) && name_used(used, n, name.ptr); k++) {
      char suffix[32];
      rc_buf_clear(&name);
      put_file_name(&name, &sol->roles[i]);
      snprintf(suffix, sizeof(suffix), " (%lu)", k);
      rc_buf_puts(&name, suffix);
    }
    join(&path, dir, "/Roles/");
    rc_buf_puts(&path, rc_buf_cstr(&name));
    rc_buf_puts(&path, ".xml");
    if (rc_buf_error(&name) || rc_buf_error(&path)) {
      error = path_error(ctx, rc_buf_error(&name) ? &name : &path, dir);
      break;
    }
    used[n] = rc_strndup(name.ptr, name.len);
    if (!used[n]) {
      error = rc_fail_nomem(ctx);
      break;
    }
    n++;
    rc_buf_clear(&text);
    rc_buf_puts(&text, bom_decl);
    rc_buf_puts(&text, unpacked_form.nl);
    put_role(&text, &unpacked_form, 0, &sol->roles[i], guids[i], 1);
    error = write_file(ctx, path.ptr, &text);
  }
done:
  for (i = 0; i < n; i++)
    rc_free(used[i]);
  rc_free(used);
  rc_buf_dispose(&name);
  rc_buf_dispose(&path);
  rc_buf_dispose(&text);
  return error;
}

int rc_fix_write_unpacked(rc_ctx *ctx, const char *dir,
                          const rc_fix_solution_out *solution)
{
  char(*guids)[37] = NULL;
  rc_buf path, text;
  int error;

  RC_ASSERT_ARG(ctx, dir && dir[0] && solution);
  rc_buf_init(&path, 1u << 16);
  rc_buf_init(&text, text_cap(ctx));
  error = new_guids(ctx, solution, &guids);
  if (error < 0)
    goto done;
  /* the folder itself with Other/, then Roles/ */
  join(&path, dir, "/Other");
  error = rc_buf_error(&path) ? path_error(ctx, &path, dir)
                              : make_dirs(ctx, path.ptr);
  if (error < 0)
    goto done;
  if (solution->role_count) {
    join(&path, dir, "/Roles");
    error = rc_buf_error(&path) ? path_error(ctx, &path, dir)
                                : make_dirs(ctx, path.ptr);
    if (error < 0)
      goto done;
  }

  error = put_manifest(&text, &unpacked_form, solution, guids);
  if (error < 0) {
    error = rc_fail_nomem(ctx);
    goto done;
  }
  join(&path, dir, "/Other/Solution.xml");
  error = rc_buf_error(&path) ? path_error(ctx, &path, dir)
                              : write_file(ctx, path.ptr, &text);
  if (error < 0)
    goto done;

  rc_buf_clear(&text);
  put_customizations(&text, &unpacked_form, solution, guids);
  join(&path, dir, "/Other/Customizations.xml");
  error = rc_buf_error(&path) ? path_error(ctx, &path, dir)
                              : write_file(ctx, path.ptr, &text);
  if (error < 0)
    goto done;
  error = write_roles(ctx, dir, solution, guids);
done:
  rc_buf_dispose(&path);
  rc_buf_dispose(&text);
  rc_free(guids);
  return error;
}
