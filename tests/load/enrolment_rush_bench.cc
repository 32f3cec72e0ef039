// enrolment_rush_bench: the rush when a popular course opens, over gRPC
// (citizens with sessions already issued, 100 concurrent clients applying
// to a first-come offering of 50 seats), beside pgbench running the same SQL
// transaction (tests/load/enrolment_apply.pgbench) on the same PostgreSQL,
// alternating in each round. pgbench runs twice a round: with as many
// connections as there are clients, and with as many as the service's pool
// holds (8 by default: PostgreSQL does better with fewer on one hot row);
// the better of the two is the yardstick. Prints throughput, p50 and p99 of
// each, and the ratio of the medians. Run it with tests/load/enrolment_rush (it
// needs deploy/local/up running).
//
//   enrolment_rush_bench --pgbench PATH --script PATH
//       [--clients 100] [--pool 8] [--citizens 3000] [--seats 50]
//       [--rounds 3]
#include <dirent.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <numeric>
#include <pqxx/pqxx>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/testing/test_stack.h"
#include "lifelong/enrolment/v1/enrolment_service.grpc.pb.h"
#include "tests/support/platform_clients.h"

namespace {

namespace ev1 = lifelong::enrolment::v1;
namespace iv1 = lifelong::identity::v1;
namespace cv1 = lifelong::catalogue::v1;
using lifelong::testing::Bearer;
using lifelong::testing::ServiceChannel;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string pgbench = "/usr/lib/postgresql/15/bin/pgbench";
  std::string script;
  int clients = 100;
  int pool = 8;  // LIFELONG_PG_POOL_SIZE of the service
  int citizens = 3000;
  int seats = 50;
  int rounds = 3;
};

Options Parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--pgbench")
      o.pgbench = v;
    else if (k == "--script")
      o.script = v;
    else if (k == "--clients")
      o.clients = std::stoi(v);
    else if (k == "--pool")
      o.pool = std::stoi(v);
    else if (k == "--citizens")
      o.citizens = std::stoi(v);
    else if (k == "--seats")
      o.seats = std::stoi(v);
    else if (k == "--rounds")
      o.rounds = std::stoi(v);
  }
  // Whole transactions per pgbench client.
  o.citizens -= o.citizens % std::lcm(o.clients, o.pool);
  return o;
}

struct Figures {
  double per_second = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  int failed = 0;
};

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

double Median(std::vector<double> v) { return Percentile(v, 0.5); }

std::string Run(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  char buf[4096];
  while (pipe && fgets(buf, sizeof(buf), pipe)) out += buf;
  if (pipe) pclose(pipe);
  return out;
}

