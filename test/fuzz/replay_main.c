/* A main for builds without libFuzzer: every file named on the command line,
 * and every file directly inside a folder named there (in name order), is
 * passed once to LLVMFuzzerTestOneInput. Options starting with '-' (libFuzzer
 * flags) are ignored, so one command line suits both builds. Exits 1 when
 * nothing was replayed, so an empty seed folder fails its test. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
  FILE *f = fopen(path, "rb");
  unsigned char *data = NULL;
  size_t len = 0, cap = 0;
  if (!f) {
    perror(path);
    return -1;
  }
  for (;;) {
    size_t got;
    if (len == cap) {
      unsigned char *p;
      cap = cap ? cap * 2 : 65536;
      p = realloc(data, cap);
      if (!p) {
        fprintf(stderr, "%s: out of memory\n", path);
        free(data);
        fclose(f);
        return -1;
      }
      data = p;
    }
    got = fread(data + len, 1, cap - len, f);
    len += got;
    if (got == 0)
      break;
  }
  if (ferror(f)) {
    perror(path);
    free(data);
    fclose(f);
    return -1;
  }
  fclose(f);
  LLVMFuzzerTestOneInput(data, len);
  free(data);
  return 0;
}

static int skip_name(const struct dirent *e)
{
  return e->d_name[0] != '.';
}

/* Returns the number of files replayed, or -1. */
static long replay_dir(const char *dir)
{
  struct dirent **names;
  long done = 0;
  int i, n = scandir(dir, &names, skip_name, alphasort);
  if (n < 0) {
    perror(dir);
    return -1;
  }
  for (i = 0; i < n; i++) {
    struct stat st;
    size_t len = strlen(dir) + strlen(names[i]->d_name) + 2;
    char *path = malloc(len);
    if (path) {
      snprintf(path, len, "%s/%s", dir, names[i]->d_name);
      if (!stat(path, &st) && S_ISREG(st.st_mode)) {
        if (replay_file(path) < 0)
          done = -1;
        else if (done >= 0)
          done++;
      }
    } else {
      done = -1;
    }
    free(path);
    free(names[i]);
  }
  free(names);
  return done;
}

int main(int argc, char **argv)
{
  long total = 0;
  int i, failed = 0;
  for (i = 1; i < argc; i++) {
    struct stat st;
    long n;
    if (argv[i][0] == '-')
      continue;
    if (stat(argv[i], &st) < 0) {
      perror(argv[i]);
      failed = 1;
      continue;
    }
    n = S_ISDIR(st.st_mode) ? replay_dir(argv[i])
                            : (replay_file(argv[i]) < 0 ? -1 : 1);
    if (n < 0)
      failed = 1;
    else
      total += n;
  }
  printf("replayed %ld inputs\n", total);
  return failed || total == 0;
}
