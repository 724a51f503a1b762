/* A folder or zip at a git revision, for reading as an input: `git archive`
 * of REV:PATH from the repository of the working directory, unpacked with
 * tar into a temporary folder that rc_git_tree_free() removes. */
#include <stdio.h>
#include <string.h>

#include "rolecheck/source.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/sys.h"

struct rc_git_tree {
  char tmp[4096];  /* the temporary folder */
  char tree[4200]; /* tmp/tree: PATH is read from here */
  char path[2048];
};

/* The first line of a tool's stderr, for the error message. */
static void first_line(const char *file, char *out, size_t cap)
{
  FILE *f = fopen(file, "r");
  out[0] = '\0';
  if (f) {
    if (fgets(out, (int)cap, f))
      out[strcspn(out, "\r\n")] = '\0';
    fclose(f);
  }
}

static int export_tree(rc_git_tree *t, rc_ctx *ctx, const char *spec)
{
  const char *colon = strchr(spec, ':');
  char rev[512], tar[4200], err[4200], line[512];
  char *git[] = {"git", "archive", "--format=tar", "-o", tar,
                 rev,   "--",      t->path,        NULL};
  char *untar[] = {"tar", "-xf", tar, "-C", t->tree, NULL};
  if (!colon || colon == spec || (size_t)(colon - spec) >= sizeof(rev))
    return rc_fail(ctx, RC_EUSAGE, "--git takes REV:PATH, not '%s'", spec);
  snprintf(rev, sizeof(rev), "%.*s", (int)(colon - spec), spec);
  snprintf(t->path, sizeof(t->path), "%s", colon[1] ? colon + 1 : ".");
  snprintf(t->tmp, sizeof(t->tmp), "%s/rolecheck-git-XXXXXX", rc_sys_tmpdir());
  if (rc_sys_mkdtemp(t->tmp) < 0) {
    t->tmp[0] = '\0';
    return rc_fail(ctx, RC_ERROR, "--git %s: cannot make a temporary folder",
                   spec);
  }
  snprintf(tar, sizeof(tar), "%s/side.tar", t->tmp);
  snprintf(t->tree, sizeof(t->tree), "%s/tree", t->tmp);
  snprintf(err, sizeof(err), "%s/stderr", t->tmp);
  if (rc_sys_mkdir(t->tree) < 0 || rc_sys_run(git, err) < 0) {
    first_line(err, line, sizeof(line));
    return rc_fail(ctx, RC_EINPUT, "--git %s: git archive failed%s%s", spec,
                   line[0] ? ": " : "", line);
  }
  if (rc_sys_run(untar, err) < 0) {
    first_line(err, line, sizeof(line));
    return rc_fail(ctx, RC_EINPUT, "--git %s: cannot unpack the archive%s%s",
                   spec, line[0] ? ": " : "", line);
  }
  return RC_OK;
}

int rc_git_tree_export(rc_git_tree **out, rc_ctx *ctx, const char *spec)
{
  rc_git_tree *t;
  int error;
  RC_ASSERT_ARG(ctx, out && spec);
  *out = NULL;
  t = rc_calloc(1, sizeof(*t));
  if (!t)
    return rc_fail_nomem(ctx);
  error = export_tree(t, ctx, spec);
  if (error < 0) {
    rc_git_tree_free(t);
    return error;
  }
  *out = t;
  return RC_OK;
}

const char *rc_git_tree_dir(const rc_git_tree *tree)
{
  return tree->tree;
}

const char *rc_git_tree_path(const rc_git_tree *tree)
{
  return tree->path;
}

void rc_git_tree_free(rc_git_tree *tree)
{
  if (!tree)
    return;
  if (tree->tmp[0])
    rc_sys_rmtree(tree->tmp);
  rc_free(tree);
}
