# What differs on Windows, end to end (a CMake script: no POSIX shell there):
# backslash and UTF-8 paths, binary standard output, -o over a file, the
# temporary files behind JUnit and diff Markdown, SARIF locations under
# --source-root, the xlsx workbook's temporary file, --git without git, and
# bad input as one line with exit 3.
#   -DEMU=runner|"" -DBIN=rolecheck.exe -DFIXTURES=dir -DWORK=dir
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/tmp)
file(COPY ${FIXTURES}/extracted/input DESTINATION ${WORK})
file(COPY ${FIXTURES}/diff/base ${FIXTURES}/diff/head DESTINATION ${WORK})

# rc(EXPECTED OUT ERR args...): run rolecheck in WORK, check the exit code
function(rc expected out err)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env TMPDIR=${WORK}/tmp
                          ${EMU} ${BIN} ${ARGN} WORKING_DIRECTORY ${WORK}
                  OUTPUT_FILE ${WORK}/${out} ERROR_FILE ${WORK}/${err}
                  RESULT_VARIABLE code)
  if(NOT code STREQUAL "${expected}")
    file(READ ${WORK}/${err} text)
    message(SEND_ERROR "rolecheck ${ARGN}: exit ${code}, expected ${expected}: ${text}")
  endif()
endfunction()

function(same a b what)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${a} ${b}
                  RESULT_VARIABLE differ)
  if(differ)
    message(SEND_ERROR "${what}: ${a} differs from ${b}")
    execute_process(COMMAND diff -u ${b} ${a})
  endif()
endfunction()

function(has file pattern what)
  file(READ ${file} text)
  if(NOT text MATCHES "${pattern}")
    message(SEND_ERROR "${what}: ${file} does not match '${pattern}':\n${text}")
  endif()
endfunction()

# ---- the golden views, byte for byte (no CR added to standard output) ----
rc(0 matrix.txt e matrix -q input)
same(${WORK}/matrix.txt ${FIXTURES}/extracted/expected.matrix.txt "matrix")
rc(0 check.json e check --format json --fail-on never -q input)
same(${WORK}/check.json ${FIXTURES}/extracted/expected.check.json "check json")

# ---- a backslash path reads the same input ----
rc(0 roles-slash.tsv e roles --format tsv -q ./input/)
rc(0 roles-back.tsv e roles --format tsv -q ".\\input\\")
file(READ ${WORK}/roles-slash.tsv slash)
file(READ ${WORK}/roles-back.tsv back)
string(REPLACE "\\" "/" back "${back}")
if(NOT slash MATCHES "^\\./input\t" OR NOT back STREQUAL slash)
  message(SEND_ERROR "a backslash path reads differently:\n${back}\nvs\n${slash}")
endif()

# ---- a folder named outside any ANSI code page (the manifest's UTF-8) ----
file(COPY ${FIXTURES}/extracted/input/ DESTINATION "${WORK}/Ωmega Außen")
rc(0 roles-utf8.tsv e roles --format tsv -q "Ωmega Außen")
file(READ ${WORK}/roles-utf8.tsv utf8)
string(REPLACE "Ωmega Außen" "./input" utf8 "${utf8}")
if(NOT utf8 STREQUAL slash)
  message(SEND_ERROR "a UTF-8 folder name reads differently:\n${utf8}")
endif()

# ---- -o writes a file and replaces an existing one ----
file(WRITE ${WORK}/report.txt "an older report\n")
rc(0 o.out e matrix -q -o report.txt input)
same(${WORK}/report.txt ${FIXTURES}/extracted/expected.matrix.txt "-o over a file")
file(GLOB left ${WORK}/report.txt.tmp*)
if(left)
  message(SEND_ERROR "-o left ${left}")
endif()

# ---- JUnit (written through temporary files) ----
rc(1 junit.xml e check -q --assume team-member -f junit input)
has(${WORK}/junit.xml "^<\\?xml[^\n]*\n<testsuites .*<testcase .*</testsuites>\n$" "junit")

# ---- diff: Markdown rows go through a temporary file ----
rc(0 diff.md e diff -q --no-config --assume team-member --fail-on never -f md base head)
same(${WORK}/diff.md ${FIXTURES}/diff/expected.diff.md "diff markdown")
rc(0 diff.txt e diff -q --no-config --assume team-member --fail-on never base head)
same(${WORK}/diff.txt ${FIXTURES}/diff/expected.diff.txt "diff text")

# ---- SARIF: locations relative to an absolute --source-root ----
# (relative roots: under Wine an absolute Unix path would lack the drive)
rc(1 sarif.json e check -q --assume team-member -f sarif --source-root . input)
has(${WORK}/sarif.json "\"uri\": \"input/customizations.xml\"" "sarif uri")
rc(1 sarif-out.json e check -q --assume team-member -f sarif --source-root base input)
has(${WORK}/sarif-out.json "\"uri\": \"file:///[A-Za-z]:/[^\"]*/input/customizations.xml\"" "sarif uri outside the root")
has(${WORK}/sarif-out.json "\"uri\": \"file:///[A-Za-z]:/[^\"]*/base/\"" "sarif root uri")

# ---- the workbook (a temporary file in TEMP), twice the same bytes ----
rc(1 x.out e check -q --assume team-member --xlsx w1.xlsx input)
rc(1 x.out e check -q --assume team-member --xlsx w2.xlsx input)
has(${WORK}/w1.xlsx "^PK" "xlsx")
same(${WORK}/w1.xlsx ${WORK}/w2.xlsx "xlsx twice")
rc(1 h.out e check -q --assume team-member --html r.html input)
has(${WORK}/r.html "^<!DOCTYPE html>" "html")

# ---- bad input: one line naming the file, exit 3 ----
rc(3 o.out nofile.err matrix -q no-such-folder)
has(${WORK}/nofile.err "^rolecheck: [^\n]*no-such-folder[^\n]*\n$" "missing input")
string(ASCII 80 75 3 4 magic)
file(WRITE ${WORK}/trunc.zip "${magic} truncated")
rc(3 o.out trunc.err matrix -q trunc.zip)
has(${WORK}/trunc.err "^rolecheck: [^\n]*trunc.zip[^\n]*\n$" "truncated zip")
# --git needs git on PATH: without it, one line and exit 3
rc(3 o.out git.err diff -q --git HEAD:input input)
has(${WORK}/git.err "^rolecheck: --git HEAD:input: git archive failed[^\n]*\n$" "--git without git")
file(GLOB left ${WORK}/tmp/rolecheck-*)
if(left)
  message(SEND_ERROR "temporary files left: ${left}")
endif()
