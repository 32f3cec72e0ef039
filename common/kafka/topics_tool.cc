// lifelong_topics: creates the topics deploy/kafka/topics.txt defines, and
// renders them for Strimzi.
//
//   lifelong_topics ensure  deploy/kafka/topics.txt
//       creates every missing topic with its partitions, replicas and
//       configs; sets retention.ms, cleanup.policy and min.insync.replicas
//       of an existing topic that holds others; reports (never changes) a
//       partition or replica count that differs, since changing partitions
//       moves keys. Running it again changes nothing. Exit 1 when a topic
//       could not be created or set, 2 on bad usage or a bad file.
//   lifelong_topics strimzi deploy/kafka/topics.txt
//       prints k8s/components/strimzi/topics.yaml.
//
// Brokers come from LIFELONG_KAFKA_BROKERS; the connection uses the same
// settings as the services' producers and consumers (kafka_config.h). A
// cluster with fewer brokers than a topic's replicas (the local stack has
// one) gets as many replicas as it has brokers. The broker may still be
// starting: the tool retries for up to 90 seconds.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/kafka/kafka_config.h"
#include "common/kafka/topic_specs.h"

namespace common = lifelong::common;

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kRequestMs = 15000;

int Usage() {
  std::cerr << "usage: lifelong_topics ensure|strimzi <topics file>\n"
               "       (ensure: brokers from LIFELONG_KAFKA_BROKERS)\n";
  return 2;
}

// What the cluster holds of one topic.
struct Existing {
  int partitions = 0;
  int replicas = 0;
  std::map<std::string, std::string> configs;
};

// An admin request's answer: per topic, an error ("" when none).
using Outcomes = std::map<std::string, std::string>;

class Admin {
 public:
  explicit Admin(const std::string& brokers) {
    auto conf = common::MakeKafkaConf({{"bootstrap.servers", brokers}}, {},
                                      "topics tool");
    std::string error;
    handle_.reset(RdKafka::Producer::create(conf.get(), error));
    if (!handle_) throw std::runtime_error("kafka admin client: " + error);
    queue_ = rd_kafka_queue_new(handle_->c_ptr());
  }
  ~Admin() { rd_kafka_queue_destroy(queue_); }

  // Brokers and topics (with partitions and replicas); false while the
  // cluster does not answer.
  bool Describe(int& brokers, std::map<std::string, Existing>& topics) {
    RdKafka::Metadata* raw = nullptr;
    if (handle_->metadata(true, nullptr, &raw, kRequestMs) !=
        RdKafka::ERR_NO_ERROR) {
      return false;
    }
    std::unique_ptr<RdKafka::Metadata> md(raw);
    brokers = static_cast<int>(md->brokers()->size());
    topics.clear();
    for (const RdKafka::TopicMetadata* t : *md->topics()) {
      if (t->err() != RdKafka::ERR_NO_ERROR || t->partitions()->empty())
        continue;
      Existing& e = topics[t->topic()];
      e.partitions = static_cast<int>(t->partitions()->size());
      e.replicas = static_cast<int>((*t->partitions())[0]->replicas()->size());
    }
    return brokers > 0;
  }

  Outcomes Create(
      const std::vector<std::pair<common::TopicSpec, common::TopicSettings>>&
          wanted) {
    std::vector<rd_kafka_NewTopic_t*> topics;
    char error[512];
    for (const auto& [spec, settings] : wanted) {
      rd_kafka_NewTopic_t* t =
          rd_kafka_NewTopic_new(spec.name.c_str(), settings.partitions,
                                settings.replicas, error, sizeof(error));
      if (t == nullptr) throw std::runtime_error(spec.name + ": " + error);
      for (const auto& [k, v] : settings.configs)
        rd_kafka_NewTopic_set_config(t, k.c_str(), v.c_str());
      topics.push_back(t);
    }
    rd_kafka_CreateTopics(handle_->c_ptr(), topics.data(), topics.size(),
                          Options(RD_KAFKA_ADMIN_OP_CREATETOPICS), queue_);
    rd_kafka_NewTopic_destroy_array(topics.data(), topics.size());
    Outcomes outcomes;
    rd_kafka_event_t* ev = Await();
    if (const char* failed = EventError(ev)) {
      for (const auto& w : wanted) outcomes[w.first.name] = failed;
    } else {
      size_t n = 0;
      const rd_kafka_topic_result_t** results =
          rd_kafka_CreateTopics_result_topics(
              rd_kafka_event_CreateTopics_result(ev), &n);
      for (size_t i = 0; i < n; ++i) {
        rd_kafka_resp_err_t err = rd_kafka_topic_result_error(results[i]);
        const char* text = rd_kafka_topic_result_error_string(results[i]);
        outcomes[rd_kafka_topic_result_name(results[i])] =
            err == RD_KAFKA_RESP_ERR_NO_ERROR ||
                    err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS
                ? ""
                : (text != nullptr ? text : rd_kafka_err2str(err));
      }
    }
    rd_kafka_event_destroy(ev);
    return outcomes;
  }

