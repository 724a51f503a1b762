# Collect the seed corpus of every fuzz target (cmake -P), from fixtures/,
# the built-in rule pack, the catalogue .def files and test/fuzz/corpus/.
# Nothing binary is kept in git: zip seeds are made here by zipping fixture
# folders (and folders under corpus/zip/).
#   cmake -DSRC=<project> -DCORPUS=<test/fuzz/corpus> -DOUT=<dir> -P seeds.cmake
# OUT/<target>/ is rebuilt from scratch; OUT/.stamp marks completion.
cmake_minimum_required(VERSION 3.25)
foreach(v SRC CORPUS OUT)
  if(NOT ${v})
    message(FATAL_ERROR "seeds.cmake: -D${v}=... is required")
  endif()
endforeach()

set(TARGETS customizations role_file solution privilege zip config rulepack
    baseline portal_json portal_yaml licences principals usage)
set(FIX ${SRC}/fixtures)
file(REMOVE_RECURSE ${OUT})
foreach(t ${TARGETS})
  file(MAKE_DIRECTORY ${OUT}/${t})
endforeach()

# A seed's file name: its path below the project, made shell-safe.
function(seed_name out path)
  file(RELATIVE_PATH rel ${SRC} ${path})
  string(REGEX REPLACE "[^A-Za-z0-9._-]" "_" name "${rel}")
  set(${out} "${name}" PARENT_SCOPE)
endfunction()

function(seed_file target path)
  seed_name(name ${path})
  file(COPY_FILE ${path} ${OUT}/${target}/${name})
endfunction()

