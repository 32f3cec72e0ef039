// catalogue_search_bench: search and list over a 10,000-offering catalogue
// under concurrent clients, beside a no-op RPC (grpc.health.v1 Check) on the
// same server in the same run. Prints throughput, p50 and p99 of each and the
// ratios to the no-op. Run it with tests/load/catalogue_search (it needs
// deploy/local/up running).
//
//   catalogue_search_bench --identity ADDR --catalogue ADDR
//       [--clients 32] [--seconds 5] [--rounds 3] [--offerings 10000]
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <future>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "deploy/demo/hanam_catalogue.h"
#include "lifelong/catalogue/v1/catalogue_service.grpc.pb.h"
#include "lifelong/identity/v1/identity_service.grpc.pb.h"
#include "tests/load/closed_loop.h"

namespace load = lifelong::load;

namespace {

namespace cv1 = lifelong::catalogue::v1;
namespace iv1 = lifelong::identity::v1;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string identity = "127.0.0.1:15410";
  std::string catalogue = "127.0.0.1:15411";
  int clients = 32;
  int seconds = 5;
  int rounds = 3;
  int offerings = 10000;
  int page_size = 20;
};

Options Parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--identity")
      o.identity = v;
    else if (k == "--catalogue")
      o.catalogue = v;
    else if (k == "--clients")
      o.clients = std::stoi(v);
    else if (k == "--seconds")
      o.seconds = std::stoi(v);
    else if (k == "--rounds")
      o.rounds = std::stoi(v);
    else if (k == "--offerings")
      o.offerings = std::stoi(v);
    else if (k == "--page-size")
      o.page_size = std::stoi(v);
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

int PublishedOfferings(cv1::CatalogueService::Stub& stub) {
  cv1::SearchOfferingsRequest all;
  all.set_page_size(1);
  cv1::SearchOfferingsResponse out;
  grpc::ClientContext ctx;
  stub.SearchOfferings(&ctx, all, &out);
  return out.total_size();
}

