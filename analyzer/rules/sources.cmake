# The rules layer's sources, relative to analyzer/ (see analyzer/CMakeLists.txt).
list(APPEND RC_SOURCES
  rules/pattern.c rules/rulepack.c rules/sets.c rules/emit.c rules/builtin.c
  rules/webrole.c rules/tmapps.c rules/fix.c rules/engine.c rules/fit.c rules/config.c
  rules/diff.c rules/analysis.c rules/baseline.c rules/setup.c rules/users.c rules/users_sets.c
  rules/users_usage.c rules/users_plan.c rules/prices.c rules/role_users.c
  rules/whatif.c)
