# Project-wide compile settings live on one INTERFACE target that every target links;
# nothing here touches the global CMAKE_CXX_FLAGS.
add_library(mandate_project_options INTERFACE)
target_compile_features(mandate_project_options INTERFACE cxx_std_23)
target_compile_options(mandate_project_options INTERFACE
    -Wall -Wextra -Wpedantic -Wold-style-cast -Wnon-virtual-dtor
    -Wshadow=local -Wno-missing-field-initializers
    $<$<BOOL:${MANDATE_WERROR}>:-Werror>)
target_compile_definitions(mandate_project_options INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER
    QT_NO_KEYWORDS
    QT_DISABLE_DEPRECATED_UP_TO=0x060400
    MANDATE_VERSION="${PROJECT_VERSION}")

set(_mandate_sanitizers "")
if(MANDATE_ASAN)
    list(APPEND _mandate_sanitizers address)
endif()
if(MANDATE_UBSAN)
    list(APPEND _mandate_sanitizers undefined)
endif()
if(_mandate_sanitizers)
    list(JOIN _mandate_sanitizers "," _mandate_sanitize_list)
    target_compile_options(mandate_project_options INTERFACE
        -fsanitize=${_mandate_sanitize_list} -fno-omit-frame-pointer -fno-sanitize-recover=all)
    target_link_options(mandate_project_options INTERFACE -fsanitize=${_mandate_sanitize_list})
endif()
