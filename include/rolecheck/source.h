/**
 * @file source.h
 * @brief Finding solutions on disk: zips, unpacked and extracted folders,
 * bare customizations.xml and role files, and directory trees holding them.
 */
#ifndef RC_SOURCE_H
#define RC_SOURCE_H

#include "rolecheck/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The physical form of one input. */
typedef enum {
  RC_INPUT_ZIP = 1,        /**< exported solution .zip, read in place */
  RC_INPUT_UNPACKED,       /**< SolutionPackager / pac unpack root (Other/) */
  RC_INPUT_EXTRACTED,      /**< folder holding solution.xml + customizations */
  RC_INPUT_CUSTOMIZATIONS, /**< a bare customizations.xml */
  RC_INPUT_ROLE_FILE,      /**< a single Roles/<name>.xml file */
  RC_INPUT_PAGES_SITE,     /**< pac pages download (web-roles/, ...) */
  RC_INPUT_CMT_DATA,       /**< Configuration Migration data.xml (zip/folder) */
} rc_input_kind;

/** A list of inputs found from the command-line paths. */
typedef struct rc_input_list rc_input_list;

/**
 * Create an empty list.
 * @param[out] out the list; free with rc_input_list_free().
 * @return RC_OK or RC_ENOMEM.
 */
int rc_input_list_new(rc_input_list **out);

/** Free a list. NULL-safe. */
void rc_input_list_free(rc_input_list *list);

/**
 * Classify @p path and append every solution it holds. A directory that is
 * not itself a solution is scanned recursively, and the solutions found are
 * appended sorted by path, named as @p path joined with their relative path.
 * A Power Pages site below (or beside the Other/ folder of) a solution
 * folder is found too. A zip that is not a solution is read as a Package
 * Deployer package: each solution or data zip inside it is an input named
 * "pkg.zip!/PkgFolder/x.zip", read in memory, never extracted. In a scan,
 * a file that cannot be read as a zip (or a zip holding no solution) is
 * skipped with a warning and counted (rc_input_list_skipped()).
 * @return RC_OK, RC_EINPUT (missing, unreadable, not a solution, or a
 *         directory holding none), RC_ELIMIT or RC_ENOMEM.
 */
int rc_input_list_add(rc_input_list *list, rc_ctx *ctx, const char *path);

/** @return the number of inputs. */
size_t rc_input_list_count(const rc_input_list *list);

/** @return the display path of input @p i; borrowed, valid with the list. */
const char *rc_input_list_path(const rc_input_list *list, size_t i);

/** @return the kind of input @p i. */
rc_input_kind rc_input_list_kind(const rc_input_list *list, size_t i);

/**
 * @return 1 if input @p i was found by a folder scan rather than named (a
 *         failure to read it is then a warning, and the rest of the scan is
 *         still analysed), else 0.
 */
int rc_input_list_scanned(const rc_input_list *list, size_t i);

/** @return how many files the folder scans passed over, with a warning. */
size_t rc_input_list_skipped(const rc_input_list *list);

/** @return a short name for a kind ("zip", "unpacked", ...). */
const char *rc_input_kind_name(rc_input_kind kind);

/* ---- a folder or zip at a git revision ---- */

/** Files of a git revision, in a temporary folder. */
typedef struct rc_git_tree rc_git_tree;

/**
 * Export @p spec, "REV:PATH", from the git repository of the working
 * directory (`git archive`, unpacked with `tar`) into a new temporary
 * folder, to be read as an input: rc_git_tree_path() relative to
 * rc_git_tree_dir(), so that the input's files read as PATH.
 * @param[out] out free with rc_git_tree_free(), which removes the folder.
 * @return RC_OK, RC_EUSAGE (not REV:PATH), RC_EINPUT (git or tar failed,
 * with the first line they printed), RC_ERROR or RC_ENOMEM.
 */
int rc_git_tree_export(rc_git_tree **out, rc_ctx *ctx, const char *spec);
/** @return the folder PATH is read from. Borrowed. */
const char *rc_git_tree_dir(const rc_git_tree *tree);
/** @return PATH ("." for the whole revision). Borrowed. */
const char *rc_git_tree_path(const rc_git_tree *tree);
/** Remove the temporary folder and free. NULL-safe. */
void rc_git_tree_free(rc_git_tree *tree);

#ifdef __cplusplus
}
#endif
#endif
