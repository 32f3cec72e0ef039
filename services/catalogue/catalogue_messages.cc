#include "services/catalogue/catalogue_messages.h"

namespace lifelong::catalogue {

const common::RefusalTexts& CatalogueRefusalTexts() {
  static const common::RefusalTexts texts{
      {"LOTTERY_ONLY",
       {"우선 배정 좌석은 추첨 강좌에만 둘 수 있습니다.",
        "Seat quotas apply only to lottery courses."}},
      {"OVER_CAPACITY",
       {"우선 배정 좌석의 합이 정원보다 많습니다.",
        "The reserved seats add up to more than the capacity."}},
      {"ENDS_BEFORE_START",
       {"끝나는 시각이 시작 시각보다 빠릅니다.",
        "The end is before the start."}},
      {"WINDOW_ORDER",
       {"신청 기간은 우선 대상, 거주자, 전체 순서로 이어져야 합니다.",
        "Application windows must go priority groups, then residents, then "
        "everyone."}},
      {"UNKNOWN_ROOM",
       {"이 장소에 없는 강의실입니다.",
        "That room is not part of this venue."}},
      {"OVER_ROOM_CAPACITY",
       {"정원이 강의실 수용 인원보다 많습니다.",
        "The capacity is more than the room holds."}},
      {"OUTSIDE_OPENING_HOURS",
       {"센터 운영 시간 밖의 일정이 있습니다.",
        "A session falls outside the centre's opening hours."}},
      {"UNKNOWN_FIELD",
       {"없는 항목을 바꾸려고 했습니다.",
        "The request names a field that does not exist."}},
      {"NOT_WRITABLE",
       {"바꿀 수 없는 항목입니다.", "That field cannot be changed."}},
      {"CENTRE_EXISTS",
       {"이미 있는 센터입니다.", "This centre already exists."}},
      {"CENTRE_NOT_FOUND",
       {"센터를 찾을 수 없습니다.", "That centre could not be found."}},
      {"UNKNOWN_CENTRE", {"없는 센터입니다.", "There is no such centre."}},
      {"VENUE_EXISTS", {"이미 있는 장소입니다.", "This venue already exists."}},
      {"VENUE_NOT_FOUND",
       {"장소를 찾을 수 없습니다.", "That venue could not be found."}},
      {"NOT_YOUR_CENTRE",
       {"해당 센터의 직원만 바꿀 수 있습니다.",
        "Only the centre's staff can change this."}},
      {"ETAG_MISMATCH",
       {"그사이 다른 사람이 내용을 바꾸었습니다. 새로 불러온 뒤 다시 시도해 "
        "주십시오.",
        "Someone changed this in the meantime; please reload it and try "
        "again."}},
      {"INVALID_STATE",
       {"지금 상태에서는 할 수 없는 작업입니다.",
        "This cannot be done in its current state."}},
      {"UNKNOWN_PROGRAMME",
       {"없는 프로그램입니다.", "There is no such programme."}},
      {"UNKNOWN_VENUE", {"없는 장소입니다.", "There is no such venue."}},
      {"OFFERING_NOT_FOUND",
       {"강좌를 찾을 수 없습니다.", "That course could not be found."}},
      {"SESSIONS_OF_PUBLISHED_OFFERING",
       {"공개된 강좌의 일정은 회차별 일정 변경 또는 취소로 바꿔 주십시오.",
        "Move or cancel a published course's sessions one at a time."}},
      {"PROGRAMME_NOT_PUBLISHED",
       {"프로그램을 먼저 공개해 주십시오.",
        "Please publish the programme first."}},
      {"SESSION_NOT_FOUND",
       {"해당 회차를 찾을 수 없습니다.", "That session could not be found."}},
      {"UNKNOWN_CATEGORY", {"없는 분야입니다.", "There is no such category."}},
      {"PROGRAMME_NOT_FOUND",
       {"프로그램을 찾을 수 없습니다.", "That programme could not be found."}},
  };
  return texts;
}

}  // namespace lifelong::catalogue
