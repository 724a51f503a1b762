# The real-export corpus on Windows (the POSIX suite's corpus.sh as a CMake
# script): `roles --format tsv` over every input agrees line for line (order
# included) with expected.tsv on its `role` lines and with
# expected_portal.tsv on its `webrole` and `tablepermission` lines, every
# view reads every input, and the licensing rules run on all of them (exit
# 1: findings, never 3). Lines are walked with string(FIND), not as lists:
# the id lists hold semicolons.
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
# F: one field; a role line has 5, a web-role or permission line 12
set(F "[^\t\n]*")
set(F12 "${F}\t${F}\t${F}\t${F}\t${F}\t${F}\t${F}\t${F}\t${F}\t${F}\t${F}\t${F}")

# the text after the first line of ${text}
function(after_header text out)
  string(FIND "${text}" "\n" eol)
  math(EXPR eol "${eol} + 1")
  string(SUBSTRING "${text}" ${eol} -1 rest)
  set(${out} "${rest}" PARENT_SCOPE)
endfunction()

# got: the `role` lines without their kind (expected.tsv's columns), and
# the other lines as they are
file(READ ${WORK}/got.tsv rest)
set(got_roles "")
set(got_portal "")
set(nroles 0)
set(nportal 0)
while(NOT rest STREQUAL "")
  string(FIND "${rest}" "\n" eol)
  if(eol LESS 0)
    message(FATAL_ERROR "roles --format tsv: the last line has no newline")
  endif()
  string(SUBSTRING "${rest}" 0 ${eol} line)
  math(EXPR eol "${eol} + 1")
  string(SUBSTRING "${rest}" ${eol} -1 rest)
  if(line MATCHES "^(${F})\trole\t(${F}\t${F}\t${F})$")
    string(APPEND got_roles "${CMAKE_MATCH_1}\t${CMAKE_MATCH_2}\n")
    math(EXPR nroles "${nroles} + 1")
  elseif(line MATCHES "^${F}\trole\t")
    message(FATAL_ERROR "role line without 5 columns: ${line}")
  elseif(line MATCHES "^${F12}$")
    string(APPEND got_portal "${line}\n")
    math(EXPR nportal "${nportal} + 1")
  else()
    message(FATAL_ERROR "web-role or permission line without 12 columns: ${line}")
  endif()
endwhile()

file(READ ${CORPUS}/expected.tsv expected)
after_header("${expected}" expected)
if(NOT got_roles STREQUAL expected)
  file(WRITE ${WORK}/expected.tsv "${expected}")
  file(WRITE ${WORK}/got-roles.tsv "${got_roles}")
  execute_process(COMMAND diff -u ${WORK}/expected.tsv ${WORK}/got-roles.tsv)
  message(FATAL_ERROR "roles --format tsv disagrees with expected.tsv")
endif()

# expected_portal.tsv: its twelve columns (its web-role lines end in one
# more empty field than the header names: only empty fields may follow)
file(READ ${CORPUS}/expected_portal.tsv rest)
string(FIND "${rest}" "\n" eol)
string(SUBSTRING "${rest}" 0 ${eol} header)
if(NOT header STREQUAL "input\tkind\tid\tname\ttable\tscope\trights\twebroles\tflags\twebrole_ids\teffective_webrole_ids\tparent")
  message(FATAL_ERROR "expected_portal.tsv: unexpected header: ${header}")
endif()
after_header("${rest}" rest)
set(expected_portal "")
while(NOT rest STREQUAL "")
  string(FIND "${rest}" "\n" eol)
  if(eol LESS 0)
    set(line "${rest}")
    set(rest "")
  else()
    string(SUBSTRING "${rest}" 0 ${eol} line)
    math(EXPR eol "${eol} + 1")
    string(SUBSTRING "${rest}" ${eol} -1 rest)
  endif()
  if(NOT line MATCHES "^(${F12})\t*$")
    message(FATAL_ERROR "expected_portal.tsv: not 12 columns: ${line}")
  endif()
  string(APPEND expected_portal "${CMAKE_MATCH_1}\n")
endwhile()
if(NOT got_portal STREQUAL expected_portal)
  file(WRITE ${WORK}/expected-portal.tsv "${expected_portal}")
  file(WRITE ${WORK}/got-portal.tsv "${got_portal}")
  execute_process(COMMAND diff -u ${WORK}/expected-portal.tsv
                          ${WORK}/got-portal.tsv)
  message(FATAL_ERROR "roles --format tsv disagrees with expected_portal.tsv")
endif()

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
message(STATUS "corpus: ${nroles} roles agree with expected.tsv, ${nportal} web-role and permission lines with expected_portal.tsv; check: ${err}")
