module lifelong/tests/load/gateway_search_bench

go 1.25.0

require google.golang.org/protobuf v1.36.11
