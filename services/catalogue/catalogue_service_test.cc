// The catalogue over gRPC against the real PostgreSQL and Redis (and Kafka
// for events).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "common/errors.h"
#include "common/outbox/outbox_relay.h"
#include "lifelong/catalogue/events/v1/catalogue_events.pb.h"
#include "services/catalogue/catalogue_test_server.h"

namespace lifelong::catalogue {
namespace {

using ::testing::Contains;
using ::testing::UnorderedElementsAre;
using Stub = v1::CatalogueService::Stub;

struct Answer {
  grpc::StatusCode code;
  std::string reason;
  std::vector<std::string> fields;  // "field:REASON"
};

Answer Of(const grpc::Status& status) {
  absl::Status s = common::FromGrpcStatus(status);
  Answer a{status.error_code(), common::ReasonOf(s), {}};
  for (const common::FieldViolation& v : common::FieldViolationsOf(s)) {
    a.fields.push_back(v.field + ":" + v.reason);
  }
  return a;
}

class CatalogueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.AddCentre("misa", "Misa");
    server_.AddCentre("wirye", "Wirye");
    admin_ = server_.AdminToken();
    misa_staff_ = server_.StaffToken("misa");
    wirye_staff_ = server_.StaffToken("wirye");
  }

  v1::Offering Draft(const std::string& token, const v1::Offering& o,
                     Answer* answer = nullptr) {
    v1::CreateOfferingRequest r;
    r.set_request_id(NewRequestId());
    *r.mutable_offering() = o;
    v1::CreateOfferingResponse out;
    grpc::Status s = server_.Call(&Stub::CreateOffering, token, r, &out);
    if (answer != nullptr) *answer = Of(s);
    return out.offering();
  }

  std::string Outbox(const std::string& type) {
    return server_.db().AdminQuery(
        "SELECT count(*) FROM " + server_.db().name() +
        ".outbox WHERE type = 'lifelong.catalogue.events.v1." + type + "'");
  }

  CatalogueTestServer server_;
  std::string admin_, misa_staff_, wirye_staff_;
};