  // The configs of `names`; false when the cluster did not answer.
  bool Configs(const std::vector<std::string>& names,
               std::map<std::string, Existing>& topics) {
    std::vector<rd_kafka_ConfigResource_t*> resources;
    for (const std::string& name : names) {
      resources.push_back(
          rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, name.c_str()));
    }
    rd_kafka_DescribeConfigs(
        handle_->c_ptr(), resources.data(), resources.size(),
        Options(RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS), queue_);
    rd_kafka_ConfigResource_destroy_array(resources.data(), resources.size());
    rd_kafka_event_t* ev = Await();
    bool ok = EventError(ev) == nullptr;
    if (ok) {
      size_t n = 0;
      const rd_kafka_ConfigResource_t** described =
          rd_kafka_DescribeConfigs_result_resources(
              rd_kafka_event_DescribeConfigs_result(ev), &n);
      for (size_t i = 0; i < n; ++i) {
        if (rd_kafka_ConfigResource_error(described[i]) !=
            RD_KAFKA_RESP_ERR_NO_ERROR) {
          ok = false;
          continue;
        }
        Existing& e = topics[rd_kafka_ConfigResource_name(described[i])];
        size_t m = 0;
        const rd_kafka_ConfigEntry_t** entries =
            rd_kafka_ConfigResource_configs(described[i], &m);
        for (size_t j = 0; j < m; ++j) {
          const char* value = rd_kafka_ConfigEntry_value(entries[j]);
          e.configs[rd_kafka_ConfigEntry_name(entries[j])] =
              value != nullptr ? value : "";
        }
      }
    }
    rd_kafka_event_destroy(ev);
    return ok;
  }

  // Sets the topic's managed configs (every other topic-level override
  // returns to the broker's default: the file defines them all).
  std::string Alter(const std::string& name,
                    const std::map<std::string, std::string>& configs) {
    rd_kafka_ConfigResource_t* resource =
        rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, name.c_str());
    for (const auto& [k, v] : configs)
      rd_kafka_ConfigResource_set_config(resource, k.c_str(), v.c_str());
    rd_kafka_AlterConfigs(handle_->c_ptr(), &resource, 1,
                          Options(RD_KAFKA_ADMIN_OP_ALTERCONFIGS), queue_);
    rd_kafka_ConfigResource_destroy(resource);
    rd_kafka_event_t* ev = Await();
    std::string error;
    if (const char* failed = EventError(ev)) {
      error = failed;
    } else {
      size_t n = 0;
      const rd_kafka_ConfigResource_t** altered =
          rd_kafka_AlterConfigs_result_resources(
              rd_kafka_event_AlterConfigs_result(ev), &n);
      for (size_t i = 0; i < n; ++i) {
        if (rd_kafka_ConfigResource_error(altered[i]) !=
            RD_KAFKA_RESP_ERR_NO_ERROR) {
          const char* text = rd_kafka_ConfigResource_error_string(altered[i]);
          error = text != nullptr ? text : "refused";
        }
      }
    }
    rd_kafka_event_destroy(ev);
    return error;
  }

 private:
  rd_kafka_AdminOptions_t* Options(rd_kafka_admin_op_t op) {
    options_.reset(rd_kafka_AdminOptions_new(handle_->c_ptr(), op));
    char error[512];
    rd_kafka_AdminOptions_set_request_timeout(options_.get(), kRequestMs, error,
                                              sizeof(error));
    if (op != RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS) {
      rd_kafka_AdminOptions_set_operation_timeout(options_.get(), kRequestMs,
                                                  error, sizeof(error));
    }
    return options_.get();
  }

  rd_kafka_event_t* Await() {
    for (;;) {
      rd_kafka_event_t* ev = rd_kafka_queue_poll(queue_, 2 * kRequestMs);
      if (ev != nullptr) return ev;
    }
  }

  static const char* EventError(rd_kafka_event_t* ev) {
    return rd_kafka_event_error(ev) != RD_KAFKA_RESP_ERR_NO_ERROR
               ? rd_kafka_event_error_string(ev)
               : nullptr;
  }

  struct OptionsDeleter {
    void operator()(rd_kafka_AdminOptions_t* o) const {
      rd_kafka_AdminOptions_destroy(o);
    }
  };
  std::unique_ptr<RdKafka::Producer> handle_;
  rd_kafka_queue_t* queue_ = nullptr;
  std::unique_ptr<rd_kafka_AdminOptions_t, OptionsDeleter> options_;
};

