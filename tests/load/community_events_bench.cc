// community_events_bench: the public event listing (ListEvents, no sign-in)
// of a month of upcoming events across every village, from concurrent
// clients, beside a no-op RPC (grpc.health.v1 Check) on the same server in
// the same run. Prints throughput, p50 and p99 of each and the ratio to the
// no-op (target >= 0.3). Run it with tests/load/community_events, which
// needs the Hanam sample data (deploy/local/up loads it).
//
//   community_events_bench --community ADDR [--clients 32] [--seconds 5]
//       [--rounds 3] [--page-size 20]
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
#include <tuple>
#include <vector>

#include "deploy/demo/hanam_community.h"
#include "lifelong/community/v1/community_service.grpc.pb.h"
#include "tests/load/closed_loop.h"

namespace load = lifelong::load;

namespace {

namespace mv1 = lifelong::community::v1;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string community = "127.0.0.1:15414";
  int clients = 32;
  int seconds = 5;
  int rounds = 3;
  int page_size = 20;
};

Options Parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--community") {
      o.community = v;
    } else if (k == "--clients") {
      o.clients = std::stoi(v);
    } else if (k == "--seconds") {
      o.seconds = std::stoi(v);
    } else if (k == "--rounds") {
      o.rounds = std::stoi(v);
    } else if (k == "--page-size") {
      o.page_size = std::stoi(v);
    }
  }
  return o;
}

// The listing a citizen's calendar asks for: the month from `start`, across
// every village.
mv1::ListEventsRequest MonthRequest(int64_t start, int page_size) {
  mv1::ListEventsRequest r;
  r.mutable_start_time()->set_seconds(start);
  r.mutable_end_time()->set_seconds(start + 31 * 86400);
  r.set_page_size(page_size);
  return r;
}

// Events in the month of `request`, and its pages; {0, 0} on an error.
std::pair<int, int> Count(mv1::CommunityService::Stub& stub,
                          mv1::ListEventsRequest request) {
  int listed = 0, pages = 0;
  for (;;) {
    mv1::ListEventsResponse out;
    grpc::ClientContext ctx;
    grpc::Status s = stub.ListEvents(&ctx, request, &out);
    if (!s.ok()) {
      std::cerr << "ListEvents: " << s.error_message() << "\n";
      return {0, 0};
    }
    listed += out.events_size();
    ++pages;
    if (out.next_page_token().empty()) return {listed, pages};
    request.set_page_token(out.next_page_token());
  }
}

}  // namespace

int main(int argc, char** argv) {
  Options o = Parse(argc, argv);
  auto setup = mv1::CommunityService::NewStub(
      grpc::CreateChannel(o.community, grpc::InsecureChannelCredentials()));
  // The month from now; between the sample terms (nothing ahead), the month
  // from the first of March of the coming spring term.
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  mv1::ListEventsRequest month = MonthRequest(now, o.page_size);
  auto [listed, pages] = Count(*setup, month);
  if (listed == 0) {
    std::tm t{};
    t.tm_year = lifelong::demo::TermYear(now) - 1900;
    t.tm_mon = 2;
    t.tm_mday = 1;
    const int64_t march = static_cast<int64_t>(timegm(&t)) - 9 * 3600;
    month = MonthRequest(std::max(march, now), o.page_size);
    std::tie(listed, pages) = Count(*setup, month);
  }
  if (listed == 0) {
    std::cerr << "no events in the month: load the sample data first\n";
    return 1;
  }
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < 4; ++i) {
    args.SetString("lifelong.bench.channel", std::to_string(i));
    channels.push_back(grpc::CreateCustomChannel(
        o.community, grpc::InsecureChannelCredentials(), args));
  }
  using Factory = std::function<load::LoadCall(int)>;
  std::map<std::string, Factory> workloads = {
      {"noop",
       [&](int t) {
         auto noop =
             std::make_shared<load::NoOp>(channels[t % channels.size()]);
         return [noop](std::mt19937&) -> long { return noop->Call() ? 1 : -1; };
       }},
      {"list",
       [&](int t) {
         auto stub = std::shared_ptr<mv1::CommunityService::Stub>(
             mv1::CommunityService::NewStub(channels[t % channels.size()]));
         return [stub, &month](std::mt19937&) -> long {
           mv1::ListEventsResponse out;
           grpc::ClientContext ctx;
           return stub->ListEvents(&ctx, month, &out).ok() &&
                          out.events_size() > 0
                      ? 1
                      : -1;
         };
       }},
  };
  const std::vector<std::string> order = {"noop", "list"};
  std::map<std::string, std::vector<double>> throughput, latencies;
  std::map<std::string, long> errors;
  std::vector<double> round_ratios;
  std::cout << "community: " << listed << " events in the month (" << pages
            << " pages of " << o.page_size << "); first page per call; "
            << o.clients << " clients, " << o.rounds << " rounds of "
            << o.seconds << " s per workload, interleaved" << std::endl;
  for (int round = 0; round < o.rounds; ++round) {
    for (const std::string& name : order) {
      load::LoadResult r =
          load::RunClosedLoop(o.clients, o.seconds, workloads[name]);
      throughput[name].push_back(r.throughput);
      latencies[name].insert(latencies[name].end(), r.latencies_ms.begin(),
                             r.latencies_ms.end());
      errors[name] += r.errors;
      std::printf("  round %d %-5s %9.0f calls/s\n", round + 1, name.c_str(),
                  r.throughput);
    }
    round_ratios.push_back(throughput["list"].back() /
                           throughput["noop"].back());
    std::printf("  round %d list/noop %.2f\n", round + 1, round_ratios.back());
  }
  double noop = load::Median(throughput["noop"]);
  std::printf("\n%-8s %12s %9s %9s %8s %8s\n", "workload", "calls/s(med)",
              "p50 ms", "p99 ms", "errors", "x noop");
  for (const std::string& name : order) {
    double tps = load::Median(throughput[name]);
    std::printf("%-8s %12.0f %9.2f %9.2f %8ld %8.2f\n", name.c_str(), tps,
                load::Percentile(latencies[name], 0.50),
                load::Percentile(latencies[name], 0.99), errors[name],
                tps / noop);
  }
  std::printf(
      "\nlist/noop: ratio of medians %.2f, median of round ratios %.2f, "
      "lowest round %.2f (target >= 0.30)\n",
      load::Median(throughput["list"]) / noop, load::Median(round_ratios),
      *std::min_element(round_ratios.begin(), round_ratios.end()));
  return 0;
}