TEST_F(CatalogueTest, LifecycleFromDraftToCompleted) {
  v1::CreateProgrammeRequest create;
  create.set_request_id(NewRequestId());
  *create.mutable_programme() = CatalogueTestServer::Programme(
      "misa", "어르신 요가", "Yoga for older adults");
  v1::CreateProgrammeResponse programme;
  ASSERT_TRUE(
      server_.Call(&Stub::CreateProgramme, misa_staff_, create, &programme)
          .ok());
  EXPECT_EQ(programme.programme().state(), v1::PROGRAMME_STATE_DRAFT);

  // A draft is invisible to citizens and anonymous callers.
  v1::GetProgrammeRequest get;
  get.set_name(programme.programme().name());
  v1::GetProgrammeResponse got;
  EXPECT_EQ(server_.Call(&Stub::GetProgramme, "", get, &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(server_.Call(&Stub::GetProgramme, misa_staff_, get, &got).ok());

  v1::Offering draft = Draft(
      misa_staff_,
      CatalogueTestServer::Offering(programme.programme().name(), "misa"));
  EXPECT_EQ(draft.state(), v1::OFFERING_STATE_DRAFT);
  EXPECT_EQ(draft.sessions(0).session_id(), "s1");
  EXPECT_EQ(draft.title().en(), "Yoga for older adults");
  // Where it meets, named for a page without GetCentre or GetVenue.
  EXPECT_EQ(draft.centre_display_name().ko(), "misa 평생학습센터");
  EXPECT_EQ(draft.centre_display_name().en(), "misa Lifelong Learning Centre");
  EXPECT_EQ(draft.venue_display_name().ko(), "misa 센터 강당");

  // An offering of an unpublished programme cannot be published.
  v1::PublishOfferingRequest publish;
  publish.set_request_id(NewRequestId());
  publish.set_name(draft.name());
  v1::PublishOfferingResponse published;
  EXPECT_EQ(
      Of(server_.Call(&Stub::PublishOffering, misa_staff_, publish, &published))
          .reason,
      "PROGRAMME_NOT_PUBLISHED");

  v1::PublishProgrammeRequest publish_programme;
  publish_programme.set_request_id(NewRequestId());
  publish_programme.set_name(programme.programme().name());
  publish_programme.set_etag(programme.programme().etag());
  v1::PublishProgrammeResponse programme_published;
  ASSERT_TRUE(server_
                  .Call(&Stub::PublishProgramme, misa_staff_, publish_programme,
                        &programme_published)
                  .ok());
  // Published once: a second publish is refused.
  publish_programme.set_request_id(NewRequestId());
  publish_programme.clear_etag();
  EXPECT_EQ(Of(server_.Call(&Stub::PublishProgramme, misa_staff_,
                            publish_programme, &programme_published))
                .reason,
            "INVALID_STATE");

  publish.set_request_id(NewRequestId());
  ASSERT_TRUE(
      server_.Call(&Stub::PublishOffering, misa_staff_, publish, &published)
          .ok());
  EXPECT_EQ(published.offering().state(), v1::OFFERING_STATE_PUBLISHED);
  EXPECT_TRUE(
      published.offering().application_open());  // window open 10 days before

  v1::GetOfferingRequest get_offering;
  get_offering.set_name(draft.name());
  v1::GetOfferingResponse seen;
  ASSERT_TRUE(server_.Call(&Stub::GetOffering, "", get_offering, &seen).ok());

  server_.SetNow(kTermStart + 19 * 3600 + 60);  // during the first session
  ASSERT_TRUE(server_.Call(&Stub::GetOffering, "", get_offering, &seen).ok());
  EXPECT_EQ(seen.offering().state(), v1::OFFERING_STATE_RUNNING);
  EXPECT_FALSE(seen.offering().application_open());
  server_.SetNow(kTermStart + 80 * kDay);
  ASSERT_TRUE(server_.Call(&Stub::GetOffering, "", get_offering, &seen).ok());
  EXPECT_EQ(seen.offering().state(), v1::OFFERING_STATE_COMPLETED);

  // A completed offering can no longer be cancelled.
  v1::CancelOfferingRequest cancel;
  cancel.set_request_id(NewRequestId());
  cancel.set_name(draft.name());
  cancel.set_reason("강사 사정");
  v1::CancelOfferingResponse cancelled;
  EXPECT_EQ(
      Of(server_.Call(&Stub::CancelOffering, misa_staff_, cancel, &cancelled))
          .reason,
      "INVALID_STATE");
  EXPECT_EQ(Outbox("ProgrammePublished"), "1");
  EXPECT_EQ(Outbox("OfferingPublished"), "1");
}

// The flag and the search filter follow the rule Apply follows
// (common/application_open.h): a course that has started takes applications
// while its window is open; one whose last session has ended does not.
TEST_F(CatalogueTest, OpenForApplicationAgreesWithApplyAtEveryInstant) {
  v1::Programme p = server_.PublishedProgramme(CatalogueTestServer::Programme(
      "misa", "늦게 합류하는 강좌", "Latecomers welcome"));
  // Ten Tuesdays from kTermStart 19:00; the window stays open two weeks
  // into the course.
  v1::Offering late = CatalogueTestServer::Offering(p.name(), "misa");
  late.mutable_windows(0)->mutable_close_time()->set_seconds(kTermStart +
                                                             15 * kDay);
  std::string running = server_.PublishedOffering(late).name();
  // A window left open past the last session (ends kTermStart + 63 d 21 h).
  late.mutable_windows(0)->mutable_close_time()->set_seconds(kTermStart +
                                                             80 * kDay);
  std::string ended = server_.PublishedOffering(late).name();

  auto flag = [&](const std::string& name) {
    v1::GetOfferingRequest get;
    get.set_name(name);
    v1::GetOfferingResponse out;
    EXPECT_TRUE(server_.Call(&Stub::GetOffering, "", get, &out).ok());
    return out.offering().application_open();
  };
  auto found_open = [&]() {
    v1::SearchOfferingsRequest r;
    r.set_text("latecomers");
    r.set_open_for_application_now(true);
    v1::SearchOfferingsResponse out;
    EXPECT_TRUE(server_.Call(&Stub::SearchOfferings, "", r, &out).ok());
    std::set<std::string> names;
    for (const v1::Offering& o : out.offerings()) {
      names.insert(o.name());
      EXPECT_TRUE(o.application_open()) << o.name();
    }
    return names;
  };

  server_.SetNow(kTermStart + 19 * 3600 + 60);  // the first session runs
  EXPECT_TRUE(flag(running));
  EXPECT_TRUE(flag(ended));
  EXPECT_EQ(found_open(), (std::set<std::string>{running, ended}));

  server_.SetNow(kTermStart + 15 * kDay);  // the first window closes
  EXPECT_FALSE(flag(running));
  EXPECT_TRUE(flag(ended));
  EXPECT_EQ(found_open(), std::set<std::string>{ended});

  server_.SetNow(kTermStart + 70 * kDay);  // after the last session
  EXPECT_FALSE(flag(ended));
  EXPECT_TRUE(found_open().empty());

  server_.SetNow(kTermStart - 31 * kDay);  // before any window
  EXPECT_FALSE(flag(running));
  EXPECT_TRUE(found_open().empty());
}

TEST_F(CatalogueTest, CancellingAPublishedOfferingTellsEnrolment) {
  v1::Programme p = server_.PublishedProgramme(CatalogueTestServer::Programme(
      "misa", "탄소중립 실천", "Carbon neutrality in practice",
      "categories/climate"));
  v1::Offering o = server_.PublishedOffering(
      CatalogueTestServer::Offering(p.name(), "misa"));
  v1::CancelOfferingRequest cancel;
  cancel.set_request_id(NewRequestId());
  cancel.set_name(o.name());
  cancel.set_etag(o.etag());
  cancel.set_reason("폐강: 신청 인원 부족");
  v1::CancelOfferingResponse cancelled;
  ASSERT_TRUE(
      server_.Call(&Stub::CancelOffering, misa_staff_, cancel, &cancelled)
          .ok());
  EXPECT_EQ(cancelled.offering().state(), v1::OFFERING_STATE_CANCELLED);
  EXPECT_FALSE(cancelled.offering().application_open());
  EXPECT_EQ(Outbox("OfferingCancelled"), "1");
  // The retry returns the first answer and writes no second event.
  ASSERT_TRUE(
      server_.Call(&Stub::CancelOffering, misa_staff_, cancel, &cancelled)
          .ok());
  EXPECT_EQ(Outbox("OfferingCancelled"), "1");
}

TEST_F(CatalogueTest, UpdatesNeedTheCurrentEtagAndAWritableMask) {
  v1::Programme p = server_.PublishedProgramme(CatalogueTestServer::Programme(
      "misa", "디지털 문해", "Digital literacy", "categories/digital"));
  v1::Offering o = server_.PublishedOffering(
      CatalogueTestServer::Offering(p.name(), "misa"));

  v1::UpdateOfferingRequest update;
  update.set_request_id(NewRequestId());
  update.mutable_offering()->set_name(o.name());
  update.mutable_offering()->set_etag(o.etag());
  update.mutable_offering()->set_capacity(25);
  update.mutable_update_mask()->add_paths("capacity");
  v1::UpdateOfferingResponse updated;
  ASSERT_TRUE(
      server_.Call(&Stub::UpdateOffering, misa_staff_, update, &updated).ok());
  EXPECT_EQ(updated.offering().capacity(), 25);
  EXPECT_EQ(updated.offering().sessions_size(), 10);  // untouched fields stay
  EXPECT_NE(updated.offering().etag(), o.etag());
  EXPECT_EQ(Outbox("OfferingUpdated"), "1");

  // The old etag is stale now.
  update.set_request_id(NewRequestId());
  update.mutable_offering()->set_capacity(28);
  Answer stale =
      Of(server_.Call(&Stub::UpdateOffering, misa_staff_, update, &updated));
  EXPECT_EQ(stale.code, grpc::StatusCode::ABORTED);
  EXPECT_EQ(stale.reason, "ETAG_MISMATCH");

  update.set_request_id(NewRequestId());
  update.mutable_offering()->set_etag(updated.offering().etag());
  update.mutable_update_mask()->clear_paths();
  update.mutable_update_mask()->add_paths("no_such_field");
  update.mutable_update_mask()->add_paths("state");
  EXPECT_THAT(
      Of(server_.Call(&Stub::UpdateOffering, misa_staff_, update, &updated))
          .fields,
      UnorderedElementsAre("update_mask.paths[0]:UNKNOWN_FIELD",
                           "update_mask.paths[1]:NOT_WRITABLE"));

  // Over the room's capacity (30) is refused and nothing changes.
  update.mutable_update_mask()->clear_paths();
  update.mutable_update_mask()->add_paths("capacity");
  update.mutable_offering()->set_capacity(31);
  EXPECT_THAT(
      Of(server_.Call(&Stub::UpdateOffering, misa_staff_, update, &updated))
          .fields,
      Contains("offering.capacity:OVER_ROOM_CAPACITY"));
  v1::GetOfferingRequest get;
  get.set_name(o.name());
  v1::GetOfferingResponse now;
  ASSERT_TRUE(server_.Call(&Stub::GetOffering, "", get, &now).ok());
  EXPECT_EQ(now.offering().capacity(), 25);
}

TEST_F(CatalogueTest, BadOfferingNamesEachField) {
  v1::Programme p = server_.PublishedProgramme(
      CatalogueTestServer::Programme("misa", "역사 인문학", "History"));
  v1::Offering bad = CatalogueTestServer::Offering(p.name(), "misa");
  bad.mutable_windows(0)->mutable_close_time()->set_seconds(
      bad.windows(0).open_time().seconds() - 1);
  bad.mutable_fees()->set_fee_krw(-1);
  bad.set_term("spring");
  Answer a;
  Draft(misa_staff_, bad, &a);
  EXPECT_EQ(a.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(a.fields, UnorderedElementsAre(
                            "offering.windows[0].close_time:ENDS_BEFORE_START",
                            "offering.fees.fee_krw:OUT_OF_RANGE",
                            "offering.term:INVALID_FORMAT"));

  // The subway station hosts classes on Tuesday and Thursday evenings only.
  v1::Offering at_station = CatalogueTestServer::Offering(p.name(), "misa");
  at_station.set_venue("venues/misa-station");
  at_station.set_room("concourse");
  at_station.set_capacity(25);  // the concourse holds 20
  at_station.mutable_sessions(1)->mutable_start_time()->set_seconds(
      kTermStart + 8 * kDay + 19 * 3600);  // a Wednesday
  at_station.mutable_sessions(1)->mutable_end_time()->set_seconds(
      kTermStart + 8 * kDay + 21 * 3600);
  at_station.mutable_sessions(2)->mutable_start_time()->set_seconds(
      kTermStart + 14 * kDay + 18 * 3600);  // Tuesday, before opening
  at_station.mutable_sessions(2)->mutable_end_time()->set_seconds(
      kTermStart + 14 * kDay + 20 * 3600);
  Draft(misa_staff_, at_station, &a);
  EXPECT_THAT(a.fields,
              UnorderedElementsAre("offering.sessions[1]:OUTSIDE_OPENING_HOURS",
                                   "offering.sessions[2]:OUTSIDE_OPENING_HOURS",
                                   "offering.capacity:OVER_ROOM_CAPACITY"));

  v1::CreateProgrammeRequest create;
  create.set_request_id(NewRequestId());
  *create.mutable_programme() =
      CatalogueTestServer::Programme("misa", "x", "x", "categories/astrology");
  v1::CreateProgrammeResponse created;
  EXPECT_THAT(
      Of(server_.Call(&Stub::CreateProgramme, misa_staff_, create, &created))
          .fields,
      UnorderedElementsAre("programme.category:UNKNOWN_CATEGORY"));
  EXPECT_EQ(server_.db().AdminQuery("SELECT count(*) FROM " +
                                    server_.db().name() + ".offerings"),
            "0");
}

TEST_F(CatalogueTest, StaffManageTheirOwnCentreOnly) {
  v1::CreateProgrammeRequest create;
  create.set_request_id(NewRequestId());
  *create.mutable_programme() =
      CatalogueTestServer::Programme("misa", "합창", "Choir");
  v1::CreateProgrammeResponse created;
  EXPECT_EQ(
      Of(server_.Call(&Stub::CreateProgramme, wirye_staff_, create, &created))
          .reason,
      "NOT_YOUR_CENTRE");
  std::string citizen = server_.Token({{common::kRoleCitizen, ""}});
  EXPECT_EQ(server_.Call(&Stub::CreateProgramme, citizen, create, &created)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(
      server_.Call(&Stub::CreateProgramme, "", create, &created).error_code(),
      grpc::StatusCode::UNAUTHENTICATED);

  v1::Programme p = server_.PublishedProgramme(create.programme());
  v1::Offering o = server_.PublishedOffering(
      CatalogueTestServer::Offering(p.name(), "misa"));
  v1::CancelSessionRequest cancel;
  cancel.set_request_id(NewRequestId());
  cancel.set_offering(o.name());
  cancel.set_session_id("s3");
  v1::CancelSessionResponse out;
  EXPECT_EQ(server_.Call(&Stub::CancelSession, wirye_staff_, cancel, &out)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(
      server_.Call(&Stub::CancelSession, misa_staff_, cancel, &out).ok());
  EXPECT_EQ(out.offering().sessions(2).state(), v1::SESSION_STATE_CANCELLED);
  EXPECT_EQ(Outbox("SessionCancelled"), "1");

  v1::RescheduleSessionRequest move;
  move.set_request_id(NewRequestId());
  move.set_offering(o.name());
  move.set_session_id("s4");
  move.mutable_start_time()->set_seconds(kTermStart + 23 * kDay +
                                         10 * 3600);  // Thu 10:00
  move.mutable_end_time()->set_seconds(kTermStart + 23 * kDay + 12 * 3600);
  v1::RescheduleSessionResponse moved;
  ASSERT_TRUE(
      server_.Call(&Stub::RescheduleSession, admin_, move, &moved).ok());
  EXPECT_EQ(moved.offering().sessions(3).start_time().seconds(),
            kTermStart + 23 * kDay + 10 * 3600);
  EXPECT_EQ(Outbox("SessionRescheduled"), "1");
}

class SearchTest : public CatalogueTest {
 protected:
  void SetUp() override {
    CatalogueTest::SetUp();
    auto make = [&](const std::string& centre, const std::string& ko,
                    const std::string& en, const std::string& category,
                    auto adjust) {
      v1::Programme p =
          CatalogueTestServer::Programme(centre, ko, en, category);
      v1::Offering o = CatalogueTestServer::Offering("", centre);
      adjust(p, o);
      v1::Programme published = server_.PublishedProgramme(p);
      o.set_programme(published.name());
      return server_.PublishedOffering(o).name();
    };
    yoga_ =
        make("misa", "어르신 건강 요가", "Gentle yoga for older adults",
             "categories/health-older", [](v1::Programme& p, v1::Offering& o) {
               p.clear_audiences();
               p.add_audiences(v1::AUDIENCE_OLDER_ADULTS);
               p.set_min_age(60);
               o.mutable_fees()->set_fee_krw(0);
               for (v1::Session& s : *o.mutable_sessions()) {  // Tuesday 10:00
                 s.mutable_start_time()->set_seconds(s.start_time().seconds() -
                                                     9 * 3600);
                 s.mutable_end_time()->set_seconds(s.end_time().seconds() -
                                                   9 * 3600);
               }
             });
    night_ =
        make("wirye", "지하철역 야간 경영 강좌", "Night class on management",
             "categories/management", [](v1::Programme& p, v1::Offering& o) {
               p.clear_audiences();
               p.add_audiences(v1::AUDIENCE_OFFICE_WORKERS);
               o.set_venue("venues/wirye-station");
               o.set_room("concourse");
             });
    carbon_ = make("wirye", "탄소중립 시민 교실", "Carbon neutral citizens",
                   "categories/climate", [](v1::Programme& p, v1::Offering& o) {
                     p.clear_audiences();
                     p.add_audiences(v1::AUDIENCE_FAMILIES);
                     o.set_delivery(v1::DELIVERY_ONLINE);
                     o.clear_venue();
                     o.clear_room();
                     o.mutable_windows(0)->mutable_open_time()->set_seconds(
                         kTermStart - 2 * kDay);
                   });
  }

  std::set<std::string> Search(const v1::SearchOfferingsRequest& r,
                               int* total = nullptr) {
    v1::SearchOfferingsResponse out;
    grpc::Status s = server_.Call(&Stub::SearchOfferings, "", r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    if (total != nullptr) *total = out.total_size();
    std::set<std::string> names;
    for (const v1::Offering& o : out.offerings()) names.insert(o.name());
    return names;
  }

  std::string yoga_, night_, carbon_;
};

TEST_F(SearchTest, TextMatchesPartialWordsInKoreanAndEnglish) {
  v1::SearchOfferingsRequest r;
  r.set_text("요가");
  EXPECT_EQ(Search(r), std::set<std::string>{yoga_});
  r.set_text("탄소");
  EXPECT_EQ(Search(r), std::set<std::string>{carbon_});
  r.set_text("YOG");
  EXPECT_EQ(Search(r), std::set<std::string>{yoga_});
  r.set_text("manage night");
  EXPECT_EQ(Search(r), std::set<std::string>{night_});
  r.set_text("100%_off");
  EXPECT_TRUE(Search(r).empty());
  int total = 0;
  r.clear_text();
  EXPECT_EQ(Search(r, &total).size(), 3u);
  EXPECT_EQ(total, 3);
}

TEST_F(SearchTest, TextLimitCountsCharactersNotBytes) {
  auto answer = [&](const std::string& text) {
    v1::SearchOfferingsRequest r;
    r.set_text(text);
    v1::SearchOfferingsResponse out;
    return server_.Call(&Stub::SearchOfferings, "", r, &out).error_code();
  };
  std::string hangul_100, hangul_101;
  for (int i = 0; i < 100; ++i) hangul_100 += "탄";
  hangul_101 = hangul_100 + "소";
  EXPECT_EQ(answer(hangul_100), grpc::StatusCode::OK);  // 300 bytes
  EXPECT_EQ(answer(hangul_101), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(answer(std::string(100, 'a')), grpc::StatusCode::OK);
  EXPECT_EQ(answer(std::string(101, 'a')), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(SearchTest, FiltersACitizenUses) {
  v1::SearchOfferingsRequest r;
  r.set_category("categories/health");  // includes health-older
  EXPECT_EQ(Search(r), std::set<std::string>{yoga_});
  r.Clear();
  r.add_audiences(v1::AUDIENCE_OFFICE_WORKERS);
  EXPECT_EQ(Search(r), std::set<std::string>{night_});
  r.Clear();
  r.set_district("Wirye");
  EXPECT_EQ(Search(r), (std::set<std::string>{night_, carbon_}));
  r.Clear();
  r.set_centre("centres/misa");
  EXPECT_EQ(Search(r), std::set<std::string>{yoga_});
  r.Clear();
  r.set_time_of_day(v1::TIME_OF_DAY_EVENING);
  EXPECT_EQ(Search(r), (std::set<std::string>{night_, carbon_}));
  r.set_time_of_day(v1::TIME_OF_DAY_MORNING);
  EXPECT_EQ(Search(r), std::set<std::string>{yoga_});
  r.Clear();
  r.add_days_of_week(2);  // Tuesday: all
  EXPECT_EQ(Search(r).size(), 3u);
  r.set_days_of_week(0, 6);
  EXPECT_TRUE(Search(r).empty());
  r.Clear();
  r.add_delivery(v1::DELIVERY_ONLINE);
  EXPECT_EQ(Search(r), std::set<std::string>{carbon_});
  r.Clear();
  r.add_accessibility(v1::ACCESSIBILITY_STEP_FREE);
  EXPECT_EQ(Search(r), std::set<std::string>{yoga_});
  r.Clear();
  // The night classes in subway stations; online ones have no venue. The
  // form's list (GetSearchOptions, no session) offers the value to filter
  // by.
  v1::GetSearchOptionsResponse lists;
  ASSERT_TRUE(server_.Call(&Stub::GetSearchOptions, "", {}, &lists).ok());
  for (const v1::EnumOption& kind : lists.venue_kinds()) {
    if (kind.display_name().ko() == "지하철역") {
      r.add_venue_kinds(static_cast<v1::VenueKind>(kind.number()));
    }
  }
  EXPECT_EQ(Search(r), std::set<std::string>{night_});
  r.add_venue_kinds(v1::VENUE_KIND_BASE_CENTRE);
  EXPECT_EQ(Search(r), (std::set<std::string>{yoga_, night_}));
  r.Clear();
  r.set_free_only(true);
  EXPECT_EQ(Search(r), std::set<std::string>{yoga_});
  r.Clear();
  r.set_open_for_application_now(true);  // now = 10 days before term
  EXPECT_EQ(Search(r), (std::set<std::string>{yoga_, night_}));
  r.Clear();
  r.set_age(35);
  EXPECT_EQ(Search(r), (std::set<std::string>{night_, carbon_}));
  r.set_age(70);
  EXPECT_EQ(Search(r).size(), 3u);
}

TEST_F(SearchTest, BasicViewIsAListEntryAndFullViewIsEverything) {
  v1::SearchOfferingsRequest r;
  r.set_text("요가");
  v1::SearchOfferingsResponse out;
  ASSERT_TRUE(server_.Call(&Stub::SearchOfferings, "", r, &out).ok());
  ASSERT_EQ(out.offerings_size(), 1);
  EXPECT_EQ(out.offerings(0).sessions_size(), 1);
  EXPECT_EQ(out.offerings(0).windows_size(), 0);
  EXPECT_TRUE(
      out.offerings(0).application_open());  // derived from the full offering
  EXPECT_EQ(out.offerings(0).title().en(), "Gentle yoga for older adults");
  EXPECT_FALSE(out.offerings(0).centre_display_name().ko().empty());
  EXPECT_FALSE(out.offerings(0).venue_display_name().ko().empty());
  // A results page names its instructors in one BatchGetStaffProfiles.
  EXPECT_EQ(out.offerings(0).instructor(), kInstructor);
  r.set_view(v1::OFFERING_VIEW_FULL);
  ASSERT_TRUE(server_.Call(&Stub::SearchOfferings, "", r, &out).ok());
  EXPECT_EQ(out.offerings(0).sessions_size(), 10);
  EXPECT_EQ(out.offerings(0).windows_size(), 1);
}

TEST_F(SearchTest, BadFiltersNameTheField) {
  v1::SearchOfferingsRequest r;
  r.add_days_of_week(8);
  r.set_age(-1);
  r.set_page_size(-5);
  v1::SearchOfferingsResponse out;
  EXPECT_THAT(
      Of(server_.Call(&Stub::SearchOfferings, "", r, &out)).fields,
      UnorderedElementsAre("days_of_week[0]:OUT_OF_RANGE", "age:OUT_OF_RANGE",
                           "page_size:OUT_OF_RANGE"));
}

TEST_F(CatalogueTest, PagesStayStableWhileOfferingsAreAdded) {
  v1::Programme p = server_.PublishedProgramme(
      CatalogueTestServer::Programme("misa", "수채화", "Watercolour"));
  std::set<std::string> before;
  for (int i = 0; i < 7; ++i) {
    before.insert(
        server_
            .PublishedOffering(CatalogueTestServer::Offering(p.name(), "misa"))
            .name());
  }
  for (bool search : {false, true}) {
    std::vector<std::string> seen;
    std::string token;
    int pages = 0;
    do {
      std::vector<std::string> page;
      if (search) {
        v1::SearchOfferingsRequest r;
        r.set_centre("centres/misa");
        r.set_page_size(3);
        r.set_page_token(token);
        v1::SearchOfferingsResponse out;
        ASSERT_TRUE(server_.Call(&Stub::SearchOfferings, "", r, &out).ok());
        for (const v1::Offering& o : out.offerings()) page.push_back(o.name());
        token = out.next_page_token();
      } else {
        v1::ListOfferingsRequest r;
        r.set_programme(p.name());
        r.set_page_size(3);
        r.set_page_token(token);
        v1::ListOfferingsResponse out;
        ASSERT_TRUE(server_.Call(&Stub::ListOfferings, "", r, &out).ok());
        for (const v1::Offering& o : out.offerings()) page.push_back(o.name());
        token = out.next_page_token();
      }
      seen.insert(seen.end(), page.begin(), page.end());
      // Another offering arrives between every two pages.
      server_.PublishedOffering(
          CatalogueTestServer::Offering(p.name(), "misa"));
      ASSERT_LT(++pages, 20);
    } while (!token.empty());
    std::set<std::string> unique(seen.begin(), seen.end());
    EXPECT_EQ(unique.size(), seen.size()) << "an offering came twice";
    for (const std::string& name : before)
      EXPECT_EQ(unique.count(name), 1u) << name;
  }
  // A token used with other filters is refused.
  v1::ListOfferingsRequest first;
  first.set_programme(p.name());
  first.set_page_size(2);
  v1::ListOfferingsResponse out;
  ASSERT_TRUE(server_.Call(&Stub::ListOfferings, "", first, &out).ok());
  v1::ListOfferingsRequest other;
  other.set_centre("centres/wirye");
  other.set_page_token(out.next_page_token());
  EXPECT_THAT(Of(server_.Call(&Stub::ListOfferings, "", other, &out)).fields,
              UnorderedElementsAre("page_token:INVALID_PAGE_TOKEN"));
}

TEST_F(CatalogueTest, EventsReachKafkaWithEverythingEnrolmentNeeds) {
  v1::Programme p = server_.PublishedProgramme(CatalogueTestServer::Programme(
      "misa", "문해 교실", "Literacy class", "categories/literacy"));
  v1::Offering o = CatalogueTestServer::Offering(p.name(), "misa");
  o.set_selection(v1::SELECTION_METHOD_LOTTERY);
  o.mutable_eligibility()->set_residents_only(true);
  o.set_limit_group("2027-spring-literacy");
  std::string name = server_.PublishedOffering(o).name();

  common::OutboxRelay relay(server_.dsn(), testing::Brokers(),
                            "//lifelong/catalogue");
  relay.RelayOnce();
  std::vector<common::ConsumedMessage> got = testing::ReadTopic(
      kOfferingTopic,
      [&](const common::ConsumedMessage& m) {
        lifelong::catalogue::events::v1::OfferingPublished e;
        return m.headers.at("ce_type") ==
                   "lifelong.catalogue.events.v1.OfferingPublished" &&
               e.ParseFromString(m.value) && e.offering().name() == name;
      },
      1, std::chrono::seconds(60));
  ASSERT_EQ(got.size(), 1u);
  lifelong::catalogue::events::v1::OfferingPublished e;
  ASSERT_TRUE(e.ParseFromString(got[0].value));
  EXPECT_EQ(got[0].key, name.substr(10));
  EXPECT_EQ(e.offering().capacity(), 20);
  EXPECT_EQ(e.offering().selection(), v1::SELECTION_METHOD_LOTTERY);
  EXPECT_TRUE(e.offering().eligibility().residents_only());
  EXPECT_EQ(e.offering().windows_size(), 1);
  EXPECT_EQ(e.offering().limit_group(), "2027-spring-literacy");
  EXPECT_EQ(e.offering().sessions_size(), 10);
}

}  // namespace
}  // namespace lifelong::catalogue
