# Helpers that declare every library, proto package and test the same way.
#
#   lifelong_library(NAME lifelong_common SRCS a.cc b.cc DEPS PkgConfig::PQXX)
#   lifelong_test(NAME sessions_test SRCS sessions_test.cc DEPS lifelong_common
#                 LABELS integration)
#   lifelong_proto_library(NAME identity_v1_proto PROTOS lifelong/identity/v1/x.proto
#                          DEPS googleapis_rpc_proto GRPC)

# A static library whose headers are included from the repository root
# ("common/pg/pool.h").
function(lifelong_library)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  add_library(${ARG_NAME} STATIC ${ARG_SRCS})
  target_include_directories(${ARG_NAME} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${ARG_NAME} PUBLIC ${ARG_DEPS})
endfunction()

# A GoogleTest binary registered with CTest. LABELS "integration" marks tests
# that need the real stack (deploy/local/test exports where it is).
function(lifelong_test)
  cmake_parse_arguments(ARG "" "NAME;TIMEOUT" "SRCS;DEPS;LABELS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  add_test(NAME ${ARG_NAME} COMMAND ${ARG_NAME})
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  set_tests_properties(${ARG_NAME} PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT})
endfunction()

# One generated library per proto package. PROTOS are paths relative to
# proto/ (or to the googleapis folder for google/*). GRPC also generates the
# service stubs.
function(lifelong_proto_library)
  cmake_parse_arguments(ARG "GRPC" "NAME;ROOT" "PROTOS;DEPS" ${ARGN})
  if(NOT ARG_ROOT)
    set(ARG_ROOT ${PROJECT_SOURCE_DIR}/proto)
  endif()
  set(out ${PROJECT_BINARY_DIR}/gen)
  set(srcs)
  set(abs_protos)
  foreach(proto ${ARG_PROTOS})
    string(REGEX REPLACE "\\.proto$" "" base ${proto})
    list(APPEND srcs ${out}/${base}.pb.cc ${out}/${base}.pb.h)
    if(ARG_GRPC)
      list(APPEND srcs ${out}/${base}.grpc.pb.cc ${out}/${base}.grpc.pb.h)
    endif()
    list(APPEND abs_protos ${ARG_ROOT}/${proto})
  endforeach()
  set(grpc_args)
  if(ARG_GRPC)
    set(grpc_args --grpc_out=${out} --plugin=protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>)
  endif()
  add_custom_command(
    OUTPUT ${srcs}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${out}
    COMMAND protobuf::protoc --cpp_out=${out} ${grpc_args}
            -I${PROJECT_SOURCE_DIR}/proto -I${GOOGLEAPIS_PROTO_DIR}
            -I${Protobuf_INCLUDE_DIR} ${abs_protos}
    DEPENDS ${abs_protos} protobuf::protoc
    COMMENT "protoc ${ARG_NAME}"
    VERBATIM)
  add_library(${ARG_NAME} STATIC ${srcs})
  # Generated code is not ours to warn about.
  target_compile_options(${ARG_NAME} PRIVATE -w)
  target_include_directories(${ARG_NAME} SYSTEM PUBLIC ${out})
  target_link_libraries(${ARG_NAME} PUBLIC protobuf::libprotobuf ${ARG_DEPS})
  if(ARG_GRPC)
    target_link_libraries(${ARG_NAME} PUBLIC gRPC::grpc++)
  endif()
endfunction()
