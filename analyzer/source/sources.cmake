# The source layer's sources, relative to analyzer/ (see analyzer/CMakeLists.txt).
list(APPEND RC_SOURCES
  source/source.c source/inputs.c source/source_zip.c source/source_dir.c
  source/git.c)
