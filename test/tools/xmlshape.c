/* Prints the shape of a solution's files, for comparing what rolecheck
 * writes with real exports (test/fixwrite_shape.sh):
 *   xmlshape entries ZIP          the entry names, in the zip's order
 *   xmlshape cat ZIP ENTRY        an entry's bytes
 *   xmlshape paths FILE [ENTRY]   each element as "/path/of/it<TAB>attr,attr"
 *                                 (attribute names as written, xmlns:*
 *                                 included), after checking that the
 *                                 document is well-formed
 *   xmlshape form FILE [ENTRY]    "bom=0|1 decl=0|1 eol=crlf|lf|mixed|none
 *                                 final-eol=0|1"
 * With ENTRY, FILE is a zip and the document is that entry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <zip.h>

static void die(const char *what, const char *detail)
{
  fprintf(stderr, "xmlshape: %s: %s\n", what, detail);
  exit(2);
}

static char *read_file(const char *path, size_t *len)
{
  FILE *in = fopen(path, "rb");
  char *data = NULL;
  size_t cap = 0, n = 0;
  if (!in)
    die(path, "cannot open");
  for (;;) {
    size_t got;
    if (n == cap) {
      cap = cap ? cap * 2 : 1 << 16;
      data = realloc(data, cap);
      if (!data)
        die(path, "out of memory");
    }
    got = fread(data + n, 1, cap - n, in);
    if (!got)
      break;
    n += got;
  }
  fclose(in);
  *len = n;
  return data;
}

static char *read_entry(const char *zip, const char *entry, size_t *len)
{
  int err = 0;
  zip_t *z = zip_open(zip, ZIP_RDONLY, &err);
  zip_stat_t st;
  zip_file_t *f;
  char *data;
  if (!z)
    die(zip, "cannot open the zip");
  if (zip_stat(z, entry, 0, &st) < 0)
    die(entry, "no such entry");
  data = malloc(st.size ? st.size : 1);
  f = zip_fopen(z, entry, 0);
  if (!data || !f)
    die(entry, "cannot read");
  if (zip_fread(f, data, st.size) != (zip_int64_t)st.size)
    die(entry, "cannot read");
  zip_fclose(f);
  zip_close(z);
  *len = st.size;
  return data;
}

static void entries(const char *zip)
{
  int err = 0;
  zip_t *z = zip_open(zip, ZIP_RDONLY, &err);
  zip_int64_t i, n;
  if (!z)
    die(zip, "cannot open the zip");
  n = zip_get_num_entries(z, 0);
  for (i = 0; i < n; i++)
    printf("%s\n", zip_get_name(z, (zip_uint64_t)i, 0));
  zip_close(z);
}

static void form(const char *data, size_t len)
{
  static const char bom[] = "\xef\xbb\xbf";
  size_t i, crlf = 0, lf = 0, off = 0;
  int has_bom = len >= 3 && !memcmp(data, bom, 3);
  if (has_bom)
    off = 3;
  for (i = 0; i < len; i++) {
    if (data[i] != '\n')
      continue;
    if (i > 0 && data[i - 1] == '\r')
      crlf++;
    else
      lf++;
  }
  printf("bom=%d decl=%d eol=%s final-eol=%d\n", has_bom,
         len - off >= 5 && !memcmp(data + off, "<?xml", 5),
         crlf && lf ? "mixed"
         : crlf     ? "crlf"
         : lf       ? "lf"
                    : "none",
         len > 0 && data[len - 1] == '\n');
}

static int is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Skip past the next occurrence of end (or to the end of the text). */
static size_t skip_past(const char *data, size_t len, size_t i, const char *end)
{
  size_t n = strlen(end);
  for (; i + n <= len; i++) {
    if (!memcmp(data + i, end, n))
      return i + n;
  }
  return len;
}

/* The elements in document order with their attribute names in the order
 * written: read from the start tags themselves, since a parser reports
 * namespace declarations apart from the other attributes. libxml2 checks
 * first that the document is well-formed. */
static void paths(const char *data, size_t len, const char *name)
{
  char *stack[512];
  size_t i = 0;
  int depth = 0, k;
  xmlDocPtr doc = xmlReadMemory(data, (int)len, name, NULL, XML_PARSE_NONET);
  if (!doc)
    die(name, "not well-formed XML");
  xmlFreeDoc(doc);
  while (i < len) {
    size_t start;
    if (data[i] != '<') {
      i++;
      continue;
    }
    if (!strncmp(data + i, "<!--", 4)) {
      i = skip_past(data, len, i + 4, "-->");
    } else if (!strncmp(data + i, "<![CDATA[", 9)) {
      i = skip_past(data, len, i + 9, "]]>");
    } else if (data[i + 1] == '?' || data[i + 1] == '!') {
      i = skip_past(data, len, i + 2, ">");
    } else if (data[i + 1] == '/') {
      free(stack[--depth]);
      i = skip_past(data, len, i + 2, ">");
    } else {
      int first = 1;
      start = ++i;
      while (i < len && !is_space(data[i]) && data[i] != '/' && data[i] != '>')
        i++;
      if (depth >= 512)
        die(name, "nested too deep");
      stack[depth] = strndup(data + start, i - start);
      if (!stack[depth++])
        die(name, "out of memory");
      for (k = 0; k < depth; k++)
        printf("/%s", stack[k]);
      putchar('\t');
      for (;;) {
        while (i < len && is_space(data[i]))
          i++;
        if (i >= len || data[i] == '>') {
          i++;
          break;
        }
        if (data[i] == '/') {
          free(stack[--depth]);
          i = skip_past(data, len, i, ">");
          break;
        }
        start = i;
        while (i < len && !is_space(data[i]) && data[i] != '=')
          i++;
        printf("%s%.*s", first ? "" : ",", (int)(i - start), data + start);
        first = 0;
        while (i < len && data[i] != '"' && data[i] != '\'')
          i++;
        if (i < len) {
          char quote = data[i];
          i++;
          while (i < len && data[i] != quote)
            i++;
          i++;
        }
      }
      putchar('\n');
    }
  }
  for (k = 0; k < depth; k++)
    free(stack[k]);
}

int main(int argc, char **argv)
{
  const char *cmd = argc > 1 ? argv[1] : "";
  char *data;
  size_t len;
  if (argc == 3 && !strcmp(cmd, "entries")) {
    entries(argv[2]);
    return 0;
  }
  if ((argc != 3 && argc != 4) ||
      (strcmp(cmd, "cat") && strcmp(cmd, "paths") && strcmp(cmd, "form")) ||
      (!strcmp(cmd, "cat") && argc != 4)) {
    fprintf(stderr, "usage: xmlshape entries ZIP | cat ZIP ENTRY | "
                    "paths FILE [ENTRY] | form FILE [ENTRY]\n");
    return 2;
  }
  data =
      argc == 4 ? read_entry(argv[2], argv[3], &len) : read_file(argv[2], &len);
  if (!strcmp(cmd, "cat"))
    fwrite(data, 1, len, stdout);
  else if (!strcmp(cmd, "form"))
    form(data, len);
  else
    paths(data, len, argc == 4 ? argv[3] : argv[2]);
  free(data);
  return 0;
}
