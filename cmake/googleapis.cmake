# The google/rpc protos (status, error_details, code) come from PyPI's
# googleapis-common-protos package, fetched once into a cache outside the
# tracked tree, not copied into the repository.
set(GOOGLEAPIS_VERSION 1.70.0)
set(LIFELONG_CACHE_DIR "$ENV{HOME}/.cache/lifelong" CACHE PATH "Downloads kept between builds")
set(GOOGLEAPIS_PROTO_DIR ${LIFELONG_CACHE_DIR}/googleapis-common-protos-${GOOGLEAPIS_VERSION})
if(NOT EXISTS ${GOOGLEAPIS_PROTO_DIR}/google/rpc/error_details.proto)
  message(STATUS "Fetching googleapis-common-protos ${GOOGLEAPIS_VERSION} from PyPI")
  set(wheel_dir ${LIFELONG_CACHE_DIR}/wheels)
  execute_process(
    COMMAND python3 -m pip download --no-deps --quiet -d ${wheel_dir}
            googleapis-common-protos==${GOOGLEAPIS_VERSION}
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "pip could not download googleapis-common-protos ${GOOGLEAPIS_VERSION}")
  endif()
  file(GLOB wheel ${wheel_dir}/googleapis_common_protos-${GOOGLEAPIS_VERSION}-*.whl)
  file(ARCHIVE_EXTRACT INPUT ${wheel} DESTINATION ${GOOGLEAPIS_PROTO_DIR}
       PATTERNS "google/rpc/*.proto")
endif()
