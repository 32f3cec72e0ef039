// A consumer that joins after the traffic rebuilds every application's
// status and waitlist rank from lifelong.enrolment.application.v1 alone,
// with only the rules docs/events/enrolment.md ("Deriving state from the
// stream") gives, and finds what the enrolment API answers; and again from
// lifelong.enrolment.application.v2 alone, whose records must each be the
// twin of a v1 record (same key and ce_time, own ce_id; the catalogue's
// offering topics likewise).
//
// The traffic, against the running stack: first-come and lottery offerings,
// applications from several clients at once, cancellations of seats, of
// waiting places and of offers, accepted offers, staff withdrawals, more
// capacity, a cancelled offering and the draws. The reader decodes payloads
// by ce_type through the descriptor pool and reads fields by the names the
// docs use, so it follows a payload's fields rather than one C++ type.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/field_mask.pb.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

#include "common/testing/test_stack.h"
#include "lifelong/enrolment/events/v1/enrolment_events.pb.h"
#include "lifelong/enrolment/v1/enrolment_service.grpc.pb.h"
#include "tests/events/stream_support.h"
#include "tests/support/platform_clients.h"

namespace lifelong {
namespace {

namespace iv1 = identity::v1;
namespace cv1 = catalogue::v1;
namespace ev1 = enrolment::v1;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using testing::Bearer;
using Clock = std::chrono::steady_clock;

constexpr char kTopic[] = "lifelong.enrolment.application.v1";
// v2, beside v1 (docs/events/README.md, "Versions"): the same rules rebuild
// the same state from it, and each v1 record has its twin there.
constexpr char kTopicV2[] = "lifelong.enrolment.application.v2";
constexpr char kWaitlisted[] = "APPLICATION_STATUS_WAITLISTED";

// ---- The late consumer: only the documented rules. ----

// The payload's `application` snapshot, if it has one.
const Message* ApplicationIn(const Message& payload) {
  const FieldDescriptor* f =
      payload.GetDescriptor()->FindFieldByName("application");
  if (f == nullptr || f->type() != FieldDescriptor::TYPE_MESSAGE ||
      f->is_repeated() || !payload.GetReflection()->HasField(payload, f)) {
    return nullptr;
  }
  return &payload.GetReflection()->GetMessage(payload, f);
}

std::string StringField(const Message& m, const std::string& name) {
  const FieldDescriptor* f = m.GetDescriptor()->FindFieldByName(name);
  return f == nullptr ? "" : m.GetReflection()->GetString(m, f);
}

int IntField(const Message& m, const std::string& name) {
  const FieldDescriptor* f = m.GetDescriptor()->FindFieldByName(name);
  return f == nullptr ? -1 : m.GetReflection()->GetInt32(m, f);
}

std::string EnumName(const Message& m, const std::string& name) {
  const FieldDescriptor* f = m.GetDescriptor()->FindFieldByName(name);
  return f == nullptr ? "" : m.GetReflection()->GetEnum(m, f)->name();
}

bool HoldsSeat(const std::string& status) {
  return status == "APPLICATION_STATUS_CONFIRMED" ||
         status == "APPLICATION_STATUS_OFFERED" ||
         status == "APPLICATION_STATUS_COMPLETED";
}

// Per offering (the record key): each application's status is the one in
// the latest event that carries the application; the waitlist is the
// applications in the order they became WAITLISTED, each leaving it with its
// first later event of another status; a rank is 1 + those ahead still
// waiting.
class EnrolmentReadModel {
 public:
  void Apply(const common::ConsumedMessage& m) {
    std::unique_ptr<Message> payload = testing::Decode(m);
    std::string where = m.headers.count("ce_type")
                            ? m.headers.at("ce_type") + " at " + m.topic + "/" +
                                  std::to_string(m.partition) + "/" +
                                  std::to_string(m.offset)
                            : "a record without ce_type";
    if (!payload) {
      findings_.push_back(where + " does not decode");
      return;
    }
    const Message* a = ApplicationIn(*payload);
    if (a == nullptr) return;  // LotteryDrawn, AttendanceRecorded, ...
    std::string name = StringField(*a, "name");
    std::string status = EnumName(*a, "status");
    std::string& now = status_[name];
    std::vector<std::string>& waitlist = waitlists_[m.key];
    if (now == kWaitlisted && status != kWaitlisted) {
      waitlist.erase(std::find(waitlist.begin(), waitlist.end(), name));
    }
    if (now != kWaitlisted && status == kWaitlisted) waitlist.push_back(name);
    if (HoldsSeat(now) != HoldsSeat(status))
      held_[m.key] += HoldsSeat(status) ? 1 : -1;
    now = status;
    offering_of_[name] = m.key;
    // What the docs promise of each record as it comes.
    if (status == kWaitlisted &&
        IntField(*a, "waitlist_position") != Rank(name)) {
      findings_.push_back(where + ": " + name + " says waitlist_position " +
                          std::to_string(IntField(*a, "waitlist_position")) +
                          ", the stream so far gives rank " +
                          std::to_string(Rank(name)));
    }
    // The shortcut the docs give beside this order ("Waitlist ranks by queue
    // position"): each Waitlisted's queue_position is above every earlier
    // one of its offering, so ordering by it is the order of the stream.
    if (payload->GetDescriptor()->FindFieldByName("queue_position") !=
        nullptr) {
      int queue_position = IntField(*payload, "queue_position");
      int& last = last_queue_position_[m.key];
      if (queue_position <= last) {
        findings_.push_back(where + ": queue_position " +
                            std::to_string(queue_position) +
                            " after an earlier " + std::to_string(last));
      }
      last = std::max(last, queue_position);
    }
    auto cap = capacity_.find(m.key);
    if (cap != capacity_.end() && held_[m.key] > cap->second) {
      findings_.push_back(where + ": " + std::to_string(held_[m.key]) +
                          " seats held, more than the capacity " +
                          std::to_string(cap->second));
    }
  }

