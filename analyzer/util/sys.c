/* POSIX and Windows (MinGW-w64) forms of the services in sys.h. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "util/sys.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifdef _WIN32
#include <direct.h>
#include <io.h>
#include <windows.h>
#else
#include <sys/wait.h>
#include <unistd.h>
#endif

#ifdef _WIN32

int rc_sys_open_read(const char *path, unsigned flags)
{
  (void)flags; /* no links to refuse; FIFOs do not block an open */
  return _open(path, _O_RDONLY | _O_BINARY | _O_NOINHERIT);
}

long rc_sys_read(int fd, void *buf, size_t n)
{
  return _read(fd, buf, n > 1u << 30 ? 1u << 30 : (unsigned)n);
}

int rc_sys_lstat(const char *path, struct stat *st)
{
  return stat(path, st);
}

int rc_sys_is_link(const struct stat *st)
{
  (void)st;
  return 0;
}

char *rc_sys_realpath(const char *path)
{
  struct stat st;
  char *full, *p;
  if (stat(path, &st) < 0)
    return NULL;
  full = _fullpath(NULL, path, 0);
  if (!full) {
    errno = ENOMEM;
    return NULL;
  }
  for (p = full; *p; p++)
    if (*p == '\\')
      *p = '/';
  return full;
}

int rc_sys_mkdir(const char *path)
{
  return _mkdir(path);
}

char *rc_sys_getcwd(char *buf, size_t cap)
{
  return _getcwd(buf, cap > 1u << 30 ? 1 << 30 : (int)cap);
}

