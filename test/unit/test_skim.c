/* The skim (parse/skim.h), byte for byte: what it keeps, drops and makes up,
 * for each case whole, split in two at every byte, and one byte at a
 * time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/skim.h"

static const char *const names[] = {"FormXml", "attributes", NULL};

typedef struct {
  char *data;
  size_t len, cap;
} sink;

static int collect(void *payload, const char *data, size_t len)
{
  sink *k = payload;
  if (k->len + len + 1 > k->cap) {
    k->cap = (k->len + len + 1) * 2;
    k->data = realloc(k->data, k->cap);
    assert_non_null(k->data);
  }
  memcpy(k->data + k->len, data, len);
  k->len += len;
  k->data[k->len] = '\0';
  return 0;
}

/* in, fed in pieces of at most step bytes after a first piece of first
 * bytes, gives want. */
static void expect_pieces(const char *in, size_t len, const char *want,
                          size_t wlen, size_t first, size_t step)
{
  rc_skim s;
  sink k = {NULL, 0, 0};
  size_t at = 0;
  rc_skim_init(&s, names, collect, &k);
  collect(&k, "", 0);
  if (first > len)
    first = len;
  assert_int_equal(rc_skim_feed(&s, in, first), 0);
  at = first;
  while (at < len) {
    size_t n = len - at < step ? len - at : step;
    assert_int_equal(rc_skim_feed(&s, in + at, n), 0);
    at += n;
  }
  assert_int_equal(rc_skim_end(&s), 0);
  if (k.len != wlen || memcmp(k.data, want, k.len))
    fail_msg("split %zu, step %zu:\n  in:   %s\n  got:  %s\n  want: %s", first,
             step, in, k.data, want);
  free(k.data);
}

static void expect_bytes(const char *in, size_t len, const char *want,
                         size_t wlen)
{
  size_t split;
  expect_pieces(in, len, want, wlen, len, len ? len : 1);
  expect_pieces(in, len, want, wlen, 0, 1);
  for (split = 0; split <= len; split++)
    expect_pieces(in, len, want, wlen, split, len ? len : 1);
}

static void expect(const char *in, const char *want)
{
  expect_bytes(in, strlen(in), want, strlen(want));
}

static void test_skim__empties_elements(void **state)
{
  (void)state;
  expect("<a><FormXml x=\"1\">\n<b>t</b>\n</FormXml><c/></a>",
         "<a><FormXml x=\"1\">\n\n</FormXml><c/></a>");
  expect("<entity><attributes><attribute PhysicalName=\"x\">\n"
         "<Type>nvarchar</Type></attribute>\n</attributes>\n<Owner/></entity>",
         "<entity><attributes>\n\n</attributes>\n<Owner/></entity>");
  /* several in a row, and other names left alone */
  expect("<r><FormXml>1</FormXml><Form>2</Form><FormXml>3</FormXml></r>",
         "<r><FormXml></FormXml><Form>2</Form><FormXml></FormXml></r>");
  /* a document that ends inside one */
  expect("<r><FormXml>abc\ndef", "<r><FormXml>\n");
}

static void test_skim__nesting_and_tags(void **state)
{
  (void)state;
  /* the same name nested, open and self-closed */
  expect("<FormXml><FormXml>a</FormXml>\n<FormXml/>b</FormXml><c/>",
         "<FormXml>\n</FormXml><c/>");
  /* quoted '>' and "/>" in the element's own start tags */
  expect("<FormXml a=\"/>\" b='>'>x</FormXml><c/>",
         "<FormXml a=\"/>\" b='>'></FormXml><c/>");
  expect("<FormXml><FormXml a='/>'>z</FormXml>y</FormXml><c/>",
         "<FormXml></FormXml><c/>");
  /* self-closing: nothing inside */
  expect("<r><FormXml a=\"1\"/><b>t</b><FormXml\n/></r>",
         "<r><FormXml a=\"1\"/><b>t</b><FormXml\n/></r>");
  /* names that only start alike, prefixed names, long names */
  expect("<FormXmlX>y</FormXmlX><x:FormXml>y</x:FormXml>",
         "<FormXmlX>y</FormXmlX><x:FormXml>y</x:FormXml>");
  expect("<abcdefghijabcdefghijabcdefghijabcdefghij>y</abcdefghijabcdefghij"
         "abcdefghijabcdefghij>",
         "<abcdefghijabcdefghijabcdefghijabcdefghij>y</abcdefghijabcdefghij"
         "abcdefghijabcdefghij>");
  /* an end tag with blanks: a line end in it is kept */
  expect("<FormXml>y</FormXml ><c/>", "<FormXml></FormXml><c/>");
  expect("<FormXml>y</FormXml\n  ><c/>", "<FormXml>\n</FormXml  ><c/>");
  /* end tags of other elements inside, and one of its name's prefix */
  expect("<FormXml></Form></FormXmlX></FormXml><c/>",
         "<FormXml></FormXml><c/>");
}