  int Rank(const std::string& application) const {
    auto o = offering_of_.find(application);
    if (o == offering_of_.end()) return 0;
    const std::vector<std::string>& w = waitlists_.at(o->second);
    auto it = std::find(w.begin(), w.end(), application);
    return it == w.end() ? 0 : static_cast<int>(it - w.begin()) + 1;
  }
  std::string Status(const std::string& application) const {
    auto it = status_.find(application);
    return it == status_.end() ? "(no event)" : it->second;
  }
  std::vector<std::string> Waitlist(const std::string& offering_id) const {
    auto it = waitlists_.find(offering_id);
    return it == waitlists_.end() ? std::vector<std::string>{} : it->second;
  }
  const std::map<std::string, std::string>& offering_of() const {
    return offering_of_;
  }
  // The most seats an offering ever had: more held than that is out of order.
  void SetCapacity(const std::string& offering_id, int seats) {
    capacity_[offering_id] = seats;
  }
  const std::vector<std::string>& findings() const { return findings_; }

 private:
  std::map<std::string, std::string> status_;       // application → status
  std::map<std::string, std::string> offering_of_;  // application → offering
  std::map<std::string, std::vector<std::string>> waitlists_;
  std::map<std::string, int> held_, capacity_, last_queue_position_;
  std::vector<std::string> findings_;
};

// ---- The traffic, through the APIs. ----

std::string IdOf(const std::string& name) {
  return name.substr(name.find('/') + 1);
}

struct Offering {
  std::string name;
  std::string centre;
  bool lottery = false;
  int capacity = 0;
};

class EnrolmentRebuildTest : public ::testing::Test {
 protected:
  EnrolmentRebuildTest()
      : identity_(
            iv1::IdentityService::NewStub(testing::ServiceChannel("IDENTITY"))),
        catalogue_(cv1::CatalogueService::NewStub(
            testing::ServiceChannel("CATALOGUE"))),
        enrolment_(ev1::EnrolmentService::NewStub(
            testing::ServiceChannel("ENROLMENT"))),
        run_("rb-" + testing::RandomSuffix()) {}

  // Every application of `offering` with `status`, in the API's order.
  std::vector<ev1::Application> List(const std::string& offering,
                                     ev1::ApplicationStatus status) {
    std::vector<ev1::Application> out;
    ev1::ListOfferingApplicationsRequest r;
    r.set_offering(offering);
    r.set_status(status);
    r.set_page_size(100);
    do {
      ev1::ListOfferingApplicationsResponse page;
      grpc::Status s =
          enrolment_->ListOfferingApplications(Bearer(staff_).get(), r, &page);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      out.insert(out.end(), page.applications().begin(),
                 page.applications().end());
      r.set_page_token(page.next_page_token());
    } while (!r.page_token().empty());
    return out;
  }

  void Apply(const Offering& offering, int citizen) {
    ev1::ApplyRequest r;
    r.set_request_id("apply-" + IdOf(offering.name) + "-" +
                     std::to_string(citizen));
    r.set_offering(offering.name);
    ev1::ApplyResponse out;
    grpc::Status s = testing::Eventually(
        [&] {
          return enrolment_->Apply(Bearer(citizens_[citizen]).get(), r, &out);
        },
        {"CITIZEN_UNKNOWN", "OFFERING_NOT_YET_KNOWN"});
    ASSERT_TRUE(s.ok()) << s.error_message();
    std::lock_guard<std::mutex> lock(mu_);
    applications_[out.application().name()] = citizen;
  }

