// Reads a role × RPC table of docs/security/access.md, so that tests check
// the page itself, call by call. A table sits between the lines
// "<!-- NAME-matrix" and "<!-- end NAME-matrix"; its first row names the
// columns, each further row an RPC and one cell per column:
//   yes                      allowed, whatever the resource
//   no: CODE                 refused with CODE
//   QUALIFIER; else CODE     allowed on the caller's own resource (the
//                            qualifier says which: self, own centre, ...),
//                            refused with CODE on another's
//
//   AccessMatrix m = ReadAccessMatrix("identity");
//   const AccessCell& cell = m["GetCitizen"]["citizen"];
#pragma once

#include <grpcpp/support/status.h>

#include <map>
#include <string>

namespace lifelong::testing {

struct AccessCell {
  bool allowed_always = false;
  std::string refusal;    // "NOT_FOUND", ...; empty for "yes"
  std::string qualifier;  // "self", "own centre", ...; empty: none
};

// RPC -> column -> cell. Adds a test failure for a malformed table.
using AccessMatrix = std::map<std::string, std::map<std::string, AccessCell>>;
AccessMatrix ReadAccessMatrix(const std::string& name);

// The code a cell names ("NOT_FOUND" -> NOT_FOUND).
grpc::StatusCode AccessCode(const std::string& name);

// A refusal as the tables mean it: UNAUTHENTICATED, PERMISSION_DENIED or
// NOT_FOUND. Anything else (OK, INVALID_ARGUMENT, FAILED_PRECONDITION...)
// means the call got past the access checks.
bool IsRefusal(grpc::StatusCode code);

}  // namespace lifelong::testing