// One pass over the file; false when something must be tried again.
bool EnsurePass(Admin& admin, const std::vector<common::TopicSpec>& specs,
                bool last_try) {
  int brokers = 0;
  std::map<std::string, Existing> existing;
  if (!admin.Describe(brokers, existing)) {
    if (last_try) std::cerr << "the cluster did not answer\n";
    return false;
  }
  std::vector<std::pair<common::TopicSpec, common::TopicSettings>> missing;
  std::vector<std::string> present;
  for (const common::TopicSpec& spec : specs) {
    if (existing.count(spec.name)) {
      present.push_back(spec.name);
    } else {
      missing.emplace_back(spec, common::SettingsOn(spec, brokers));
    }
  }
  bool ok = true;
  int created = 0, aligned = 0, differ = 0;
  if (!missing.empty()) {
    for (const auto& [name, error] : admin.Create(missing)) {
      if (!error.empty()) {
        if (last_try) std::cerr << name << ": not created: " << error << "\n";
        ok = false;
        continue;
      }
      ++created;
      std::cout << "created " << name << "\n";
    }
  }
  if (!present.empty() && !admin.Configs(present, existing)) {
    if (last_try) std::cerr << "could not read the topics' configs\n";
    return false;
  }
  for (const common::TopicSpec& spec : specs) {
    auto found = existing.find(spec.name);
    if (found == existing.end() || found->second.configs.empty()) continue;
    const Existing& e = found->second;
    common::TopicSettings want = common::SettingsOn(spec, brokers);
    if (e.partitions != want.partitions || e.replicas != want.replicas) {
      ++differ;
      std::cout << "differs " << spec.name << ": " << e.partitions
                << " partitions and " << e.replicas << " replicas, the file "
                << want.partitions << " and " << want.replicas
                << " (never changed here: changing partitions moves keys; "
                   "recreate the topic before it is in use)\n";
    }
    std::string changes;
    for (const auto& [k, v] : want.configs) {
      auto held = e.configs.find(k);
      std::string was = held == e.configs.end() ? "(none)" : held->second;
      if (was != v) changes += " " + k + " " + was + " -> " + v;
    }
    if (changes.empty()) continue;
    if (std::string error = admin.Alter(spec.name, want.configs);
        !error.empty()) {
      if (last_try) std::cerr << spec.name << ": not set: " << error << "\n";
      ok = false;
      continue;
    }
    ++aligned;
    std::cout << "set " << spec.name << ":" << changes << "\n";
  }
  if (ok) {
    std::cout << specs.size() << " topics on " << brokers << " broker"
              << (brokers == 1 ? "" : "s") << ": " << created << " created, "
              << aligned << " set, " << differ << " differing in partitions\n";
  }
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) return Usage();
  std::string command = argv[1];
  if (command != "ensure" && command != "strimzi") return Usage();
  std::ifstream in(argv[2]);
  if (!in) {
    std::cerr << argv[2] << ": cannot read\n";
    return 2;
  }
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<std::vector<common::TopicSpec>> specs =
      common::ParseTopicSpecs(text.str());
  if (!specs.ok()) {
    std::cerr << argv[2] << ": " << specs.status().message() << "\n";
    return 2;
  }
  if (command == "strimzi") {
    std::cout << common::StrimziTopics(*specs);
    return 0;
  }

  const char* brokers = std::getenv("LIFELONG_KAFKA_BROKERS");
  if (brokers == nullptr || *brokers == '\0') return Usage();
  Admin admin(brokers);
  auto deadline = Clock::now() + std::chrono::seconds(90);
  for (;;) {
    bool last_try = Clock::now() + std::chrono::seconds(2) >= deadline;
    if (EnsurePass(admin, *specs, last_try)) return 0;
    if (last_try) return 1;
    std::this_thread::sleep_for(std::chrono::seconds(2));
  }
}