  // One random change of one offering's applications, as its citizens or
  // its staff would make it.
  void Churn(const Offering& offering, std::mt19937& rng, int step) {
    std::vector<ev1::Application> confirmed =
        List(offering.name, ev1::APPLICATION_STATUS_CONFIRMED);
    std::vector<ev1::Application> waiting =
        List(offering.name, ev1::APPLICATION_STATUS_WAITLISTED);
    std::vector<ev1::Application> offered =
        List(offering.name, ev1::APPLICATION_STATUS_OFFERED);
    auto pick = [&](const std::vector<ev1::Application>& from) {
      return from[std::uniform_int_distribution<size_t>(0,
                                                        from.size() - 1)(rng)];
    };
    std::string id =
        "churn-" + IdOf(offering.name) + "-" + std::to_string(step);
    // Weights: seats given up, withdrawn, waiting places left, offers
    // accepted, offers declined.
    switch (std::discrete_distribution<int>({2, 1, 1, 3, 1})(rng)) {
      case 0:  // a learner gives up their seat: the next in line is offered it
      case 1:  // staff withdraw one
        if (confirmed.empty()) return;
        Cancel(pick(confirmed), id, /*by_staff=*/step % 2 == 1);
        return;
      case 2:  // someone leaves the waitlist: those behind move up
        if (waiting.empty()) return;
        Cancel(pick(waiting), id, false);
        return;
      case 3: {  // an offer is accepted
        if (offered.empty()) return;
        ev1::Application a = pick(offered);
        ev1::AcceptSeatOfferRequest r;
        r.set_request_id(id);
        r.set_name(a.name());
        ev1::AcceptSeatOfferResponse out;
        grpc::Status s = enrolment_->AcceptSeatOffer(
            Bearer(citizens_[CitizenOf(a.name())]).get(), r, &out);
        EXPECT_TRUE(s.ok()) << s.error_message();
        return;
      }
      default:  // an offer is declined: the seat goes on down the line
        if (offered.empty()) return;
        Cancel(pick(offered), id, false);
    }
  }

  void Cancel(const ev1::Application& a, const std::string& id, bool by_staff) {
    ev1::CancelApplicationRequest r;
    r.set_request_id(id);
    r.set_name(a.name());
    ev1::CancelApplicationResponse out;
    std::string token = by_staff ? staff_ : citizens_[CitizenOf(a.name())];
    grpc::Status s =
        enrolment_->CancelApplication(Bearer(token).get(), r, &out);
    EXPECT_TRUE(s.ok()) << a.name() << ": " << s.error_message();
  }

  int CitizenOf(const std::string& application) {
    std::lock_guard<std::mutex> lock(mu_);
    return applications_.at(application);
  }

  cv1::Offering GetOffering(const std::string& name) {
    cv1::GetOfferingRequest r;
    r.set_name(name);
    cv1::GetOfferingResponse out;
    EXPECT_TRUE(catalogue_->GetOffering(Bearer(admin_).get(), r, &out).ok());
    return out.offering();
  }

  // What the API and the rebuilt model disagree on ("" when nothing).
  std::string Differences(const EnrolmentReadModel& model) {
    std::ostringstream out;
    for (const auto& [name, citizen] : applications_) {
      ev1::GetApplicationRequest r;
      r.set_name(name);
      ev1::GetApplicationResponse got;
      grpc::Status s =
          enrolment_->GetApplication(Bearer(staff_).get(), r, &got);
      if (!s.ok()) {
        out << name << ": GetApplication " << s.error_message() << "\n";
        continue;
      }
      std::string api = ev1::ApplicationStatus_Name(got.application().status());
      int api_rank = got.application().waitlist_position();
      if (api != model.Status(name) || api_rank != model.Rank(name)) {
        out << name << ": the API says " << api << " rank " << api_rank
            << ", the events " << model.Status(name) << " rank "
            << model.Rank(name) << "\n";
      }
    }
    for (const auto& [name, offering] : model.offering_of()) {
      if (applications_.count(name) == 0)
        out << name << " is on the topic but no client made it\n";
    }
    for (const Offering& o : offerings_) {
      std::vector<std::string> api;
      for (const ev1::Application& a :
           List(o.name, ev1::APPLICATION_STATUS_WAITLISTED)) {
        api.push_back(a.name());
      }
      if (api != model.Waitlist(IdOf(o.name))) {
        out << o.name << ": the API's waitlist has " << api.size()
            << ", the events' " << model.Waitlist(IdOf(o.name)).size()
            << " (or another order)\n";
      }
    }
    return out.str();
  }

