/* Exit codes of the rolecheck command (docs: style.md, ci-conventions.md). */
#ifndef RC_CLI_EXIT_H
#define RC_CLI_EXIT_H

enum {
  RC_EXIT_OK = 0,       /* analysis complete, nothing at --fail-on */
  RC_EXIT_FINDINGS = 1, /* counted findings at or above --fail-on */
  RC_EXIT_USAGE = 2,    /* bad option, config or baseline */
  RC_EXIT_INPUT = 3,    /* unreadable input, not a solution, limit hit */
  RC_EXIT_INTERNAL = 4, /* internal error or out of memory */
};

/* The exit code for a library error code. */
int rc_exit_for(int error);
/* The higher of two exit codes: an incomplete analysis is never 0 or 1. */
int rc_exit_max(int a, int b);

#endif