// Adds offerings (runs 1.. of the sample programmes) until `wanted` are
// published. Fixed request ids make a rerun pick up where it stopped.
void EnsureCatalogue(const Options& o, cv1::CatalogueService::Stub& stub) {
  int have = PublishedOfferings(stub);
  if (have >= o.offerings) return;
  std::cout << "generating offerings: " << have << " published, want "
            << o.offerings << std::endl;
  std::string bearer = AdminBearer(o);
  std::vector<lifelong::demo::DemoProgramme> programmes =
      lifelong::demo::HanamProgrammes();
  // The sample programmes are loaded by deploy/local/up; find their names.
  std::map<std::string, std::string> names;  // English title -> name
  std::string token;
  do {
    cv1::ListProgrammesRequest list;
    list.set_page_size(100);
    list.set_page_token(token);
    cv1::ListProgrammesResponse out;
    grpc::ClientContext ctx;
    if (!stub.ListProgrammes(&ctx, list, &out).ok()) break;
    for (const cv1::Programme& p : out.programmes())
      names[p.title().en()] = p.name();
    token = out.next_page_token();
  } while (!token.empty());
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  int per_programme = o.offerings / static_cast<int>(programmes.size()) + 1;
  std::atomic<int> next{0}, failures{0};
  auto worker = [&] {
    for (int i = next++;
         i < static_cast<int>(programmes.size()) * per_programme; i = next++) {
      const auto& p = programmes[i % programmes.size()];
      int run = 1 + i / static_cast<int>(programmes.size());
      auto it = names.find(p.programme.title().en());
      if (it == names.end()) {
        ++failures;
        continue;
      }
      // Windows depend on the day: a later top-up uses new request ids.
      std::string key =
          p.key + "-" + std::to_string(run) + "-" + std::to_string(now / 86400);
      cv1::CreateOfferingRequest create;
      create.set_request_id("bench-offering-" + key);
      *create.mutable_offering() = lifelong::demo::HanamOffering(
          p, it->second, run, lifelong::demo::kSpring2027, now);
      cv1::CreateOfferingResponse created;
      grpc::ClientContext c1;
      c1.AddMetadata("authorization", bearer);
      if (!stub.CreateOffering(&c1, create, &created).ok()) {
        ++failures;
        continue;
      }
      cv1::PublishOfferingRequest publish;
      publish.set_request_id("bench-publish-" + key);
      publish.set_name(created.offering().name());
      cv1::PublishOfferingResponse published;
      grpc::ClientContext c2;
      c2.AddMetadata("authorization", bearer);
      if (!stub.PublishOffering(&c2, publish, &published).ok()) ++failures;
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  std::cout << "generated; " << PublishedOfferings(stub) << " published, "
            << failures << " failures" << std::endl;
}

const std::vector<std::string> kWords = {
    "탄소",    "건강",     "문해", "야간",  "스마트폰", "인문학",
    "합창",    "코딩",     "미술", "요리",  "yoga",     "night",
    "climate", "literacy", "data", "choir", "history",  "braille"};
const std::vector<std::string> kCentres = {"misa",     "wirye",   "pungsan",
                                           "deokpung", "sinjang", "cheonhyeon",
                                           "gamil",    "chungung"};

cv1::SearchOfferingsRequest RandomSearch(std::mt19937& rng, int page_size) {
  cv1::SearchOfferingsRequest r;
  r.set_page_size(page_size);
  switch (rng() % 4) {
    case 0:
      r.set_text(kWords[rng() % kWords.size()]);
      break;
    case 1:
      r.add_audiences(static_cast<cv1::Audience>(1 + rng() % 7));
      r.set_time_of_day(static_cast<cv1::TimeOfDay>(1 + rng() % 3));
      break;
    case 2:
      r.set_centre("centres/" + kCentres[rng() % kCentres.size()]);
      r.set_free_only(rng() % 2 == 0);
      r.add_days_of_week(1 + rng() % 5);
      break;
    default:
      r.set_text(kWords[rng() % kWords.size()]);
      r.set_open_for_application_now(true);
      r.set_age(20 + rng() % 60);
  }
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = Parse(argc, argv);
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  auto setup = cv1::CatalogueService::NewStub(
      grpc::CreateChannel(o.catalogue, grpc::InsecureChannelCredentials()));
  EnsureCatalogue(o, *setup);
  // A few channels (connections), shared by the client threads.
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < 4; ++i) {
    args.SetString("lifelong.bench.channel", std::to_string(i));
    channels.push_back(grpc::CreateCustomChannel(
        o.catalogue, grpc::InsecureChannelCredentials(), args));
  }
  using Factory = std::function<load::LoadCall(int)>;
  std::map<std::string, Factory> workloads = {
      {"noop",
       [&](int t) {
         auto noop =
             std::make_shared<load::NoOp>(channels[t % channels.size()]);
         return [noop](std::mt19937&) -> long { return noop->Call() ? 1 : -1; };
       }},
      {"search",
       [&](int t) {
         auto stub = std::shared_ptr<cv1::CatalogueService::Stub>(
             cv1::CatalogueService::NewStub(channels[t % channels.size()]));
         return [stub, &o](std::mt19937& rng) -> long {
           cv1::SearchOfferingsRequest r = RandomSearch(rng, o.page_size);
           cv1::SearchOfferingsResponse out;
           grpc::ClientContext ctx;
           return stub->SearchOfferings(&ctx, r, &out).ok() ? 1 : -1;
         };
       }},
      {"list",
       [&](int t) {
         auto stub = std::shared_ptr<cv1::CatalogueService::Stub>(
             cv1::CatalogueService::NewStub(channels[t % channels.size()]));
         return [stub, &o](std::mt19937& rng) -> long {
           cv1::ListOfferingsRequest r;
           r.set_centre("centres/" + kCentres[rng() % kCentres.size()]);
           r.set_page_size(o.page_size);
           cv1::ListOfferingsResponse out;
           grpc::ClientContext ctx;
           return stub->ListOfferings(&ctx, r, &out).ok() ? 1 : -1;
         };
       }},
  };
  const std::vector<std::string> order = {"noop", "search", "list"};
  std::map<std::string, std::vector<double>> throughput;
  std::map<std::string, std::vector<double>> latencies;
  std::map<std::string, long> errors;
  std::vector<double> round_ratios;  // search/noop within each round
  std::cout << "catalogue: " << PublishedOfferings(*setup)
            << "+ published offerings; " << o.clients << " clients, "
            << o.rounds << " rounds of " << o.seconds
            << " s per workload, interleaved" << std::endl;
  for (int round = 0; round < o.rounds; ++round) {
    for (const std::string& name : order) {
      load::LoadResult r =
          load::RunClosedLoop(o.clients, o.seconds, workloads[name]);
      throughput[name].push_back(r.throughput);
      latencies[name].insert(latencies[name].end(), r.latencies_ms.begin(),
                             r.latencies_ms.end());
      errors[name] += r.errors;
      std::printf("  round %d %-7s %9.0f calls/s\n", round + 1, name.c_str(),
                  r.throughput);
    }
    round_ratios.push_back(throughput["search"].back() /
                           throughput["noop"].back());
    std::printf("  round %d search/noop %.2f\n", round + 1,
                round_ratios.back());
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
  double ratio = load::Median(throughput["search"]) / noop;
  std::printf(
      "\nsearch/noop: ratio of medians %.2f, median of round ratios %.2f, "
      "lowest round %.2f (target >= 0.30)\n",
      ratio, load::Median(round_ratios),
      *std::min_element(round_ratios.begin(), round_ratios.end()));
  return 0;
}
