# Cross-compiling for 64-bit Windows with Debian's MinGW-w64 gcc
# (package mingw-w64); used by .ci/windows, which runs the result under Wine.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(RC_MINGW_TRIPLET x86_64-w64-mingw32)
# the posix thread model: its libgcc has the C11/pthread support jansson and
# libxml2 expect
set(CMAKE_C_COMPILER ${RC_MINGW_TRIPLET}-gcc-posix)
set(CMAKE_CXX_COMPILER ${RC_MINGW_TRIPLET}-g++-posix)
set(CMAKE_RC_COMPILER ${RC_MINGW_TRIPLET}-windres)
# RC_MINGW_DEPS: where the Windows libraries are (.ci/windows builds them)
set(CMAKE_FIND_ROOT_PATH /usr/${RC_MINGW_TRIPLET} ${RC_MINGW_DEPS})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# static programs: no MinGW runtime DLLs (libgcc, libwinpthread) to ship
set(CMAKE_EXE_LINKER_FLAGS_INIT -static)
