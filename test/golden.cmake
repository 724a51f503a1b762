# Golden test of one fixture case: run the views, compare byte for byte with
# fixtures/<CASE>/expected.*, or rewrite them when UPDATE is 1.
#   -DBIN=rolecheck -DFIXTURES=dir -DCASE=name -DWORK=dir -DUPDATE=0|1
#   [-DEMU=runner]: what runs BIN (Wine, for a cross build)
#   [-DMKZIP=mkzip]: the zip writer of test/tools (case "package")
set(src ${FIXTURES}/${CASE})
set(work ${WORK}/${CASE})
file(REMOVE_RECURSE ${work})
file(MAKE_DIRECTORY ${work})

# zip a folder's files (no directory entries), like an export does
function(rc_zip_folder folder zipfile)
  file(GLOB_RECURSE files RELATIVE ${folder} ${folder}/*)
  list(SORT files)
  execute_process(COMMAND ${CMAKE_COMMAND} -E tar cf ${zipfile} --format=zip
                          --mtime=2024-01-01 -- ${files}
                  WORKING_DIRECTORY ${folder} RESULT_VARIABLE rc)
  if(rc)
    message(FATAL_ERROR "cannot zip ${folder}")
  endif()
endfunction()

if(CASE STREQUAL "zip")
  set(input input.zip)
  rc_zip_folder(${src}/input ${work}/input.zip)
elseif(CASE STREQUAL "tree")
  set(input input)
  file(COPY ${src}/input DESTINATION ${work})
  file(MAKE_DIRECTORY ${work}/input/exports)
  rc_zip_folder(${FIXTURES}/zip/input ${work}/input/exports/FabrikamPortalOps_1_0_0_1_managed.zip)
  rc_zip_folder(${FIXTURES}/extracted/input ${work}/input/exports/ContosoFieldOps_1_4_0_12.zip)
elseif(CASE STREQUAL "package")
  # a Package Deployer package: the folder around a solution zip and a
  # Configuration Migration data zip (built from two other fixtures), zipped
  # with backslash entry names as Package Deployer writes them
  set(input input.zip)
  file(COPY ${src}/input/ DESTINATION ${work}/pkg)
  foreach(pair "portal-tables|ContosoPartnerSite_3_0_0_1_managed.zip"
               "portal-cmt|PortalData.zip")
    string(REPLACE "|" ";" pair "${pair}")
    list(GET pair 0 from)
    list(GET pair 1 to)
    execute_process(COMMAND ${MKZIP} ${work}/pkg/PkgFolder/${to}
                            ${FIXTURES}/${from}/input RESULT_VARIABLE rc)
    if(rc)
      message(FATAL_ERROR "cannot zip ${from}")
    endif()
  endforeach()
  execute_process(COMMAND ${MKZIP} -b ${work}/input.zip ${work}/pkg
                  RESULT_VARIABLE rc)
  if(rc)
    message(FATAL_ERROR "cannot zip the package")
  endif()
elseif(CASE STREQUAL "scan")
  # a folder scan: a PDF named .zip beside an unpacked solution that keeps
  # its Power Pages site in src/site
  set(input input)
  file(COPY ${src}/input DESTINATION ${work})
  file(COPY ${FIXTURES}/unpacked/input/ DESTINATION ${work}/input/solutions/ContosoServiceDesk)
  file(COPY ${FIXTURES}/portal-yaml/input/ DESTINATION ${work}/input/solutions/ContosoServiceDesk/src/site)
elseif(CASE STREQUAL "bare")
  set(input input/customizations.xml)
  file(COPY ${src}/input DESTINATION ${work})
else()
  set(input input)
  file(COPY ${src}/input DESTINATION ${work})
endif()

# output|arguments, separated by commas
set(views
  "matrix.txt|matrix"
  "matrix.csv|matrix,--format,csv"
  "matrix.json|matrix,--format,json"
  "roles.txt|roles"
  "roles.json|roles,--format,json"
  "roles.tsv|roles,--format,tsv"
  "check.txt|check,--fail-on,never"
  "check.json|check,--format,json,--fail-on,never"
  "check.findings.csv|check,--format,findings-csv,--assume,team-member,--fail-on,never"
  "check.fit.csv|check,--format,fit-csv,--assume,team-member,--fail-on,never")
# the cheapest change: only asked for (--what-if), on the case made for it
if(CASE STREQUAL "whatif")
  list(APPEND views
    "check.what-if.txt|check,--what-if,--fail-on,never"
    "check.what-if.json|check,--what-if,--format,json,--fail-on,never")
endif()

set(failed 0)
foreach(view ${views})
  string(REPLACE "|" ";" parts "${view}")
  string(REPLACE "," ";" parts "${parts}")
  list(GET parts 0 out)
  list(SUBLIST parts 1 -1 args)
  execute_process(COMMAND ${EMU} ${BIN} ${args} -q ${input}
                  WORKING_DIRECTORY ${work} OUTPUT_FILE ${work}/${out}
                  ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(SEND_ERROR "${CASE}: rolecheck ${args} exited ${rc}: ${err}")
    set(failed 1)
    continue()
  endif()
  set(expected ${src}/expected.${out})
  if(UPDATE)
    file(COPY_FILE ${work}/${out} ${expected})
  else()
    execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${work}/${out}
                            ${expected} RESULT_VARIABLE diff)
    if(diff)
      message(SEND_ERROR "${CASE}: ${out} differs from ${expected}")
      execute_process(COMMAND diff -u ${expected} ${work}/${out})
      set(failed 1)
    endif()
  endif()
endforeach()
if(failed)
  message(FATAL_ERROR "golden.${CASE} failed")
endif()
