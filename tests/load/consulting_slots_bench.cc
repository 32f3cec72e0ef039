// consulting_slots_bench: ListAvailableSlots over the Hanam sample (8 centres
// x 6 consultants, bookable 90 days ahead, with bookings spread over those
// days) under concurrent clients, beside a no-op RPC (grpc.health.v1 Check)
// on the same server in the same run. Each search asks one centre (or, one
// time in eight, every centre) for a week within the next 90 days, any
// consultant. Prints throughput, p50 and p99 of both and their ratio. Run it
// with tests/load/consulting_slots (it needs deploy/local/up running).
//
//   consulting_slots_bench --identity ADDR --consulting ADDR
//       [--clients 32] [--seconds 5] [--rounds 3] [--bookings 1000]
//       [--types one|all]
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
#include <future>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "deploy/demo/hanam_consulting.h"
#include "lifelong/consulting/v1/consulting_service.grpc.pb.h"
#include "lifelong/identity/v1/identity_service.grpc.pb.h"
#include "tests/load/closed_loop.h"

namespace load = lifelong::load;

namespace {

namespace kv1 = lifelong::consulting::v1;
namespace iv1 = lifelong::identity::v1;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string identity = "127.0.0.1:15410";
  std::string consulting = "127.0.0.1:15413";
  int clients = 32;
  int seconds = 5;
  int rounds = 3;
  int bookings = 1000;
  int days = 90;
  // "one": each search names one session type of the centre, or a channel
  // when it is for every centre (a citizen picks the kind of session, then
  // a time); "all": every type at once.
  std::string types = "one";
};

Options Parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--identity") o.identity = v;
    if (k == "--consulting") o.consulting = v;
    if (k == "--clients") o.clients = std::stoi(v);
    if (k == "--seconds") o.seconds = std::stoi(v);
    if (k == "--rounds") o.rounds = std::stoi(v);
    if (k == "--bookings") o.bookings = std::stoi(v);
    if (k == "--types") o.types = v;
  }
  return o;
}

std::string AdminBearer(const Options& o) {
  auto stub = iv1::IdentityService::NewStub(
      grpc::CreateChannel(o.identity, grpc::InsecureChannelCredentials()));
  iv1::LoginRequest login;
  login.set_login("admin@hanam.example");
  login.set_password("Hanam-Lifelong-2026!");
  iv1::LoginResponse session;
  grpc::ClientContext ctx;
  grpc::Status s = stub->Login(&ctx, login, &session);
  if (!s.ok()) {
    std::cerr << "admin login: " << s.error_message() << "\n";
    std::exit(1);
  }
  return "Bearer " + session.session_token();
}

// The local Seoul date `days` after today.
lifelong::types::v1::LocalDate SeoulDate(int days) {
  std::time_t t = std::time(nullptr) + 9 * 3600 + days * 86400LL;
  std::tm tm{};
  gmtime_r(&t, &tm);
  lifelong::types::v1::LocalDate d;
  d.set_year(tm.tm_year + 1900);
  d.set_month(tm.tm_mon + 1);
  d.set_day(tm.tm_mday);
  return d;
}

// Session type names by centre ("misa" -> {...}), for --types one.
std::map<std::string, std::vector<std::string>> g_types;

kv1::ListAvailableSlotsRequest RandomSearch(std::mt19937& rng, int days,
                                            bool one_type = false) {
  static const std::vector<std::string> centres =
      lifelong::demo::ConsultingCentres();
  kv1::ListAvailableSlotsRequest r;
  if (rng() % 8 != 0) {
    const std::string& centre = centres[rng() % 8];
    r.set_centre("centres/" + centre);
    const std::vector<std::string>& types = g_types[centre];
    if (one_type && !types.empty()) {
      r.set_session_type(types[rng() % types.size()]);
    }
  } else if (one_type) {
    // Any centre: the kind of session is chosen by channel.
    r.set_channel(rng() % 2 ? kv1::CHANNEL_VIDEO : kv1::CHANNEL_IN_PERSON);
  }
  int first = 1 + static_cast<int>(rng() % (days - 7));
  *r.mutable_first_day() = SeoulDate(first);
  *r.mutable_last_day() = SeoulDate(first + 6);
  return r;
}

