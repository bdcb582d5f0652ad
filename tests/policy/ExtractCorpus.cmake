# Extracts the Cedar corpus tests into the build tree once (a stamp file remembers which
# archive was extracted). Run with -DARCHIVE=... -DDESTINATION=...
set(stamp "${DESTINATION}/.extracted")
if(EXISTS "${stamp}" AND NOT "${ARCHIVE}" IS_NEWER_THAN "${stamp}")
    return()
endif()
file(REMOVE_RECURSE "${DESTINATION}")
file(MAKE_DIRECTORY "${DESTINATION}")
execute_process(COMMAND ${CMAKE_COMMAND} -E tar xzf "${ARCHIVE}"
    WORKING_DIRECTORY "${DESTINATION}" RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "Could not extract ${ARCHIVE}: ${result}")
endif()
file(TOUCH "${stamp}")