/* The volume and file index (st_ino is 0 on Windows). */
static int file_id(const char *path, BY_HANDLE_FILE_INFORMATION *info)
{
  HANDLE h = CreateFileA(path, 0,
                         FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                         NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
  int ok;
  if (h == INVALID_HANDLE_VALUE)
    return 0;
  ok = GetFileInformationByHandle(h, info) != 0;
  CloseHandle(h);
  return ok;
}

int rc_sys_same_file(const char *a, const char *b)
{
  BY_HANDLE_FILE_INFORMATION x, y;
  return file_id(a, &x) && file_id(b, &y) &&
         x.dwVolumeSerialNumber == y.dwVolumeSerialNumber &&
         x.nFileIndexHigh == y.nFileIndexHigh &&
         x.nFileIndexLow == y.nFileIndexLow;
}

long rc_sys_cpus(void)
{
  SYSTEM_INFO si;
  GetSystemInfo(&si);
  return si.dwNumberOfProcessors > 0 ? (long)si.dwNumberOfProcessors : 1;
}

unsigned long rc_sys_pid(void)
{
  return (unsigned long)GetCurrentProcessId();
}

int rc_sys_is_terminal(FILE *f, int ansi)
{
  /* _isatty() is also true of the NUL device: ask the console */
  HANDLE h = (HANDLE)_get_osfhandle(_fileno(f));
  DWORD mode;
  if (h == INVALID_HANDLE_VALUE || !GetConsoleMode(h, &mode))
    return 0;
  return !ansi || (mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING) ||
         SetConsoleMode(h, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING);
}

void rc_sys_stdout_setup(void)
{
  _setmode(_fileno(stdout), _O_BINARY);
  if (rc_sys_is_terminal(stdout, 0) || rc_sys_is_terminal(stderr, 0))
    SetConsoleOutputCP(CP_UTF8);
}

FILE *rc_sys_create(const char *path)
{
  /* msvcrt's fopen() has no "x" */
  int fd =
      _open(path, _O_CREAT | _O_EXCL | _O_WRONLY | _O_BINARY | _O_NOINHERIT,
            _S_IREAD | _S_IWRITE);
  FILE *f = fd < 0 ? NULL : _fdopen(fd, "wb");
  if (fd >= 0 && !f)
    _close(fd);
  return f;
}

int rc_sys_sync(FILE *f)
{
  return fflush(f) || _commit(_fileno(f)) ? -1 : 0;
}

int rc_sys_replace(const char *from, const char *to)
{
  if (MoveFileExA(from, to, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
    return 0;
  errno = GetLastError() == ERROR_ACCESS_DENIED ? EACCES : EIO;
  return -1;
}

const char *rc_sys_tmpdir(void)
{
  static const char *const vars[] = {"TMPDIR", "TEMP", "TMP"};
  size_t i;
  for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
    const char *v = getenv(vars[i]);
    if (v && v[0])
      return v;
  }
  return ".";
}

/* Six name characters from a counter, the process and the clock. */
static void fill_x(char *x)
{
  static const char set[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  static unsigned long count;
  unsigned long long v = (GetTickCount64() << 20) ^
                         ((unsigned long long)GetCurrentProcessId() << 8) ^
                         (unsigned long long)++count * 2654435761u;
  int i;
  for (i = 0; i < 6; i++, v /= 36)
    x[i] = set[v % 36];
}

static char *tmp_name(char *templ)
{
  size_t n = strlen(templ);
  if (n < 6 || strcmp(templ + n - 6, "XXXXXX")) {
    errno = EINVAL;
    return NULL;
  }
  return templ + n - 6;
}

FILE *rc_sys_tmpfile(void)
{
  char name[MAX_PATH + 32];
  int tries, fd;
  for (tries = 0; tries < 100; tries++) {
    snprintf(name, sizeof(name), "%s\\rolecheck-XXXXXX", rc_sys_tmpdir());
    fill_x(tmp_name(name));
    fd = _open(name,
               _O_CREAT | _O_EXCL | _O_RDWR | _O_BINARY | _O_TEMPORARY |
                   _O_SHORT_LIVED | _O_NOINHERIT,
               _S_IREAD | _S_IWRITE);
    if (fd >= 0) {
      FILE *f = _fdopen(fd, "w+b");
      if (!f)
        _close(fd);
      return f;
    }
    if (errno != EEXIST)
      return NULL;
  }
  return NULL;
}

int rc_sys_mkdtemp(char *templ)
{
  char *x = tmp_name(templ);
  int tries;
  if (!x)
    return -1;
  for (tries = 0; tries < 100; tries++) {
    fill_x(x);
    if (!_mkdir(templ))
      return 0;
    if (errno != EEXIST)
      return -1;
  }
  return -1;
}

static int remove_file(const char *path)
{
  _chmod(path, _S_IREAD | _S_IWRITE); /* read-only files refuse removal */
  return _unlink(path);
}

static int remove_dir(const char *path)
{
  return _rmdir(path);
}

/* Append argument a to the command line in CommandLineToArgvW's quoting. */
static size_t quote_arg(char *out, const char *a)
{
  size_t n = 0, slashes;
  if (a[0] && !strpbrk(a, " \t\n\v\"")) {
    n = strlen(a);
    if (out)
      memcpy(out, a, n);
    return n;
  }
  if (out)
    out[n] = '"';
  n++;
  for (; *a; a++) {
    for (slashes = 0; *a == '\\'; a++)
      slashes++;
    /* backslashes before a quote or the closing quote are doubled */
    if (!*a || *a == '"')
      slashes = slashes * 2 + (*a == '"');
    for (; slashes; slashes--, n++)
      if (out)
        out[n] = '\\';
    if (!*a)
      break;
    if (out)
      out[n] = *a;
    n++;
  }
  if (out)
    out[n] = '"';
  return n + 1;
}

int rc_sys_run(char *const argv[], const char *errfile)
{
  SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, TRUE};
  STARTUPINFOA si;
  PROCESS_INFORMATION pi;
  HANDLE err, null;
  DWORD code = 1;
  size_t i, n = 1;
  char *line;
  int ok;
  for (i = 0; argv[i]; i++)
    n += quote_arg(NULL, argv[i]) + 1;
  line = malloc(n);
  if (!line)
    return -1;
  for (i = 0, n = 0; argv[i]; i++) {
    n += quote_arg(line + n, argv[i]);
    line[n++] = ' ';
  }
  line[n ? n - 1 : 0] = '\0';
  err = CreateFileA(errfile, GENERIC_WRITE,
                    FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, &sa,
                    CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
  null = CreateFileA("NUL", GENERIC_READ | GENERIC_WRITE,
                     FILE_SHARE_READ | FILE_SHARE_WRITE, &sa, OPEN_EXISTING, 0,
                     NULL);
  memset(&si, 0, sizeof(si));
  si.cb = sizeof(si);
  si.dwFlags = STARTF_USESTDHANDLES;
  si.hStdInput = null;
  si.hStdOutput = null;
  si.hStdError = err;
  ok = err != INVALID_HANDLE_VALUE && null != INVALID_HANDLE_VALUE &&
       CreateProcessA(NULL, line, NULL, NULL, TRUE, CREATE_NO_WINDOW, NULL,
                      NULL, &si, &pi);
  if (ok) {
    WaitForSingleObject(pi.hProcess, INFINITE);
    ok = GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
  }
  if (err != INVALID_HANDLE_VALUE)
    CloseHandle(err);
  if (null != INVALID_HANDLE_VALUE)
    CloseHandle(null);
  free(line);
  return ok && code == 0 ? 0 : -1;
}

#else /* POSIX */

int rc_sys_open_read(const char *path, unsigned flags)
{
  return open(path, O_RDONLY | O_CLOEXEC |
                        (flags & RC_SYS_NOFOLLOW ? O_NOFOLLOW : 0) |
                        (flags & RC_SYS_NONBLOCK ? O_NONBLOCK : 0));
}

long rc_sys_read(int fd, void *buf, size_t n)
{
  return (long)read(fd, buf, n);
}

int rc_sys_lstat(const char *path, struct stat *st)
{
  return lstat(path, st);
}

int rc_sys_is_link(const struct stat *st)
{
  return S_ISLNK(st->st_mode);
}

char *rc_sys_realpath(const char *path)
{
  return realpath(path, NULL);
}

int rc_sys_mkdir(const char *path)
{
  return mkdir(path, 0700);
}

char *rc_sys_getcwd(char *buf, size_t cap)
{
  return getcwd(buf, cap);
}

int rc_sys_same_file(const char *a, const char *b)
{
  struct stat x, y;
  return !stat(a, &x) && !stat(b, &y) && x.st_dev == y.st_dev &&
         x.st_ino == y.st_ino;
}

long rc_sys_cpus(void)
{
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? n : 1;
}

unsigned long rc_sys_pid(void)
{
  return (unsigned long)getpid();
}

int rc_sys_is_terminal(FILE *f, int ansi)
{
  (void)ansi;
  return isatty(fileno(f));
}

void rc_sys_stdout_setup(void)
{
}

FILE *rc_sys_create(const char *path)
{
  return fopen(path, "wx");
}

int rc_sys_sync(FILE *f)
{
  return fflush(f) || fsync(fileno(f)) ? -1 : 0;
}

int rc_sys_replace(const char *from, const char *to)
{
  return rename(from, to);
}

const char *rc_sys_tmpdir(void)
{
  const char *v = getenv("TMPDIR");
  return v && v[0] ? v : "/tmp";
}

FILE *rc_sys_tmpfile(void)
{
  return tmpfile();
}

int rc_sys_mkdtemp(char *templ)
{
  return mkdtemp(templ) ? 0 : -1;
}

static int remove_file(const char *path)
{
  return unlink(path);
}

static int remove_dir(const char *path)
{
  return rmdir(path);
}

int rc_sys_run(char *const argv[], const char *errfile)
{
  pid_t pid = fork();
  int status;
  if (pid < 0)
    return -1;
  if (!pid) {
    int fd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int null = open("/dev/null", O_RDWR);
    if (fd >= 0)
      dup2(fd, 2);
    if (null >= 0) {
      dup2(null, 0);
      dup2(null, 1);
    }
    execvp(argv[0], argv);
    _exit(127);
  }
  if (waitpid(pid, &status, 0) < 0)
    return -1;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

#endif

int rc_sys_rmtree(const char *path)
{
  struct stat st;
  DIR *d;
  struct dirent *e;
  int error = 0;
  if (rc_sys_lstat(path, &st) < 0)
    return -1;
  if (!S_ISDIR(st.st_mode) || rc_sys_is_link(&st))
    return remove_file(path);
  d = opendir(path);
  if (!d)
    return -1;
  while ((e = readdir(d)) != NULL) {
    size_t n;
    char *child;
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
      continue;
    n = strlen(path) + strlen(e->d_name) + 2;
    child = malloc(n);
    if (!child) {
      error = -1;
      break;
    }
    snprintf(child, n, "%s/%s", path, e->d_name);
    if (rc_sys_rmtree(child) < 0)
      error = -1;
    free(child);
  }
  closedir(d);
  return remove_dir(path) < 0 ? -1 : error;
}

int rc_sys_mkdirs(char *path, int parents_only)
{
  size_t i = 1, len = strlen(path);
  if (len >= 2 && path[1] == ':' &&
      ((path[0] >= 'a' && path[0] <= 'z') ||
       (path[0] >= 'A' && path[0] <= 'Z')))
    i = 3;
  for (; i <= len; i++) {
    char c = path[i];
    struct stat st;
    int saved;
    if (c ? !RC_SYS_IS_SEP(c) || RC_SYS_IS_SEP(path[i - 1]) : parents_only)
      continue;
    path[i] = '\0';
    if (rc_sys_mkdir(path) < 0) {
      saved = errno;
      if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode)) {
        path[i] = c;
        errno = saved;
        return -1;
      }
    }
    path[i] = c;
  }
  return 0;
}
