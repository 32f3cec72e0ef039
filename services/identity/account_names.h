// The id part of an account's resource name, shared by identity's logic
// files.
//
//   std::string id = AccountId(caller);  // "staff/{uuid}" -> "{uuid}"
#pragma once

#include <string>

#include "common/auth/caller.h"

namespace lifelong::identity {

// The id part of the caller's account name ("staff/{uuid}" -> uuid). The
// RpcGuard only lets signed-in callers reach code that uses it.
inline std::string AccountId(const common::Caller& caller) {
  return caller.account.substr(caller.account.find('/') + 1);
}

}  // namespace lifelong::identity