  std::unique_ptr<iv1::IdentityService::Stub> identity_;
  std::unique_ptr<cv1::CatalogueService::Stub> catalogue_;
  std::unique_ptr<ev1::EnrolmentService::Stub> enrolment_;
  std::string run_;
  std::string admin_, staff_;
  std::vector<std::string> citizens_;  // session tokens
  std::vector<Offering> offerings_;
  std::mutex mu_;
  std::map<std::string, int> applications_;  // name → citizen index
};

TEST_F(EnrolmentRebuildTest, LateConsumerRebuildsStatusesAndRanks) {
  constexpr int kCitizens = 24, kFirstCome = 6, kLotteries = 2, kCapacity = 3,
                kApplicants = 12, kSteps = 10;
  unsigned seed = std::random_device{}();
  SCOPED_TRACE("traffic seed " + std::to_string(seed));
  admin_ =
      testing::LogIn(*identity_, testing::kAdminEmail, testing::kAdminPassword);

  // Lotteries first: their window closes while the first-come traffic runs.
  for (int i = 0; i < kLotteries; ++i) {
    std::string key = run_ + "-lot" + std::to_string(i);
    offerings_.push_back(
        {testing::OpenLotteryOffering(*catalogue_, admin_, key, kCapacity, 60),
         "centres/" + key, true, kCapacity});
  }
  for (int i = 0; i < kFirstCome; ++i) {
    std::string key = run_ + "-fc" + std::to_string(i);
    offerings_.push_back(
        {testing::OpenFirstComeOffering(*catalogue_, admin_, key, kCapacity),
         "centres/" + key, false, kCapacity});
  }
  std::vector<std::string> centres;
  for (const Offering& o : offerings_) centres.push_back(o.centre);
  staff_ = testing::CentreStaff(*identity_, admin_, run_, centres);
  for (int i = 0; i < kCitizens; ++i) {
    iv1::RegisterCitizenResponse r = testing::RegisterCitizen(
        *identity_, run_ + "-c" + std::to_string(i), 1960 + i);
    citizens_.push_back(testing::LogIn(*identity_, r.citizen().email(),
                                       testing::kCitizenPassword));
  }

  // Applications from four clients at once, lotteries' first.
  std::mt19937 rng(seed);
  std::vector<std::pair<int, int>> applies;  // offering, citizen
  for (int o = 0; o < static_cast<int>(offerings_.size()); ++o) {
    std::vector<int> who(kCitizens);
    for (int c = 0; c < kCitizens; ++c) who[c] = c;
    std::shuffle(who.begin(), who.end(), rng);
    for (int k = 0; k < kApplicants; ++k) applies.emplace_back(o, who[k]);
  }
  std::atomic<size_t> next{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&] {
      for (size_t i; (i = next++) < applies.size();) {
        Apply(offerings_[applies[i].first], applies[i].second);
      }
    });
  }
  for (std::thread& t : clients) t.join();
  clients.clear();
  ASSERT_EQ(applications_.size(), applies.size());

  // Churn on every first-come offering at once.
  auto churn_all = [&](bool lottery) {
    for (int o = 0; o < static_cast<int>(offerings_.size()); ++o) {
      if (offerings_[o].lottery != lottery) continue;
      clients.emplace_back([&, o] {
        std::mt19937 own(seed + o);
        for (int step = 0; step < kSteps; ++step)
          Churn(offerings_[o], own, step);
      });
    }
    for (std::thread& t : clients) t.join();
    clients.clear();
  };
  churn_all(false);

