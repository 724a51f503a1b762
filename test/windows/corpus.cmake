# The real-export corpus on Windows (the POSIX suite's corpus.sh as a CMake
# script): `roles --format tsv` over every input agrees with expected.tsv
# line for line, every view reads every input, and the licensing rules run
# on all of them (exit 1: findings, never 3).
#   -DEMU=runner|"" -DBIN=rolecheck.exe -DCORPUS=dir -DWORK=dir
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
file(GLOB entries RELATIVE ${CORPUS} ${CORPUS}/*)
set(dirs "")
foreach(e ${entries})
  if(IS_DIRECTORY ${CORPUS}/${e})
    list(APPEND dirs ${e}/)
  endif()
endforeach()
list(SORT dirs)

execute_process(COMMAND ${EMU} ${BIN} roles --format tsv -q ${dirs}
                WORKING_DIRECTORY ${CORPUS} OUTPUT_FILE ${WORK}/got.tsv
                ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "rolecheck failed on the corpus (${rc}): ${err}")
endif()
file(READ ${CORPUS}/expected.tsv expected)
string(FIND "${expected}" "\n" eol)
math(EXPR eol "${eol} + 1")
string(SUBSTRING "${expected}" ${eol} -1 expected)
file(READ ${WORK}/got.tsv got)
if(NOT got STREQUAL expected)
  file(WRITE ${WORK}/expected.tsv "${expected}")
  execute_process(COMMAND diff -u ${WORK}/expected.tsv ${WORK}/got.tsv)
  message(FATAL_ERROR "roles --format tsv disagrees with expected.tsv")
endif()
string(REGEX MATCHALL "\n" lines "${got}")
list(LENGTH lines n)

foreach(view "roles" "roles;--format;json" "matrix" "matrix;--format;csv"
        "matrix;--format;json")
  execute_process(COMMAND ${EMU} ${BIN} ${view} -q ${dirs}
                  WORKING_DIRECTORY ${CORPUS} OUTPUT_QUIET
                  ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "rolecheck ${view} failed (${rc}): ${err}")
  endif()
endforeach()
execute_process(COMMAND ${EMU} ${BIN} check -q --assume team-member ${dirs}
                WORKING_DIRECTORY ${CORPUS} OUTPUT_QUIET
                ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "check --assume team-member exited ${rc} (expected 1): ${err}")
endif()
string(STRIP "${err}" err)
message(STATUS "corpus: ${n} roles agree with expected.tsv; check: ${err}")