static void test_skim__markup(void **state)
{
  (void)state;
  /* inside: comments, CDATA sections and processing instructions hide
   * tags */
  expect("<FormXml><![CDATA[</FormXml>\n]]]]></FormXml><c/>",
         "<FormXml>\n</FormXml><c/>");
  expect("<FormXml><!-- </FormXml> -- ---></FormXml><c/>",
         "<FormXml></FormXml><c/>");
  expect("<FormXml><?pi a>b</FormXml>?></FormXml><c/>",
         "<FormXml></FormXml><c/>");
  /* kept: the same hide start tags */
  expect("<a><!-- <FormXml> --><b/><![CDATA[<FormXml>]]><?p <FormXml>?></a>",
         "<a><!-- <FormXml> --><b/><![CDATA[<FormXml>]]><?p <FormXml>?></a>");
  /* "<!-->" opens a comment that does not end there */
  expect("<a><!--><FormXml>x</FormXml>--><FormXml>y</FormXml></a>",
         "<a><!--><FormXml>x</FormXml>--><FormXml></FormXml></a>");
}

static void test_skim__line_ends(void **state)
{
  (void)state;
  /* an LF for each LF; CRs go (libxml2 counts LFs) */
  expect("<FormXml>\r\n<x\r\n a='1'/>\r\n</FormXml>\r\n<c/>",
         "<FormXml>\n\n\n</FormXml>\r\n<c/>");
  expect("<FormXml>\r\r</FormXml><c/>", "<FormXml></FormXml><c/>");
}

static void test_skim__unsure(void **state)
{
  static const char utf16[] = "\xff\xfe<\0a\0>\0<\0F\0o\0r\0m\0X\0m\0l\0>\0";
  static const char bom[] = "\xef\xbb\xbf<?xml version=\"1.0\" "
                            "encoding=\"utf-8\"?>\n<a><FormXml>x</FormXml></a>";
  (void)state;
  /* not UTF-8: everything passes */
  expect_bytes(utf16, sizeof(utf16) - 1, utf16, sizeof(utf16) - 1);
  expect("<?xml version='1.0' encoding='ISO-8859-1'?><a><FormXml>x</FormXml>"
         "</a>",
         "<?xml version='1.0' encoding='ISO-8859-1'?><a><FormXml>x</FormXml>"
         "</a>");
  /* UTF-8 with a BOM and a declaration, or US-ASCII: skimmed */
  expect(bom, "\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
              "<a><FormXml></FormXml></a>");
  expect("<?xml version='1.0' encoding='US-ASCII'?><a><FormXml>x</FormXml>"
         "</a>",
         "<?xml version='1.0' encoding='US-ASCII'?><a><FormXml></FormXml></a>");
  /* a document type declaration: everything from there passes */
  expect("<a><FormXml>x</FormXml></a><!DOCTYPE a><FormXml>x</FormXml>",
         "<a><FormXml></FormXml></a><!DOCTYPE a><FormXml>x</FormXml>");
  /* a declaration that does not end in the first bytes */
  expect("<?xml version='1.0' <a><FormXml>x</FormXml></a>",
         "<?xml version='1.0' <a><FormXml>x</FormXml></a>");
}

/* Past the first RC_SKIM_HEAD bytes, at every split. */
static void test_skim__long(void **state)
{
  char in[2048], want[2048];
  size_t n = 0, w = 0, i;
  (void)state;
  n += (size_t)sprintf(in + n, "<a>");
  for (i = 0; i < 600; i++)
    in[n++] = i % 60 ? 't' : '\n';
  memcpy(want, in, n);
  w = n;
  n += (size_t)sprintf(in + n, "<FormXml>\n%0400d\n</FormXml></a>", 7);
  w += (size_t)sprintf(want + w, "<FormXml>\n\n</FormXml></a>");
  in[n] = want[w] = '\0';
  expect(in, want);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_skim__empties_elements),
      cmocka_unit_test(test_skim__nesting_and_tags),
      cmocka_unit_test(test_skim__markup),
      cmocka_unit_test(test_skim__line_ends),
      cmocka_unit_test(test_skim__unsure),
      cmocka_unit_test(test_skim__long),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
