/* Writes the hostile-input cases of test/hostile/cases.tsv into OUTDIR: zip
 * bombs, lying and damaged zips, path tricks, encrypted and unsupported
 * entries, non-solution packages, entity expansion, runaway nesting and
 * lengths, broken encodings, symlinks, FIFOs and over-limit models. Zips are
 * written byte by byte (not with libzip) so that headers can lie.
 *   gen_hostile OUTDIR
 * Every case is a file or folder named after it; nothing is committed. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define PATH_BUF 4096

static const char *outdir;

static void die(const char *what)
{
  fprintf(stderr, "gen_hostile: %s: %s\n", what, strerror(errno));
  exit(1);
}

__attribute__((format(printf, 1, 2))) static const char *at(const char *fmt,
                                                            ...)
{
  static char bufs[4][PATH_BUF];
  static unsigned next;
  char rel[PATH_BUF];
  char *out = bufs[next++ % 4];
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsnprintf(rel, sizeof(rel), fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof(rel) ||
      (size_t)snprintf(out, PATH_BUF, "%s/%s", outdir, rel) >= PATH_BUF) {
    fprintf(stderr, "gen_hostile: path too long\n");
    exit(1);
  }
  return out;
}

/* ---- growable byte buffer ---- */

typedef struct {
  unsigned char *p;
  size_t len, cap;
} bytes;

static void put(bytes *b, const void *data, size_t n)
{
  if (!n)
    return;
  if (b->len + n > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + n)
      cap *= 2;
    if (!(b->p = realloc(b->p, cap)))
      die("realloc");
    b->cap = cap;
  }
  memcpy(b->p + b->len, data, n);
  b->len += n;
}

static void puts_(bytes *b, const char *s)
{
  put(b, s, strlen(s));
}

__attribute__((format(printf, 2, 3))) static void putf(bytes *b,
                                                       const char *fmt, ...)
{
  char tmp[1024];
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof(tmp)) {
    fprintf(stderr, "gen_hostile: putf overflow\n");
    exit(1);
  }
  put(b, tmp, (size_t)n);
}

static void fill(bytes *b, char c, size_t n)
{
  char chunk[4096];
  memset(chunk, c, sizeof(chunk));
  while (n) {
    size_t k = n < sizeof(chunk) ? n : sizeof(chunk);
    put(b, chunk, k);
    n -= k;
  }
}

static void le16(bytes *b, unsigned v)
{
  unsigned char x[2] = {(unsigned char)v, (unsigned char)(v >> 8)};
  put(b, x, 2);
}

