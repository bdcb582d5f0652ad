# OpenSSL stays inside core/crypto: only its .cpp files and its private header OpenSsl_p.h may
# include <openssl/...> or OpenSsl_p.h; every other core file sees Qt types only.
# Usage: cmake -DSOURCE_DIR=<repo>/core -P CheckOpenSslConfined.cmake
file(GLOB_RECURSE sources RELATIVE "${SOURCE_DIR}" "${SOURCE_DIR}/*.h" "${SOURCE_DIR}/*.cpp")
set(offenders "")
foreach(source IN LISTS sources)
    file(STRINGS "${SOURCE_DIR}/${source}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"](openssl/|.*OpenSsl_p\\.h)")
    if(includes AND NOT (source MATCHES "^crypto/[^/]+\\.cpp$" OR source STREQUAL "crypto/OpenSsl_p.h"))
        list(APPEND offenders "${source}")
    endif()
endforeach()
if(offenders)
    list(JOIN offenders "\n  " listed)
    message(FATAL_ERROR "OpenSSL used outside core/crypto's .cpp files:\n  ${listed}")
endif()
list(LENGTH sources count)
message(STATUS "OpenSSL confined to core/crypto (${count} sources checked)")
