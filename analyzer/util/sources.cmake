# The util layer's sources, relative to analyzer/ (see analyzer/CMakeLists.txt).
list(APPEND RC_SOURCES
  util/alloc.c util/arena.c util/buf.c util/csv.c util/error.c util/intern.c
  util/embed.c util/sys.c)
