// The texts for people, in Korean and English, of the consulting service's own
// refusal reasons: the RpcGuard sends the caller's language as
// google.rpc.LocalizedMessage (common/refusal_texts.h, which also holds the
// reasons every service shares, such as REQUIRED or SESSION_INVALID). What
// each reason means for a client is in docs/consulting/refusals.md; a test
// fails when a reason in this service's code has neither a text nor a row
// there.
//
//   LIFELONG_REFUSAL_TEXTS(ConsultingRefusalTexts())   // in ConsultingGrpc
#pragma once

#include "common/refusal_texts.h"

namespace lifelong::consulting {

const common::RefusalTexts& ConsultingRefusalTexts();

}  // namespace lifelong::consulting