  // More capacity on one (offers go to the next in line), and the catalogue
  // cancels another (every application is cancelled with it).
  Offering& grown = offerings_[kLotteries];
  cv1::UpdateOfferingRequest update;
  update.set_request_id("grow-" + run_);
  *update.mutable_offering() = GetOffering(grown.name);
  update.mutable_offering()->set_capacity(kCapacity + 2);
  update.mutable_update_mask()->add_paths("capacity");
  cv1::UpdateOfferingResponse updated;
  grpc::Status s =
      catalogue_->UpdateOffering(Bearer(admin_).get(), update, &updated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  grown.capacity = kCapacity + 2;
  const Offering& closed = offerings_[kLotteries + 1];
  cv1::CancelOfferingRequest cancel;
  cancel.set_request_id("close-" + run_);
  cancel.set_name(closed.name);
  cancel.set_etag(GetOffering(closed.name).etag());
  cancel.set_reason("강사 사정으로 폐강");
  cv1::CancelOfferingResponse cancelled;
  s = catalogue_->CancelOffering(Bearer(admin_).get(), cancel, &cancelled);
  ASSERT_TRUE(s.ok()) << s.error_message();

  // The draws, then churn on the lotteries.
  auto deadline = Clock::now() + std::chrono::seconds(120);
  for (const Offering& o : offerings_) {
    if (!o.lottery) continue;
    while (!List(o.name, ev1::APPLICATION_STATUS_APPLIED).empty()) {
      ASSERT_LT(Clock::now(), deadline) << o.name << " was not drawn";
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  }
  churn_all(true);

  // Joining now: read the topic from its beginning until the model agrees
  // with the API (the relay and the catalogue's capacity change may still
  // be on their way), or say where it does not.
  EnrolmentReadModel model, model_v2;
  std::set<std::string> ours;
  for (const Offering& o : offerings_) {
    ours.insert(IdOf(o.name));
    model.SetCapacity(IdOf(o.name), o.capacity);
    model_v2.SetCapacity(IdOf(o.name), o.capacity);
  }
  testing::TopicReader reader({kTopic, kTopicV2});
  std::string differences = "nothing read", differences_v2 = "nothing read";
  size_t records = 0;
  std::map<std::string, int> types;
  std::vector<common::ConsumedMessage> v1_records, v2_records;
  deadline = Clock::now() + std::chrono::seconds(60);
  while (Clock::now() < deadline) {
    for (const common::ConsumedMessage& m : reader.ReadToEnd()) {
      if (!ours.count(m.key)) continue;
      if (m.topic == kTopicV2) {
        model_v2.Apply(m);
        v2_records.push_back(m);
        continue;
      }
      model.Apply(m);
      v1_records.push_back(m);
      ++records;
      ++types[m.headers.count("ce_type") ? m.headers.at("ce_type") : ""];
    }
    differences = Differences(model);
    differences_v2 = Differences(model_v2);
    if (differences.empty() && differences_v2.empty() &&
        v1_records.size() == v2_records.size()) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  EXPECT_EQ(differences, "") << "after " << records << " records";
  for (const std::string& finding : model.findings()) ADD_FAILURE() << finding;
  EXPECT_EQ(differences_v2, "")
      << "from v2, after " << v2_records.size() << " records";
  for (const std::string& finding : model_v2.findings())
    ADD_FAILURE() << "v2: " << finding;
  // Each v1 record's twin: same key and ce_time, its own ce_id, in the same
  // place of the key's order.
  size_t pairs = 0;
  for (const std::string& finding :
       testing::TwinFindings(v1_records, v2_records, ours, &pairs)) {
    ADD_FAILURE() << finding;
  }
  EXPECT_EQ(pairs, v1_records.size());
  // The catalogue's events of the same offerings, likewise.
  testing::TopicReader offerings_reader(
      {"lifelong.catalogue.offering.v1", "lifelong.catalogue.offering.v2"});
  std::vector<common::ConsumedMessage> offering_v1, offering_v2;
  for (const common::ConsumedMessage& m : offerings_reader.ReadToEnd()) {
    if (!ours.count(m.key)) continue;
    (m.topic == "lifelong.catalogue.offering.v2" ? offering_v2 : offering_v1)
        .push_back(m);
  }
  size_t offering_pairs = 0;
  for (const std::string& finding :
       testing::TwinFindings(offering_v1, offering_v2, ours, &offering_pairs)) {
    ADD_FAILURE() << "catalogue: " << finding;
  }
  // Published, the capacity change, the cancellation at least.
  EXPECT_GE(offering_pairs, offerings_.size() + 2);
  std::cout << pairs << " enrolment and " << offering_pairs
            << " catalogue v1/v2 twins checked\n";
  std::map<std::string, int> by_status;
  for (const auto& [name, citizen] : applications_)
    ++by_status[model.Status(name)];
  for (const auto& [status, n] : by_status)
    std::cout << status << ": " << n << "\n";
  std::cout << records << " records of " << offerings_.size()
            << " offerings replayed\n";
  // The traffic took every path a seat can take.
  for (const char* type :
       {"ApplicationSubmitted", "EnrolmentConfirmed", "Waitlisted",
        "SeatOffered", "EnrolmentCancelled", "LotteryDrawn"}) {
    int n = types[std::string("lifelong.enrolment.events.v1.") + type];
    EXPECT_GT(n, 0) << "no " << type;
    std::cout << type << ": " << n << "\n";
  }
}

}  // namespace
}  // namespace lifelong
