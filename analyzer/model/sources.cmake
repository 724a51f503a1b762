# The model layer's sources, relative to analyzer/ (see analyzer/CMakeLists.txt).
list(APPEND RC_SOURCES
  model/catalog.c model/privilege.c model/model.c model/load.c
  model/portal.c model/origin.c model/load_many.c)