// Books slots spread over the days (as admin, for sample citizens) until
// about `wanted` are booked. Fixed request ids: a rerun books no more.
void EnsureBookings(const Options& o, kv1::ConsultingService::Stub& stub) {
  std::string bearer = AdminBearer(o);
  std::atomic<int> next{0}, booked{0}, refused{0}, earlier{0};
  auto worker = [&] {
    for (int i = next++; i < o.bookings; i = next++) {
      std::mt19937 rng(i);
      kv1::ListAvailableSlotsRequest search = RandomSearch(rng, o.days);
      search.set_centre("centres/" +
                        lifelong::demo::ConsultingCentres()[i % 8]);
      *search.mutable_last_day() = search.first_day();
      kv1::ListAvailableSlotsResponse slots;
      grpc::ClientContext c1;
      if (!stub.ListAvailableSlots(&c1, search, &slots).ok() ||
          slots.slots().empty()) {
        continue;
      }
      const kv1::Slot& slot = slots.slots(rng() % slots.slots_size());
      kv1::BookSlotRequest book;
      char citizen[64];
      std::snprintf(citizen, sizeof(citizen),
                    "citizens/00000000-0000-4000-8000-%012d", 500000 + i);
      book.set_request_id("bench-booking-" + std::to_string(i));
      book.set_citizen(citizen);
      book.set_session_type(slot.session_type());
      book.set_consultant(slot.consultant());
      *book.mutable_start_time() = slot.start_time();
      book.mutable_intake()->add_topics(kv1::TOPIC_DIGITAL_SKILLS);
      kv1::BookSlotResponse out;
      grpc::ClientContext c2;
      c2.AddMetadata("authorization", bearer);
      grpc::Status s = stub.BookSlot(&c2, book, &out);
      if (s.ok()) {
        ++booked;
      } else if (s.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
        ++earlier;  // REQUEST_ID_REUSED: an earlier run booked this one
      } else {
        ++refused;
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  std::cout << "bookings: " << booked << " booked now, " << earlier
            << " by an earlier run, " << refused
            << " refused (slot taken meanwhile)" << std::endl;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = Parse(argc, argv);
  auto setup = kv1::ConsultingService::NewStub(
      grpc::CreateChannel(o.consulting, grpc::InsecureChannelCredentials()));
  EnsureBookings(o, *setup);
  {
    kv1::ListSessionTypesRequest all;
    kv1::ListSessionTypesResponse types;
    grpc::ClientContext ctx;
    if (setup->ListSessionTypes(&ctx, all, &types).ok()) {
      for (const kv1::SessionType& t : types.session_types()) {
        g_types[t.centre().substr(8)].push_back(t.name());
      }
    }
  }
  bool one_type = o.types == "one";
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < 4; ++i) {
    args.SetString("lifelong.bench.channel", std::to_string(i));
    channels.push_back(grpc::CreateCustomChannel(
        o.consulting, grpc::InsecureChannelCredentials(), args));
  }
  using Factory = std::function<load::LoadCall(int)>;
  std::map<std::string, Factory> workloads = {
      {"noop",
       [&](int t) {
         auto noop =
             std::make_shared<load::NoOp>(channels[t % channels.size()]);
         return [noop](std::mt19937&) -> long { return noop->Call() ? 0 : -1; };
       }},
      {"slots",
       [&](int t) {
         auto stub = std::shared_ptr<kv1::ConsultingService::Stub>(
             kv1::ConsultingService::NewStub(channels[t % channels.size()]));
         return [stub, &o, one_type](std::mt19937& rng) -> long {
           kv1::ListAvailableSlotsRequest r =
               RandomSearch(rng, o.days, one_type);
           kv1::ListAvailableSlotsResponse out;
           grpc::ClientContext ctx;
           if (!stub->ListAvailableSlots(&ctx, r, &out).ok()) return -1;
           return out.slots_size();
         };
       }},
  };
  const std::vector<std::string> order = {"noop", "slots"};
  std::map<std::string, std::vector<double>> throughput, latencies;
  std::map<std::string, long> errors, slots;
  std::map<std::string, long> calls;
  std::vector<double> round_ratios;
  std::cout << "consulting: 8 centres x 6 consultants, " << o.days
            << " days; a week per search, "
            << (one_type ? "one session type" : "every session type")
            << " of one centre (every centre 1 in 8); " << o.clients
            << " clients, " << o.rounds << " rounds of " << o.seconds
            << " s per workload, interleaved" << std::endl;
  for (int round = 0; round < o.rounds; ++round) {
    for (const std::string& name : order) {
      load::LoadResult r =
          load::RunClosedLoop(o.clients, o.seconds, workloads[name]);
      throughput[name].push_back(r.throughput);
      latencies[name].insert(latencies[name].end(), r.latencies_ms.begin(),
                             r.latencies_ms.end());
      errors[name] += r.errors;
      slots[name] += r.units;
      calls[name] += r.latencies_ms.size();
      std::printf("  round %d %-6s %9.0f calls/s\n", round + 1, name.c_str(),
                  r.throughput);
    }
    round_ratios.push_back(throughput["slots"].back() /
                           throughput["noop"].back());
    std::printf("  round %d slots/noop %.2f\n", round + 1, round_ratios.back());
  }
  double noop = load::Median(throughput["noop"]);
  std::printf("\n%-8s %12s %9s %9s %8s %12s\n", "workload", "calls/s(med)",
              "p50 ms", "p99 ms", "errors", "x noop");
  for (const std::string& name : order) {
    double tps = load::Median(throughput[name]);
    std::printf("%-8s %12.0f %9.2f %9.2f %8ld %12.2f\n", name.c_str(), tps,
                load::Percentile(latencies[name], 0.50),
                load::Percentile(latencies[name], 0.99), errors[name],
                tps / noop);
  }
  std::printf("slots per search: %.0f on average\n",
              calls["slots"] ? double(slots["slots"]) / calls["slots"] : 0.0);
  double ratio = load::Median(throughput["slots"]) / noop;
  std::printf(
      "\nslots/noop: ratio of medians %.2f, median of round ratios %.2f, "
      "lowest round %.2f (target >= 0.25)\n",
      ratio, load::Median(round_ratios),
      *std::min_element(round_ratios.begin(), round_ratios.end()));
  return 0;
}
