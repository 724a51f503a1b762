# The parse layer's sources, relative to analyzer/ (see analyzer/CMakeLists.txt).
list(APPEND RC_SOURCES
  parse/xml.c parse/skim.c parse/handler.c parse/xdoc.c parse/record.c
  parse/json_events.c)
