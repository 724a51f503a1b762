/* Library error codes to exit codes, defined once. */
#include "cli/exit.h"

#include <rolecheck/error.h>

int rc_exit_for(int error)
{
  switch (error) {
  case RC_OK:
    return RC_EXIT_OK;
  case RC_EUSAGE:
    return RC_EXIT_USAGE;
  case RC_EINPUT:
  case RC_ELIMIT:
    return RC_EXIT_INPUT;
  default:
    return RC_EXIT_INTERNAL;
  }
}

int rc_exit_max(int a, int b)
{
  return a > b ? a : b;
}
