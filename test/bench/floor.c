/* The floor: the least work that reads a solution zip with these libraries
 * (libzip inflate of customizations.xml plus a libxml2 SAX2 push parse that
 * only counts RolePrivilege elements and hashes their names). rolecheck's
 * benchmark is measured as a ratio against it, in the same run.
 *   floor inflate ZIP      zip_fread loop, 256 KiB chunks
 *   floor sax ZIP          single thread, 256 KiB chunks
 *   floor sax -t ZIP       inflate on a second thread, 8 x 1 MiB ring
 * Prints "N RolePrivilege, names HASH" (FNV-1a-64 of the names, each
 * followed by a newline: the same as rolecheck --stats). */
#define _POSIX_C_SOURCE 200809L
#include <libxml/parser.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define SLOT   (1u << 20)
#define NSLOTS 8

typedef struct {
  unsigned long long count;
  uint64_t hash;
} counter;

static void on_start(void *ud, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri, int nns, const xmlChar **ns, int nattr,
                     int ndef, const xmlChar **attrs)
{
  counter *c = ud;
  int i;
  (void)prefix;
  (void)uri;
  (void)nns;
  (void)ns;
  (void)ndef;
  if (localname[0] != 'R' || strcmp((const char *)localname, "RolePrivilege"))
    return;
  uint64_t name = UINT64_C(0xcbf29ce484222325);
  c->count++;
  for (i = 0; i < nattr; i++) {
    const xmlChar **a = attrs + 5 * i;
    if (!strcmp((const char *)a[0], "name")) {
      const xmlChar *p;
      for (p = a[3]; p < a[4]; p++) {
        name ^= *p;
        name *= UINT64_C(0x100000001b3);
      }
    }
  }
  /* the same combination rolecheck --stats prints */
  c->hash = (c->hash ^ name) * UINT64_C(0x100000001b3);
}

typedef struct {
  zip_file_t *file;
  char *slots[NSLOTS];
  size_t lens[NSLOTS];
  unsigned head, count;
  int done;
  pthread_mutex_t mu;
  pthread_cond_t filled, emptied;
} ring;

static void *producer(void *arg)
{
  ring *r = arg;
  unsigned tail = 0;
  for (;;) {
    zip_int64_t n;
    pthread_mutex_lock(&r->mu);
    while (r->count == NSLOTS)
      pthread_cond_wait(&r->emptied, &r->mu);
    pthread_mutex_unlock(&r->mu);
    n = zip_fread(r->file, r->slots[tail], SLOT);
    pthread_mutex_lock(&r->mu);
    if (n <= 0)
      r->done = 1;
    else {
      r->lens[tail] = (size_t)n;
      tail = (tail + 1) % NSLOTS;
      r->count++;
    }
    pthread_cond_signal(&r->filled);
    pthread_mutex_unlock(&r->mu);
    if (n <= 0)
      return NULL;
  }
}

int main(int argc, char **argv)
{
  const char *mode = argc > 1 ? argv[1] : "";
  int threaded = argc > 3 && !strcmp(argv[2], "-t");
  const char *path = argv[argc - 1];
  int err = 0;
  zip_t *z;
  zip_file_t *f;
  counter c = {0, UINT64_C(0xcbf29ce484222325)};
  unsigned long long total = 0;

  if (argc < 3) {
    fprintf(stderr, "usage: floor inflate|sax [-t] ZIP\n");
    return 2;
  }
  z = zip_open(path, ZIP_RDONLY, &err);
  if (!z || !(f = zip_fopen(z, "customizations.xml", ZIP_FL_NOCASE))) {
    fprintf(stderr, "floor: cannot open customizations.xml in %s\n", path);
    return 1;
  }
  if (!strcmp(mode, "inflate")) {
    char *buf = malloc(256u << 10);
    zip_int64_t n;
    while ((n = zip_fread(f, buf, 256u << 10)) > 0)
      total += (unsigned long long)n;
    printf("%llu bytes inflated\n", total);
    free(buf);
  } else {
    xmlSAXHandler sax;
    xmlParserCtxtPtr ctxt;
    memset(&sax, 0, sizeof(sax));
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = on_start;
    ctxt = xmlCreatePushParserCtxt(&sax, &c, NULL, 0, path);
    xmlCtxtUseOptions(ctxt,
                      XML_PARSE_NONET | XML_PARSE_COMPACT | XML_PARSE_HUGE);
    if (!threaded) {
      char *buf = malloc(256u << 10);
      zip_int64_t n;
      while ((n = zip_fread(f, buf, 256u << 10)) > 0)
        xmlParseChunk(ctxt, buf, (int)n, 0);
      free(buf);
    } else {
      ring r;
      pthread_t t;
      int i;
      memset(&r, 0, sizeof(r));
      r.file = f;
      for (i = 0; i < NSLOTS; i++)
        r.slots[i] = malloc(SLOT);
      pthread_mutex_init(&r.mu, NULL);
      pthread_cond_init(&r.filled, NULL);
      pthread_cond_init(&r.emptied, NULL);
      pthread_create(&t, NULL, producer, &r);
      for (;;) {
        pthread_mutex_lock(&r.mu);
        while (!r.count && !r.done)
          pthread_cond_wait(&r.filled, &r.mu);
        if (!r.count) {
          pthread_mutex_unlock(&r.mu);
          break;
        }
        pthread_mutex_unlock(&r.mu);
        xmlParseChunk(ctxt, r.slots[r.head], (int)r.lens[r.head], 0);
        pthread_mutex_lock(&r.mu);
        r.head = (r.head + 1) % NSLOTS;
        r.count--;
        pthread_cond_signal(&r.emptied);
        pthread_mutex_unlock(&r.mu);
      }
      pthread_join(t, NULL);
      for (i = 0; i < NSLOTS; i++)
        free(r.slots[i]);
    }
    xmlParseChunk(ctxt, NULL, 0, 1);
    xmlFreeParserCtxt(ctxt);
    printf("%llu RolePrivilege, names %016llx\n", c.count,
           (unsigned long long)c.hash);
  }
  zip_fclose(f);
  zip_discard(z);
  return 0;
}
