#include "common/refusal_texts.h"

namespace lifelong::common {

const RefusalTexts& CommonRefusalTexts() {
  static const RefusalTexts texts{
      // Bad input: INVALID_ARGUMENT whose reason is its first field's
      // (FieldViolations), or one of these.
      {"INVALID_ARGUMENT",
       {"입력한 내용을 확인해 주십시오.", "Please check what you entered."}},
      {"REQUIRED",
       {"꼭 입력해야 하는 항목이 비어 있습니다.",
        "A required field is empty."}},
      {"TOO_LONG",
       {"입력한 내용이 너무 깁니다.", "What you entered is too long."}},
      {"OUT_OF_RANGE",
       {"입력한 값이 허용 범위를 벗어났습니다.",
        "A value is outside the allowed range."}},
      {"INVALID_FORMAT",
       {"입력한 형식이 올바르지 않습니다.",
        "Something you entered is not in the right format."}},
      {"INVALID_NAME",
       {"요청한 항목의 이름 형식이 올바르지 않습니다.",
        "The name of an item in the request is not valid."}},
      {"DUPLICATE",
       {"같은 항목이 두 번 들어 있습니다.", "The same item appears twice."}},
      {"TOO_MANY", {"항목이 너무 많습니다.", "There are too many items."}},
      {"UNKNOWN_VALUE",
       {"선택할 수 없는 값입니다.", "That choice is not one of the options."}},
      {"INVALID_PAGE_TOKEN",
       {"목록의 다음 페이지를 찾을 수 없습니다. 처음부터 다시 조회해 주십시오.",
        "That page of the list is no longer valid; please start from the "
        "first page."}},
      {"MALFORMED_REQUEST",
       {"요청을 읽을 수 없습니다.", "The request could not be read."}},
      {"REQUEST_ID_REUSED",
       {"이미 다른 요청에 사용된 요청 번호입니다.",
        "This request number was already used for a different request."}},
      // Sessions and roles (the RpcGuard, common/auth).
      {"SESSION_REQUIRED", {"로그인이 필요합니다.", "Please log in."}},
      {"SESSION_INVALID",
       {"로그인이 만료되었습니다. 다시 로그인해 주십시오.",
        "Your session has ended; please log in again."}},
      {"INVALID_TICKET",
       {"이 연락처를 볼 수 있는 권한이 없습니다.",
        "You may not see these contact details."}},
      {"TICKET_EXPIRED",
       {"명단을 연 지 10분이 지났습니다. 명단을 다시 불러와 주십시오.",
        "This list was opened more than 10 minutes ago. Please load it "
        "again."}},
      {"ROLE_REQUIRED",
       {"이 기능을 사용할 권한이 없습니다.",
        "You do not have permission to do this."}},
      // Try again (common/pg/transaction.h, the RpcGuard, the gateway).
      {"DEADLINE_EXCEEDED",
       {"처리 시간이 초과되었습니다. 다시 시도해 주십시오.",
        "That took too long; please try again."}},
      {"TEMPORARILY_UNAVAILABLE",
       {"일시적으로 사용할 수 없습니다. 잠시 후 다시 시도해 주십시오.",
        "Temporarily unavailable; please try again shortly."}},
      {"DATABASE_UNAVAILABLE",
       {"일시적으로 사용할 수 없습니다. 잠시 후 다시 시도해 주십시오.",
        "Temporarily unavailable; please try again shortly."}},
      {"UPSTREAM_UNAVAILABLE",
       {"일시적으로 사용할 수 없습니다. 잠시 후 다시 시도해 주십시오.",
        "Temporarily unavailable; please try again shortly."}},
      {"SHUTTING_DOWN",
       {"일시적으로 사용할 수 없습니다. 잠시 후 다시 시도해 주십시오.",
        "Temporarily unavailable; please try again shortly."}},
      {"COMMIT_IN_DOUBT",
       {"처리 결과를 확인하지 못했습니다. 같은 요청을 다시 보내 주십시오.",
        "We could not confirm the result; please send the same request "
        "again."}},
      {"CONTENTION",
       {"요청이 몰리고 있습니다. 잠시 후 다시 시도해 주십시오.",
        "Many people are doing this at once; please try again."}},
      {"INTERNAL",
       {"요청을 처리하지 못했습니다. 문제가 계속되면 센터에 문의해 주십시오.",
        "Something went wrong on our side; if it continues, please contact "
        "the centre."}},
  };
  return texts;
}

const RefusalText& GenericRefusalText(absl::StatusCode code) {
  using C = absl::StatusCode;
  static const RefusalText kCancelled{"요청이 취소되었습니다.",
                                      "The request was cancelled."};
  static const RefusalText kInvalid{"입력한 내용을 확인해 주십시오.",
                                    "Please check what you entered."};
  static const RefusalText kDeadline{
      "처리 시간이 초과되었습니다. 다시 시도해 주십시오.",
      "That took too long; please try again."};
  static const RefusalText kNotFound{"찾을 수 없습니다.",
                                     "That could not be found."};
  static const RefusalText kExists{"이미 있습니다.", "That already exists."};
  static const RefusalText kDenied{"이 기능을 사용할 권한이 없습니다.",
                                   "You do not have permission to do this."};
  static const RefusalText kExhausted{
      "요청이 너무 많습니다. 잠시 후 다시 시도해 주십시오.",
      "Too many requests; please try again later."};
  static const RefusalText kPrecondition{"지금은 할 수 없는 요청입니다.",
                                         "This cannot be done now."};
  static const RefusalText kAborted{
      "요청이 몰리고 있습니다. 잠시 후 다시 시도해 주십시오.",
      "Many people are doing this at once; please try again."};
  static const RefusalText kUnimplemented{"지원하지 않는 요청입니다.",
                                          "This request is not supported."};
  static const RefusalText kUnavailable{
      "일시적으로 사용할 수 없습니다. 잠시 후 다시 시도해 주십시오.",
      "Temporarily unavailable; please try again shortly."};
  static const RefusalText kUnauthenticated{"로그인이 필요합니다.",
                                            "Please log in."};
  static const RefusalText kFailed{
      "요청을 처리하지 못했습니다. 문제가 계속되면 센터에 문의해 주십시오.",
      "Something went wrong on our side; if it continues, please contact "
      "the centre."};
  switch (code) {
    case C::kCancelled:
      return kCancelled;
    case C::kInvalidArgument:
    case C::kOutOfRange:
      return kInvalid;
    case C::kDeadlineExceeded:
      return kDeadline;
    case C::kNotFound:
      return kNotFound;
    case C::kAlreadyExists:
      return kExists;
    case C::kPermissionDenied:
      return kDenied;
    case C::kResourceExhausted:
      return kExhausted;
    case C::kFailedPrecondition:
      return kPrecondition;
    case C::kAborted:
      return kAborted;
    case C::kUnimplemented:
      return kUnimplemented;
    case C::kUnavailable:
      return kUnavailable;
    case C::kUnauthenticated:
      return kUnauthenticated;
    default:
      return kFailed;
  }
}

const RefusalText& RefusalTextFor(const RefusalTexts* service,
                                  std::string_view reason,
                                  absl::StatusCode code) {
  if (service != nullptr) {
    if (const RefusalText* text = service->Find(reason)) return *text;
  }
  if (const RefusalText* text = CommonRefusalTexts().Find(reason)) {
    return *text;
  }
  return GenericRefusalText(code);
}

}  // namespace lifelong::common