// Waits until the enrolment service's read models know the offering and
// every citizen (they come from Kafka).
void AwaitReadModels(pqxx::connection& db, const std::string& offering_id,
                     const std::vector<std::string>& citizen_ids) {
  std::string ids = "{";
  for (size_t i = 0; i < citizen_ids.size(); ++i)
    ids += (i ? "," : "") + citizen_ids[i];
  ids += "}";
  for (int i = 0; i < 600; ++i) {
    pqxx::work tx(db);
    int known =
        tx.exec_params(
              "SELECT (SELECT count(*) FROM offerings WHERE id = $1) + "
              "(SELECT count(*) FROM citizens WHERE id = ANY($2::uuid[]))",
              offering_id, ids)[0][0]
            .as<int>();
    if (known == static_cast<int>(citizen_ids.size()) + 1) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  std::cerr << "the enrolment service did not learn of the offering\n";
  std::exit(1);
}

Figures GrpcRush(const Options& o, const std::vector<std::string>& tokens,
                 const std::string& offering, int round) {
  std::vector<std::unique_ptr<ev1::EnrolmentService::Stub>> stubs;
  for (int i = 0; i < 4; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("lifelong.channel", i);  // a connection each
    stubs.push_back(ev1::EnrolmentService::NewStub(grpc::CreateCustomChannel(
        lifelong::testing::Env("LIFELONG_ENROLMENT_ADDR"),
        grpc::InsecureChannelCredentials(), args)));
  }
  std::atomic<int> next{0}, failed{0};
  std::vector<std::vector<double>> latencies(o.clients);
  Clock::time_point start = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < o.clients; ++t) {
    threads.emplace_back([&, t] {
      ev1::EnrolmentService::Stub& stub = *stubs[t % stubs.size()];
      for (int i = next++; i < static_cast<int>(tokens.size()); i = next++) {
        ev1::ApplyRequest r;
        r.set_request_id("rush-" + std::to_string(round) + "-" +
                         std::to_string(i));
        r.set_offering(offering);
        ev1::ApplyResponse out;
        Clock::time_point s = Clock::now();
        grpc::Status status = stub.Apply(Bearer(tokens[i]).get(), r, &out);
        latencies[t].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - s)
                .count());
        if (!status.ok()) {
          if (failed++ < 3) std::cerr << status.error_message() << "\n";
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  return {tokens.size() / seconds, Percentile(all, 0.5), Percentile(all, 0.99),
          failed.load()};
}

Figures Pgbench(const Options& o, pqxx::connection& db,
                const std::string& grpc_offering_id, int round, int clients) {
  // A copy of the gRPC round's offering, as it stood before the rush.
  std::string id;
  {
    pqxx::work tx(db);
    id = tx.exec_params(
               "INSERT INTO offerings (id, version, body, state, selection, "
               "capacity, limit_group, min_enrolment, applications_close_at, "
               "first_session_at) SELECT gen_random_uuid(), version, body, "
               "state, selection, capacity, limit_group, min_enrolment, "
               "applications_close_at, first_session_at FROM offerings WHERE "
               "id = $1 RETURNING id::text",
               grpc_offering_id)[0][0]
             .as<std::string>();
    tx.commit();
  }
  std::string dir = "/tmp/lifelong-pgbench-" + std::to_string(getpid()) + "-" +
                    std::to_string(round) + "-" + std::to_string(clients);
  Run("rm -rf " + dir + " && mkdir -p " + dir);
  std::string command =
      "cd " + dir + " && " + o.pgbench + " -n -M extended -c " +
      std::to_string(clients) + " -j 2 -t " +
      std::to_string(o.citizens / clients) + " -D n=0 -D offering=" + id +
      " -D per_client=" + std::to_string(o.citizens / clients) + " -f " +
      o.script + " -l --log-prefix=" + dir + "/log '" +
      lifelong::testing::Env("LIFELONG_PG_DSN_ENROLMENT") + "' 2>&1";
  std::string out = Run(command);
  Figures f;
  size_t tps = out.find("tps = ");
  if (tps == std::string::npos) {
    std::cerr << out;
    std::exit(1);
  }
  f.per_second = std::stod(out.substr(tps + 6));
  size_t failed = out.find("number of failed transactions: ");
  if (failed != std::string::npos)
    f.failed = std::stoi(out.substr(failed + 31));
  // Per-transaction logs: "client tx latency_us script epoch us".
  std::vector<double> latencies;
  DIR* d = opendir(dir.c_str());
  for (dirent* e = d ? readdir(d) : nullptr; e; e = readdir(d)) {
    if (std::string(e->d_name).rfind("log", 0) != 0) continue;
    std::ifstream in(dir + "/" + e->d_name);
    long client, tx, us;
    std::string rest;
    while (in >> client >> tx >> us && std::getline(in, rest))
      latencies.push_back(us / 1000.0);
  }
  if (d) closedir(d);
  Run("rm -rf " + dir);
  f.p50_ms = Percentile(latencies, 0.5);
  f.p99_ms = Percentile(latencies, 0.99);
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = Parse(argc, argv);
  auto identity = iv1::IdentityService::NewStub(ServiceChannel("IDENTITY"));
  auto catalogue = cv1::CatalogueService::NewStub(ServiceChannel("CATALOGUE"));
  pqxx::connection db(lifelong::testing::Env("LIFELONG_PG_DSN_ENROLMENT"));
  std::string admin =
      lifelong::testing::LogIn(*identity, lifelong::testing::kAdminEmail,
                               lifelong::testing::kAdminPassword);
  std::string run = lifelong::testing::RandomSuffix();

  // Citizens with sessions, registered through identity.
  std::printf("registering %d citizens...\n", o.citizens);
  Clock::time_point start = Clock::now();
  std::vector<std::string> tokens(o.citizens), ids(o.citizens);
  std::atomic<int> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < o.citizens; i = next++) {
        std::string key = "rush-" + run + "-" + std::to_string(i);
        iv1::RegisterCitizenResponse r =
            lifelong::testing::RegisterCitizen(*identity, key, 1950);
        ids[i] = r.citizen().name().substr(9);
        tokens[i] =
            lifelong::testing::LogIn(*identity, key + "@example.kr",
                                     lifelong::testing::kCitizenPassword);
      }
    });
  }
  for (auto& t : threads) t.join();
  std::printf("  %.1f s\n",
              std::chrono::duration<double>(Clock::now() - start).count());
  // pgbench's citizens: the same facts, known by computed ids.
  {
    pqxx::work tx(db);
    tx.exec_params(
        "INSERT INTO citizens (id, birth_year, district) SELECT "
        "md5('bench-' || g)::uuid, 1950, 'Misa' FROM generate_series(1, $1) g "
        "ON CONFLICT DO NOTHING",
        o.citizens);
    tx.commit();
  }

  std::vector<double> grpc_tps, pg_tps;
  std::printf("%d clients, %d applications a round for %d seats\n", o.clients,
              o.citizens, o.seats);
  std::printf("%-6s %-12s %10s %9s %9s %7s %s\n", "round", "path", "tx/s",
              "p50 ms", "p99 ms", "failed", "check");
  for (int round = 0; round < o.rounds; ++round) {
    std::string offering = lifelong::testing::OpenFirstComeOffering(
        *catalogue, admin, "rush-" + run + "-" + std::to_string(round),
        o.seats);
    std::string offering_id = offering.substr(10);
    AwaitReadModels(db, offering_id, ids);
    // pgbench starts from the offering as it is before the rush.
    Figures wide = Pgbench(o, db, offering_id, round, o.clients);
    Figures narrow = Pgbench(o, db, offering_id, round, o.pool);
    Figures g = GrpcRush(o, tokens, offering, round);
    pqxx::work tx(db);
    std::string check =
        tx.exec_params(
              "SELECT confirmed || ' confirmed, ' || waitlist_size || "
              "' waitlisted' FROM offerings WHERE id = $1",
              offering_id)[0][0]
            .as<std::string>();
    tx.commit();
    for (const auto& [label, pg] :
         {std::pair{"pgbench-" + std::to_string(o.clients), wide},
          std::pair{"pgbench-" + std::to_string(o.pool), narrow}}) {
      std::printf("%-6d %-12s %10.0f %9.2f %9.2f %7d\n", round + 1,
                  label.c_str(), pg.per_second, pg.p50_ms, pg.p99_ms,
                  pg.failed);
    }
    std::printf("%-6d %-12s %10.0f %9.2f %9.2f %7d %s\n", round + 1, "gRPC",
                g.per_second, g.p50_ms, g.p99_ms, g.failed, check.c_str());
    grpc_tps.push_back(g.per_second);
    pg_tps.push_back(std::max(wide.per_second, narrow.per_second));
  }
  double ratio = Median(grpc_tps) / Median(pg_tps);
  std::printf(
      "median tx/s: gRPC %.0f, pgbench (better of the two) %.0f; "
      "gRPC/pgbench = %.2f (target >= 0.5)\n",
      Median(grpc_tps), Median(pg_tps), ratio);
  return ratio >= 0.5 ? 0 : 3;
}