static void le32(bytes *b, uint32_t v)
{
  unsigned char x[4] = {(unsigned char)v, (unsigned char)(v >> 8),
                        (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
  put(b, x, 4);
}

static void write_file(const char *path, const void *data, size_t n)
{
  FILE *f = fopen(path, "wb");
  if (!f || (n && fwrite(data, 1, n, f) != n) || fclose(f))
    die(path);
}

static void write_text(const char *path, const char *text)
{
  write_file(path, text, strlen(text));
}

static void make_dir(const char *path)
{
  if (mkdir(path, 0755) < 0 && errno != EEXIST)
    die(path);
}

/* ---- a zip written by hand ---- */

typedef struct {
  const char *name;
  const bytes *data; /* uncompressed content */
  int method;        /* 0 stored, 8 deflate; others written as stored bytes */
  unsigned flags;    /* general-purpose flags (bit 0: encrypted) */
  int size_lie;      /* declare this uncompressed size when > 0 */
} entry;

static void deflate_raw(const bytes *in, bytes *out)
{
  z_stream z;
  unsigned char buf[65536];
  int rc;
  memset(&z, 0, sizeof(z));
  if (deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK)
    die("deflateInit2");
  z.next_in = in->p;
  z.avail_in = (uInt)in->len;
  do {
    z.next_out = buf;
    z.avail_out = sizeof(buf);
    rc = deflate(&z, Z_FINISH);
    put(out, buf, sizeof(buf) - z.avail_out);
  } while (rc == Z_OK);
  deflateEnd(&z);
}

/* The bytes of a zip of these entries. */
static bytes zip_bytes(const entry *e, size_t n)
{
  bytes zip = {0}, central = {0};
  size_t i;
  for (i = 0; i < n; i++) {
    bytes packed = {0};
    uint32_t offset = (uint32_t)zip.len;
    uint32_t crc = (uint32_t)crc32(0L, e[i].data->p, (uInt)e[i].data->len);
    uint32_t usize =
        e[i].size_lie > 0 ? (uint32_t)e[i].size_lie : (uint32_t)e[i].data->len;
    size_t nlen = strlen(e[i].name);
    if (e[i].method == 8)
      deflate_raw(e[i].data, &packed);
    else
      put(&packed, e[i].data->p, e[i].data->len);
    /* local header */
    le32(&zip, 0x04034b50);
    le16(&zip, 20);
    le16(&zip, e[i].flags);
    le16(&zip, (unsigned)e[i].method);
    le16(&zip, 0);
    le16(&zip, 0x21);
    le32(&zip, crc);
    le32(&zip, (uint32_t)packed.len);
    le32(&zip, usize);
    le16(&zip, (unsigned)nlen);
    le16(&zip, 0);
    put(&zip, e[i].name, nlen);
    put(&zip, packed.p, packed.len);
    /* central directory record */
    le32(&central, 0x02014b50);
    le16(&central, 0x031e);
    le16(&central, 20);
    le16(&central, e[i].flags);
    le16(&central, (unsigned)e[i].method);
    le16(&central, 0);
    le16(&central, 0x21);
    le32(&central, crc);
    le32(&central, (uint32_t)packed.len);
    le32(&central, usize);
    le16(&central, (unsigned)nlen);
    le16(&central, 0);
    le16(&central, 0);
    le16(&central, 0);
    le16(&central, 0);
    le32(&central, 0100644u << 16);
    le32(&central, offset);
    put(&central, e[i].name, nlen);
    free(packed.p);
  }
  {
    uint32_t cd_offset = (uint32_t)zip.len;
    put(&zip, central.p, central.len);
    le32(&zip, 0x06054b50);
    le16(&zip, 0);
    le16(&zip, 0);
    le16(&zip, (unsigned)n);
    le16(&zip, (unsigned)n);
    le32(&zip, (uint32_t)central.len);
    le32(&zip, cd_offset);
    le16(&zip, 0);
  }
  free(central.p);
  return zip;
}

static void write_zip(const char *path, const entry *e, size_t n)
{
  bytes zip = zip_bytes(e, n);
  write_file(path, zip.p, zip.len);
  free(zip.p);
}

/* ---- solution documents ---- */

static const char manifest[] =
    "<ImportExportXml version=\"9.2\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
    "<SolutionManifest><UniqueName>Hostile</UniqueName>"
    "<Version>1.0.0.0</Version><Managed>0</Managed>"
    "<Publisher><UniqueName>hostile</UniqueName>"
    "<CustomizationPrefix>hst</CustomizationPrefix></Publisher>"
    "<RootComponents /></SolutionManifest></ImportExportXml>\n";

static const char one_role[] =
    "<Roles><Role id=\"{6a1e0c9e-0000-4000-8000-000000000001}\" "
    "name=\"Reader\"><RolePrivileges>"
    "<RolePrivilege name=\"prvReadAccount\" level=\"Global\" />"
    "</RolePrivileges></Role></Roles>";

static bytes text(const char *s)
{
  bytes b = {0};
  puts_(&b, s);
  return b;
}

/* customizations.xml: the root, then body (len bytes), then the end tag */
static bytes wrapped(const void *body, size_t len)
{
  bytes b = {0};
  puts_(&b, "<ImportExportXml "
            "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">");
  put(&b, body, len);
  puts_(&b, "</ImportExportXml>\n");
  return b;
}

static bytes customizations(const char *body)
{
  return wrapped(body, strlen(body));
}

/* A solution zip whose customizations.xml is the given bytes; extra
 * entries (may be NULL) are appended. */
static void solution_zip(const char *name, const bytes *cust, int method,
                         const entry *extra, size_t nextra)
{
  bytes man = text(manifest), types = text("<Types />");
  entry e[8];
  size_t n = 0, i;
  e[n++] = (entry){"[Content_Types].xml", &types, 8, 0, 0};
  e[n++] = (entry){"solution.xml", &man, 8, 0, 0};
  e[n++] = (entry){"customizations.xml", cust, method, 0, 0};
  for (i = 0; i < nextra && n < 8; i++)
    e[n++] = extra[i];
  write_zip(at("%s", name), e, n);
  free(man.p);
  free(types.p);
}

static void good_cust_zip(const char *name, const entry *extra, size_t nextra)
{
  bytes c = customizations(one_role);
  solution_zip(name, &c, 8, extra, nextra);
  free(c.p);
}

/* An extracted solution folder with this customizations.xml. */
static void solution_dir(const char *name, const bytes *cust)
{
  make_dir(at("%s", name));
  write_text(at("%s/solution.xml", name), manifest);
  write_text(at("%s/[Content_Types].xml", name), "<Types />");
  write_file(at("%s/customizations.xml", name), cust->p, cust->len);
}

/* ---- the cases ---- */

static void zip_cases(void)
{
  bytes c = customizations(one_role), big = {0}, junk = {0};
  entry extra;

  /* a bomb: 200 MB of spaces deflate about 1000:1 */
  puts_(&big, "<ImportExportXml>");
  fill(&big, ' ', 200u << 20);
  puts_(&big, "</ImportExportXml>");
  solution_zip("zip-bomb-ratio.zip", &big, 8, NULL, 0);
  /* the same bomb under a declared size that lies */
  {
    bytes man = text(manifest);
    entry e[2] = {{"solution.xml", &man, 8, 0, 0},
                  {"customizations.xml", &big, 8, 0, 4096}};
    write_zip(at("zip-size-lie.zip"), e, 2);
    free(man.p);
  }
  free(big.p);

  /* a 30 MB document, for --max-entry-size and --max-total */
  {
    bytes body = {0}, doc;
    puts_(&body, one_role);
    puts_(&body, "<Entities>");
    fill(&body, '\n', 30u << 20);
    puts_(&body, "</Entities>");
    doc = wrapped(body.p, body.len);
    solution_zip("zip-entry-size.zip", &doc, 8, NULL, 0);
    free(doc.p);
    free(body.p);
  }

  /* many entries */
  {
    bytes man = text(manifest), tiny = text("x");
    entry *e = calloc(70002, sizeof(*e));
    char **names = calloc(70000, sizeof(*names));
    size_t i;
    if (!e || !names)
      die("calloc");
    e[0] = (entry){"solution.xml", &man, 0, 0, 0};
    e[1] = (entry){"customizations.xml", &c, 0, 0, 0};
    for (i = 0; i < 70000; i++) {
      names[i] = malloc(32);
      if (!names[i])
        die("malloc");
      snprintf(names[i], 32, "WebResources/f%zu.js", i);
      e[i + 2] = (entry){names[i], &tiny, 0, 0, 0};
    }
    write_zip(at("zip-many-entries.zip"), e, 70002);
    for (i = 0; i < 70000; i++)
      free(names[i]);
    free(names);
    free(e);
    free(man.p);
    free(tiny.p);
  }

  /* path tricks */
  {
    bytes x = text("<x />");
    extra = (entry){"../../outside.xml", &x, 8, 0, 0};
    good_cust_zip("zip-dotdot.zip", &extra, 1);
    extra = (entry){"/etc/cron.d/rolecheck", &x, 8, 0, 0};
    good_cust_zip("zip-absolute.zip", &extra, 1);
    extra = (entry){"WebResources\\..\\..\\outside.xml", &x, 8, 0, 0};
    good_cust_zip("zip-backslash.zip", &extra, 1);
    extra = (entry){"C:/Windows/win.ini", &x, 8, 0, 0};
    good_cust_zip("zip-drive.zip", &extra, 1);
    extra = (entry){"Roles/line\nbreak/../../x.xml", &x, 8, 0, 0};
    good_cust_zip("zip-control-name.zip", &extra, 1);
    free(x.p);
  }

  /* encrypted and unsupported entries */
  {
    bytes man = text(manifest);
    entry e[2] = {{"solution.xml", &man, 8, 0, 0},
                  {"customizations.xml", &c, 0, 1, 0}};
    write_zip(at("zip-encrypted.zip"), e, 2);
    e[1] = (entry){"customizations.xml", &c, 98, 0, 0}; /* PPMd */
    write_zip(at("zip-method.zip"), e, 2);
    free(man.p);
  }

  /* damaged: deflate data cut short, a flipped CRC, truncation */
  {
    bytes man = text(manifest), zip = {0};
    entry e[2] = {{"solution.xml", &man, 8, 0, 0},
                  {"customizations.xml", &c, 0, 0, 0}};
    FILE *f;
    long size;
    write_zip(at("zip-truncated.zip"), e, 2);
    f = fopen(at("zip-truncated.zip"), "rb");
    if (!f)
      die("zip-truncated.zip");
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    zip.p = malloc((size_t)size);
    if (!zip.p || fread(zip.p, 1, (size_t)size, f) != (size_t)size)
      die("read");
    fclose(f);
    write_file(at("zip-truncated.zip"), zip.p, (size_t)size / 2);
    /* the stored customizations.xml starts after its local header; change
     * one byte of content so the CRC no longer matches */
    {
      unsigned char *p = memmem(zip.p, (size_t)size, "Reader", 6);
      if (!p)
        die("memmem");
      *p = 'X';
      write_file(at("zip-crc.zip"), zip.p, (size_t)size);
    }
    free(zip.p);
    free(man.p);
  }

  /* not solutions */
  {
    bytes ct = text("<Types />"), doc = text("<w:document />"),
          nuspec = text("<package />");
    entry docx[2] = {{"[Content_Types].xml", &ct, 8, 0, 0},
                     {"word/document.xml", &doc, 8, 0, 0}};
    entry nupkg[2] = {{"Contoso.Tools.nuspec", &nuspec, 8, 0, 0},
                      {"lib/net6.0/Contoso.Tools.dll", &doc, 8, 0, 0}};
    write_zip(at("report.docx"), docx, 2);
    write_zip(at("zip-docx.zip"), docx, 2);
    write_zip(at("zip-nupkg.zip"), nupkg, 2);
    write_zip(at("zip-no-entries.zip"), NULL, 0);
    free(ct.p);
    free(doc.p);
    free(nuspec.p);
  }
  puts_(&junk, "PK\x03\x04 this is not a zip at all\n");
  write_file(at("zip-garbage.zip"), junk.p, junk.len);
  write_file(at("zip-empty.zip"), "", 0);
  free(junk.p);
  free(c.p);
}

/* Package Deployer packages: zips inside a zip, with backslash names */
static void package_cases(void)
{
  bytes big = {0}, zeros = {0}, man = text(manifest), types = text("<Types />"),
        c = customizations(one_role), inner;
  int level;

  /* the solution inside is a bomb: stopped by --max-ratio, named through
   * the package */
  {
    entry sol[3] = {{"[Content_Types].xml", &types, 8, 0, 0},
                    {"solution.xml", &man, 8, 0, 0},
                    {"customizations.xml", &big, 8, 0, 0}};
    bytes bomb;
    puts_(&big, "<ImportExportXml>");
    fill(&big, ' ', 200u << 20);
    puts_(&big, "</ImportExportXml>");
    bomb = zip_bytes(sol, 3);
    {
      entry pkg[1] = {{"PkgFolder\\Bomb_1_0_0_0.zip", &bomb, 0, 0, 0}};
      write_zip(at("pkg-nested-bomb.zip"), pkg, 1);
    }
    free(bomb.p);
  }
  /* the zip entry itself inflates 1000:1: never read into memory */
  {
    entry pkg[1] = {{"PkgFolder\\Data.zip", &zeros, 8, 0, 0}};
    fill(&zeros, '\0', 200u << 20);
    write_zip(at("pkg-inner-bomb.zip"), pkg, 1);
  }
  /* a solution five zips down: packages are read three levels deep */
  {
    entry sol[3] = {{"[Content_Types].xml", &types, 8, 0, 0},
                    {"solution.xml", &man, 8, 0, 0},
                    {"customizations.xml", &c, 8, 0, 0}};
    inner = zip_bytes(sol, 3);
    for (level = 0; level < 4; level++) {
      entry pkg[1] = {{"PkgFolder\\Inner.zip", &inner, 0, 0, 0}};
      bytes outer = zip_bytes(pkg, 1);
      free(inner.p);
      inner = outer;
    }
    write_file(at("pkg-too-deep.zip"), inner.p, inner.len);
    free(inner.p);
  }
  free(big.p);
  free(zeros.p);
  free(man.p);
  free(types.p);
  free(c.p);
}

static void xml_cases(void)
{
  bytes b = {0};
  size_t i;

  /* billion laughs, external entities: a DTD is never allowed */
  puts_(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE ImportExportXml [\n"
            "<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n");
  for (i = 1; i < 10; i++)
    putf(&b, "<!ENTITY %c \"&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;\">\n",
         (char)('a' + i), (char)('a' + i - 1), (char)('a' + i - 1),
         (char)('a' + i - 1), (char)('a' + i - 1), (char)('a' + i - 1),
         (char)('a' + i - 1), (char)('a' + i - 1), (char)('a' + i - 1),
         (char)('a' + i - 1), (char)('a' + i - 1));
  puts_(&b, "]>\n<ImportExportXml><Roles><Role id=\"{6a1e0c9e-0000-4000-8000-"
            "000000000001}\" name=\"&j;\" /></Roles></ImportExportXml>\n");
  solution_zip("xml-billion-laughs.zip", &b, 8, NULL, 0);
  b.len = 0;
  puts_(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "
            "\"file:///etc/passwd\">]>\n<ImportExportXml><Roles><Role "
            "name=\"&x;\" /></Roles></ImportExportXml>\n");
  solution_zip("xml-external-entity.zip", &b, 8, NULL, 0);
  b.len = 0;
  puts_(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE ImportExportXml SYSTEM "
            "\"http://example.invalid/evil.dtd\">\n<ImportExportXml />\n");
  solution_zip("xml-external-dtd.zip", &b, 8, NULL, 0);

  /* nesting far past any real document */
  b.len = 0;
  puts_(&b, "<ImportExportXml>");
  for (i = 0; i < 100000; i++)
    puts_(&b, "<a>");
  solution_zip("xml-deep.zip", &b, 8, NULL, 0);

  /* a 20 MB attribute and a 20 MB text node */
  {
    bytes body = {0}, doc;
    puts_(&body, "<Roles><Role id=\"{6a1e0c9e-0000-4000-8000-000000000001}\" "
                 "name=\"");
    fill(&body, 'n', 20u << 20);
    puts_(&body, "\" /></Roles>");
    doc = wrapped(body.p, body.len);
    solution_zip("xml-long-attribute.zip", &doc, 8, NULL, 0);
    free(doc.p);
    body.len = 0;
    puts_(&body, "<Entities><Entity><Name>");
    fill(&body, 't', 20u << 20);
    puts_(&body, "</Name></Entity></Entities>");
    doc = wrapped(body.p, body.len);
    solution_zip("xml-long-text.zip", &doc, 8, NULL, 0);
    free(doc.p);
    free(body.p);
  }

  /* encodings: invalid UTF-8, an unknown encoding, a NUL byte */
  b.len = 0;
  puts_(&b, "<ImportExportXml><Roles><Role id=\"{6a1e0c9e-0000-4000-8000-"
            "000000000001}\" name=\"Caf\xc3\x28\" /></Roles>"
            "</ImportExportXml>\n");
  solution_zip("xml-bad-utf8.zip", &b, 8, NULL, 0);
  b.len = 0;
  puts_(&b, "<?xml version=\"1.0\" encoding=\"x-rolecheck-none\"?>\n"
            "<ImportExportXml />\n");
  solution_zip("xml-unknown-encoding.zip", &b, 8, NULL, 0);
  b.len = 0;
  puts_(&b, "<ImportExportXml><Roles>");
  put(&b, "\0", 1);
  puts_(&b, "</Roles></ImportExportXml>\n");
  solution_zip("xml-nul.zip", &b, 8, NULL, 0);

  /* broken structure */
  b.len = 0;
  puts_(&b, "<ImportExportXml><Roles><Role id=\"{6a1e0c9e-0000-4000-8000-"
            "000000000001}\" name=\"Reader\"><RolePrivileges>"
            "<RolePrivilege name=\"prvReadAcc");
  solution_zip("xml-truncated.zip", &b, 8, NULL, 0);
  b.len = 0;
  puts_(&b, "<html><body>not a solution</body></html>\n");
  solution_zip("xml-wrong-root.zip", &b, 8, NULL, 0);
  b.len = 0;
  puts_(&b, "<ImportExportXml><!-- never closed ");
  fill(&b, '-', 1000);
  solution_zip("xml-open-comment.zip", &b, 8, NULL, 0);
  {
    bytes cust = customizations(one_role), man = text("<ImportExportXml><Sol");
    entry e[2] = {{"solution.xml", &man, 8, 0, 0},
                  {"customizations.xml", &cust, 8, 0, 0}};
    write_zip(at("xml-bad-manifest.zip"), e, 2);
    free(cust.p);
    free(man.p);
  }

  /* models over their limits */
  b.len = 0;
  puts_(&b, "<Roles>");
  for (i = 0; i < 20; i++) {
    putf(&b,
         "<Role id=\"{6a1e0c9e-0000-4000-8000-%012zu}\" name=\"Role %zu\">"
         "<RolePrivileges><RolePrivilege name=\"prvReadAccount\" "
         "level=\"Basic\" /></RolePrivileges></Role>",
         i, i);
  }
  puts_(&b, "</Roles>");
  {
    bytes doc = wrapped(b.p, b.len);
    solution_dir("xml-many-roles", &doc);
    free(doc.p);
  }
  b.len = 0;
  puts_(&b, "<Roles><Role id=\"{6a1e0c9e-0000-4000-8000-000000000001}\" "
            "name=\"Everything\"><RolePrivileges>");
  for (i = 0; i < 200; i++)
    putf(&b, "<RolePrivilege name=\"prvReadhst_table%zu\" level=\"Global\" />",
         i);
  puts_(&b, "</RolePrivileges></Role></Roles><Entities>");
  for (i = 0; i < 200; i++)
    putf(&b,
         "<Entity><Name LocalizedName=\"T%zu\" OriginalName=\"T%zu\">"
         "hst_table%zu</Name><EntityInfo><entity Name=\"hst_table%zu\">"
         "<OwnershipTypeMask>UserOwned</OwnershipTypeMask></entity>"
         "</EntityInfo></Entity>",
         i, i, i, i);
  puts_(&b, "</Entities>");
  {
    bytes doc = wrapped(b.p, b.len);
    solution_dir("xml-many-privileges", &doc);
    free(doc.p);
  }
  free(b.p);
}

static void fs_cases(void)
{
  bytes c = customizations(one_role), empty = {0};

  /* symlinks: out of the folder (refused), a loop (not followed) */
  solution_dir("dir-symlink-out", &c);
  make_dir(at("dir-symlink-out/Roles"));
  if (symlink("/etc/passwd", at("dir-symlink-out/Roles/Stolen.xml")) < 0 &&
      errno != EEXIST)
    die("symlink");
  solution_dir("dir-symlink-loop", &c);
  if (symlink(".", at("dir-symlink-loop/again")) < 0 && errno != EEXIST)
    die("symlink");
  solution_dir("dir-symlink-inside", &c);
  make_dir(at("dir-symlink-inside/data"));
  if (rename(at("dir-symlink-inside/customizations.xml"),
             at("dir-symlink-inside/data/customizations.xml")) < 0 ||
      symlink("data/customizations.xml",
              at("dir-symlink-inside/customizations.xml")) < 0)
    die("dir-symlink-inside");
  make_dir(at("dir-symlink-up"));
  write_text(at("dir-symlink-up/solution.xml"), manifest);
  if (symlink("../xml-many-roles/customizations.xml",
              at("dir-symlink-up/customizations.xml")) < 0 &&
      errno != EEXIST)
    die("symlink");

  /* a folder with nothing in it, and one with only unrelated files */
  make_dir(at("dir-empty"));
  make_dir(at("dir-unrelated"));
  write_text(at("dir-unrelated/README.md"), "# notes\n");
  write_text(at("dir-unrelated/data.json"), "{}\n");

  /* a FIFO: must not block */
  if (mkfifo(at("fifo.zip"), 0644) < 0 && errno != EEXIST)
    die("mkfifo");
  solution_dir("dir-fifo", &empty);
  unlink(at("dir-fifo/customizations.xml"));
  if (mkfifo(at("dir-fifo/customizations.xml"), 0644) < 0 && errno != EEXIST)
    die("mkfifo");

  /* Power Pages records: deep JSON, a YAML alias bomb */
  {
    bytes j = {0};
    size_t i;
    solution_dir("pp-deep-json", &c);
    make_dir(at("pp-deep-json/powerpagecomponents"));
    make_dir(at("pp-deep-json/powerpagecomponents/"
                "3f0a1c52-6b7d-4e8f-9a01-b2c3d4e5f601"));
    puts_(&j, "<powerpagecomponent "
              "powerpagecomponentid=\"3f0a1c52-6b7d-4e8f-9a01-b2c3d4e5f601\">"
              "<content>");
    for (i = 0; i < 100000; i++)
      puts_(&j, "[");
    puts_(&j, "</content><name>Deep</name><powerpagecomponenttype>18"
              "</powerpagecomponenttype></powerpagecomponent>\n");
    write_file(at("pp-deep-json/powerpagecomponents/"
                  "3f0a1c52-6b7d-4e8f-9a01-b2c3d4e5f601/"
                  "powerpagecomponent.xml"),
               j.p, j.len);
    free(j.p);
  }
  {
    bytes y = {0};
    size_t i;
    make_dir(at("pp-yaml-aliases"));
    make_dir(at("pp-yaml-aliases/web-roles"));
    write_text(at("pp-yaml-aliases/website.yml"),
               "adx_name: Hostile\nadx_websiteid: "
               "1b2c3d4e-0000-4000-8000-000000000001\n");
    puts_(&y, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (i = 1; i < 12; i++)
      putf(&y,
           "a%zu: &a%zu [*a%zu, *a%zu, *a%zu, *a%zu, *a%zu, *a%zu, *a%zu, "
           "*a%zu, *a%zu, *a%zu]\n",
           i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1,
           i - 1);
    puts_(&y, "adx_name: Laughing\nadx_webroleid: "
              "1b2c3d4e-0000-4000-8000-000000000002\n");
    write_file(at("pp-yaml-aliases/web-roles/Laughing.webrole.yml"), y.p,
               y.len);
    free(y.p);
  }
  free(c.p);
}

int main(int argc, char **argv)
{
  if (argc != 2) {
    fprintf(stderr, "usage: gen_hostile OUTDIR\n");
    return 2;
  }
  outdir = argv[1];
  make_dir(outdir);
  zip_cases();
  package_cases();
  xml_cases();
  fs_cases();
  return 0;
}
