/* A model as text: every fact the library gives of it (solution, tables,
 * privileges, roles and their grants with lines, apps, field security
 * profiles, web roles, table permissions, files), then the check JSON of
 * its analysis with the built-in rule pack (findings with their lines,
 * licence fits). Two models with the same text give the same answers.
 * Used by skim_diff (the skim against the full parse) and fuzz_skim. */
#ifndef RC_TEST_MODEL_TEXT_H
#define RC_TEST_MODEL_TEXT_H

#include <stdio.h>

#include "rolecheck/rolecheck.h"

/* Write m's text to out. RC_OK, or the analysis's error. */
int rc_test_model_text(FILE *out, rc_ctx *ctx, const rc_rulepack *pack,
                       rc_model *m);

/* Load input i of inputs with the skim on (strict 0) or off (1); on
 * success *text (malloc'ed, free()) holds its model text. RC_OK or the
 * load's error. */
int rc_test_load_text(char **text, rc_ctx *ctx, const rc_rulepack *pack,
                      const rc_input_list *inputs, size_t i, int strict);

#endif
