// Texts for people, in Korean and English, for each stable ErrorInfo reason.
// The RpcGuard sends one as google.rpc.LocalizedMessage with every error, in
// the caller's language (common/accept_language.h). Each service owns the
// table of its own reasons (services/<svc>/<svc>_messages.cc) and hands it to
// its guard with one line in its adapter class; this file owns the reasons
// common code answers (bad-input field reasons, sessions and roles, retries)
// and one text per gRPC code for a reason nobody wrote a text for, so a
// message is never empty. Korean in the polite 합니다체, English plain; both
// short, for a person, never naming fields or internals. What each reason
// means for a client is in docs/<service>/refusals.md and
// docs/common/refusals.md.
//
//   const common::RefusalTexts& ConsultingRefusalTexts() {
//     static const common::RefusalTexts texts{
//         {"SLOT_TAKEN", {"이미 예약된 시간입니다.", "That time is taken."}},
//     };
//     return texts;
//   }
//   // in the adapter class (services/consulting/consulting_grpc.h):
//   LIFELONG_REFUSAL_TEXTS(ConsultingRefusalTexts())
//
//   const RefusalText& text = RefusalTextFor(&service_texts, "SLOT_TAKEN",
//                                            absl::StatusCode::kFailedPrecondition);
#pragma once

#include <initializer_list>
#include <map>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "common/accept_language.h"

namespace lifelong::common {

struct RefusalText {
  std::string_view ko;
  std::string_view en;

  std::string_view In(Language language) const {
    return language == Language::kEnglish ? en : ko;
  }
};

// reason -> texts. The strings are literals: the table holds views.
class RefusalTexts {
 public:
  RefusalTexts(
      std::initializer_list<std::pair<const std::string_view, RefusalText>>
          texts)
      : texts_(texts) {}

  // nullptr when the table has no text for `reason`.
  const RefusalText* Find(std::string_view reason) const {
    auto it = texts_.find(reason);
    return it == texts_.end() ? nullptr : &it->second;
  }
  const std::map<std::string_view, RefusalText>& all() const { return texts_; }

 private:
  std::map<std::string_view, RefusalText> texts_;
};

// The reasons of common code (and of the gateway) that any service answers.
const RefusalTexts& CommonRefusalTexts();

// A text for any error of `code`, when its reason has none.
const RefusalText& GenericRefusalText(absl::StatusCode code);

// The text for `reason`: the service's table (may be null), else the common
// one, else the generic text of `code`.
const RefusalText& RefusalTextFor(const RefusalTexts* service,
                                  std::string_view reason,
                                  absl::StatusCode code);

}  // namespace lifelong::common
