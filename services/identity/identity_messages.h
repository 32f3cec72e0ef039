// The texts for people, in Korean and English, of the identity service's own
// refusal reasons: the RpcGuard sends the caller's language as
// google.rpc.LocalizedMessage (common/refusal_texts.h, which also holds the
// reasons every service shares, such as REQUIRED or SESSION_INVALID). What
// each reason means for a client is in docs/identity/refusals.md; a test fails
// when a reason in this service's code has neither a text nor a row there.
//
//   LIFELONG_REFUSAL_TEXTS(IdentityRefusalTexts())   // in IdentityGrpc
#pragma once

#include "common/refusal_texts.h"

namespace lifelong::identity {

const common::RefusalTexts& IdentityRefusalTexts();

}  // namespace lifelong::identity
