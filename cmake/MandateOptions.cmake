# Every build option of the project, in one place.
option(MANDATE_WERROR "Treat compiler warnings as errors (on in CI)" OFF)
option(MANDATE_ASAN "Build with AddressSanitizer" OFF)
option(MANDATE_UBSAN "Build with UndefinedBehaviorSanitizer" OFF)
option(MANDATE_BUILD_CONSOLE "Build the desktop console (Qt Widgets, Charts); OFF for headless builds" ON)
option(MANDATE_BUILD_BENCH "Build mandate-bench (needs Google Benchmark)" ON)
# BUILD_TESTING comes from CTest and is ON by default.
include(CTest)
include(GNUInstallDirs)

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
    set(CMAKE_BUILD_TYPE Release CACHE STRING "Build type" FORCE)
endif()