# Zip the files of dir (names relative to it, as in an exported solution).
function(seed_zip dir name)
  file(GLOB_RECURSE files LIST_DIRECTORIES false RELATIVE ${dir} ${dir}/*)
  list(SORT files)
  execute_process(
    COMMAND ${CMAKE_COMMAND} -E tar cf ${OUT}/zip/${name}.zip --format=zip
            "--mtime=2020-01-01 00:00:00 UTC" -- ${files}
    WORKING_DIRECTORY ${dir}
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "seeds.cmake: cannot zip ${dir}")
  endif()
endfunction()

file(GLOB_RECURSE xml_files LIST_DIRECTORIES false ${FIX}/*.xml)
list(SORT xml_files)
set(priv_names "")
set(zip_dirs "")
foreach(f ${xml_files})
  get_filename_component(base ${f} NAME)
  get_filename_component(dir ${f} DIRECTORY)
  string(TOLOWER "${base}" lower)
  file(READ ${f} content)
  if(lower STREQUAL "customizations.xml")
    seed_file(customizations ${f})
  elseif(lower STREQUAL "solution.xml")
    seed_file(solution ${f})
  elseif(f MATCHES "/Roles/[^/]+\\.xml$")
    seed_file(role_file ${f})
  elseif(f MATCHES "/fixtures/rules/[^/]+/input[^/]*\\.xml$")
    # rule cases: a bare customizations.xml or a single role file
    seed_file(customizations ${f})
    # the root element, after the declaration and comments
    string(REGEX REPLACE "<!--([^-]|-[^-])*-->" "" body "${content}")
    string(REGEX MATCH "<[A-Za-z][A-Za-z0-9_:]*" root "${body}")
    if(root STREQUAL "<Role")
      seed_file(role_file ${f})
    endif()
  elseif(lower STREQUAL "config.xml" OR lower STREQUAL "rolecheck.xml")
    seed_file(config ${f})
  elseif(lower STREQUAL "rules.xml")
    seed_file(rulepack ${f})
  elseif(lower STREQUAL "powerpagecomponent.xml")
    # the JSON payload of a Power Pages component, unescaped
    string(FIND "${content}" "<content>" begin)
    string(FIND "${content}" "</content>" end)
    if(begin GREATER -1 AND end GREATER begin)
      math(EXPR begin "${begin} + 9")
      math(EXPR len "${end} - ${begin}")
      string(SUBSTRING "${content}" ${begin} ${len} json)
      string(REPLACE "&quot;" "\"" json "${json}")
      string(REPLACE "&apos;" "'" json "${json}")
      string(REPLACE "&lt;" "<" json "${json}")
      string(REPLACE "&gt;" ">" json "${json}")
      string(REPLACE "&amp;" "&" json "${json}")
      seed_name(name ${f})
      file(WRITE ${OUT}/portal_json/${name}.json "${json}")
    endif()
  endif()
  # folders that zip into a solution (or Configuration Migration data)
  if(lower STREQUAL "solution.xml" OR lower STREQUAL "data.xml")
    list(APPEND zip_dirs ${dir})
  endif()
  string(REGEX MATCHALL "RolePrivilege name=\"[^\"]+\"" found "${content}")
  foreach(m ${found})
    string(REGEX REPLACE "^RolePrivilege name=\"([^\"]+)\"$" "\\1" n "${m}")
    list(APPEND priv_names "${n}")
  endforeach()
endforeach()

list(REMOVE_DUPLICATES zip_dirs)
foreach(dir ${zip_dirs})
  seed_name(name ${dir})
  seed_zip(${dir} ${name})
endforeach()

file(GLOB_RECURSE yml_files LIST_DIRECTORIES false ${FIX}/*.yml)
foreach(f ${yml_files})
  seed_file(portal_yaml ${f})
endforeach()

file(GLOB user_files LIST_DIRECTORIES false ${FIX}/users/*.csv
     ${FIX}/users/*.json)
list(SORT user_files)
foreach(f ${user_files})
  seed_file(licences ${f})
endforeach()
file(GLOB principal_files LIST_DIRECTORIES false ${FIX}/users/*.json
     ${FIX}/users/*.xml)
list(SORT principal_files)
foreach(f ${principal_files})
  seed_file(principals ${f})
endforeach()
file(GLOB usage_files LIST_DIRECTORIES false ${FIX}/users/usage-*.csv
     ${FIX}/users/bad-usage-*.csv)
list(SORT usage_files)
foreach(f ${usage_files})
  seed_file(usage ${f})
endforeach()

seed_file(rulepack ${SRC}/analyzer/rules/rulepack.xml)

# Privilege names: those of the fixtures, the misc catalogue, and one
# verb + suffix per catalogue table, irregular suffix and pseudo-entity.
set(verbs Create Read Write Delete Append AppendTo Assign Share Appendto)
file(STRINGS ${SRC}/analyzer/model/misc_privileges.def lines
     REGEX "^RC_MISC\\(\"")
foreach(l ${lines})
  string(REGEX REPLACE "^RC_MISC\\(\"([^\"]+)\".*" "\\1" n "${l}")
  list(APPEND priv_names "${n}")
endforeach()
set(suffixes "")
file(STRINGS ${SRC}/analyzer/model/suffixes.def lines
     REGEX "^RC_(IRREGULAR|PSEUDO)\\(\"")
foreach(l ${lines})
  string(REGEX REPLACE "^RC_[A-Z]+\\(\"([^\"]+)\".*" "\\1" s "${l}")
  list(APPEND suffixes "${s}")
endforeach()
file(STRINGS ${SRC}/analyzer/model/catalog_tables.def lines
     REGEX "^RC_TABLE\\(\"[^\"]+\", \"")
foreach(l ${lines})
  string(REGEX REPLACE "^RC_TABLE\\(\"[^\"]+\", \"([^\"]+)\".*" "\\1" s "${l}")
  list(APPEND suffixes "${s}")
endforeach()
set(i 0)
foreach(s ${suffixes})
  math(EXPR v "${i} % 9")
  list(GET verbs ${v} verb)
  list(APPEND priv_names "prv${verb}${s}")
  math(EXPR i "${i} + 1")
endforeach()
list(REMOVE_DUPLICATES priv_names)
foreach(n ${priv_names})
  string(REGEX REPLACE "[^A-Za-z0-9._-]" "_" name "${n}")
  file(WRITE ${OUT}/privilege/${name} "${n}")
endforeach()

# Hand-written seeds and regression inputs: corpus/<target>/<file> as is;
# corpus/zip/<folder>/ is zipped like a fixture folder.
foreach(t ${TARGETS})
  file(GLOB entries LIST_DIRECTORIES true ${CORPUS}/${t}/*)
  foreach(e ${entries})
    get_filename_component(name ${e} NAME)
    if(IS_DIRECTORY ${e})
      if(t STREQUAL "zip")
        seed_zip(${e} corpus_${name})
      endif()
    else()
      file(COPY_FILE ${e} ${OUT}/${t}/corpus_${name})
    endif()
  endforeach()
endforeach()

# A Package Deployer package: fixtures/package around a solution zip and a
# Configuration Migration data zip, so the fuzzer starts from zips in a zip
set(pkg ${OUT}/package-work)
file(REMOVE_RECURSE ${pkg})
file(COPY ${FIX}/package/input/ DESTINATION ${pkg})
seed_zip(${FIX}/portal-tables/input package-solution)
seed_zip(${FIX}/portal-cmt/input package-data)
file(RENAME ${OUT}/zip/package-solution.zip
     ${pkg}/PkgFolder/ContosoPartnerSite_3_0_0_1_managed.zip)
file(RENAME ${OUT}/zip/package-data.zip ${pkg}/PkgFolder/PortalData.zip)
seed_zip(${pkg} package)
file(REMOVE_RECURSE ${pkg})

foreach(t ${TARGETS})
  file(GLOB seeds ${OUT}/${t}/*)
  list(LENGTH seeds n)
  if(n EQUAL 0)
    message(FATAL_ERROR "seeds.cmake: no seeds for ${t}")
  endif()
  message(STATUS "fuzz seeds: ${t}: ${n}")
endforeach()
file(WRITE ${OUT}/.stamp "")
