# The model layer's sources, relative to analyzer/ (see analyzer/CMakeLists.txt).
list(APPEND RC_SOURCES
  model/catalog.c model/privilege.c model/model.c model/loader.c
  model/load_solution.c model/load_role.c model/load_app.c model/load_portal.c
  model/load.c model/load_many.c
  model/portal.c model/origin.c model/licence.c model/licences.c
  model/principals.c model/principals_webapi.c
  model/principals_cmt.c model/usage.c model/union.c model/tenant_kind.c)
