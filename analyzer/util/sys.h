/* The operating-system services that differ between POSIX systems and
 * Windows (MinGW-w64). Everything else the sources use is ISO C, or POSIX
 * that MinGW-w64 also provides (dirent, stat, read, getcwd, unlink). */
#ifndef RC_UTIL_SYS_H
#define RC_UTIL_SYS_H

#include <stdio.h>
#include <sys/stat.h>

/* A path separator: Windows takes either slash. */
#ifdef _WIN32
#define RC_SYS_IS_SEP(c) ((c) == '/' || (c) == '\\')
#else
#define RC_SYS_IS_SEP(c) ((c) == '/')
#endif

/* rc_sys_open_read flags */
#define RC_SYS_NOFOLLOW 1u        /* fail on a symbolic link (POSIX) */
#define RC_SYS_NONBLOCK (1u << 1) /* do not block opening a FIFO (POSIX) */

/* open(2) for reading, binary, not inherited by child processes. */
int rc_sys_open_read(const char *path, unsigned flags);
/* read(2) of at most n bytes (Windows' takes an unsigned int): the bytes
 * read, 0 at the end, -1 on error. */
long rc_sys_read(int fd, void *buf, size_t n);
/* lstat(2); stat(2) where there are no symbolic links. */
int rc_sys_lstat(const char *path, struct stat *st);
int rc_sys_is_link(const struct stat *st);
/* The absolute, resolved form of path (malloc'd), or NULL with errno. */
char *rc_sys_realpath(const char *path);
int rc_sys_mkdir(const char *path);
/* mkdir -p: make each missing folder of path (with parents_only, only the
 * folders that hold it, not path itself); a drive ("C:") is no folder to
 * make. path is cut and restored in place. 0, or -1 with errno set. */
int rc_sys_mkdirs(char *path, int parents_only);
/* getcwd(3) (Windows' takes an int). */
char *rc_sys_getcwd(char *buf, size_t cap);

/* Whether both paths name one existing file or folder. */
int rc_sys_same_file(const char *a, const char *b);

/* Online CPUs (at least 1). */
long rc_sys_cpus(void);
unsigned long rc_sys_pid(void);
/* Whether f is a terminal; with ansi, also one that shows ANSI colours
 * (Windows: virtual-terminal processing is switched on for it). */
int rc_sys_is_terminal(FILE *f, int ansi);
/* Standard output as on POSIX: binary (no CR before LF) and, on a Windows
 * console, shown as UTF-8. */
void rc_sys_stdout_setup(void);

/* A new file for writing (binary; fails when path exists). */
FILE *rc_sys_create(const char *path);
/* Flush f and its data to the disk. */
int rc_sys_sync(FILE *f);
/* rename(2), replacing an existing target on Windows too. */
int rc_sys_replace(const char *from, const char *to);
/* The folder for temporary files: TMPDIR, then (Windows) TEMP and TMP. */
const char *rc_sys_tmpdir(void);
/* An anonymous read-write binary file, removed when closed, in
 * rc_sys_tmpdir() (Windows' tmpfile() writes to the drive's root). */
FILE *rc_sys_tmpfile(void);
/* mkdtemp(3): templ ends in XXXXXX. */
int rc_sys_mkdtemp(char *templ);
/* Remove a folder and everything in it, without following links. */
int rc_sys_rmtree(const char *path);
/* Run argv[0] (found on PATH, no shell) with argv, standard input and
 * output from/to the null device and standard error to errfile; 0 when it
 * exits with 0. */
int rc_sys_run(char *const argv[], const char *errfile);

#endif
