// The Kafka topics Lifelong writes and reads, as deploy/kafka/topics.txt
// defines them once: parsing that file, the settings a broker should hold
// for each topic, and the Strimzi manifest (k8s/components/strimzi/
// topics.yaml) rendered from it. lifelong_topics (topics_tool.cc) creates
// them on a cluster.
//
//   absl::StatusOr<std::vector<TopicSpec>> specs = ParseTopicSpecs(text);
//   TopicSettings local = SettingsOn((*specs)[0], /*brokers=*/1);
//   std::string yaml = StrimziTopics(*specs);
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace lifelong::common {

struct TopicSpec {
  std::string name;
  int partitions = 0;
  int replicas = 0;             // in production
  int min_insync_replicas = 0;  // in production
  int64_t retention_ms = -1;    // -1: kept forever
  std::string cleanup_policy;   // "delete" or "compact"
  bool restricted = false;      // readers named in docs/events/README.md
};

// One line per topic: name, partitions, replicas, min_isr, retention
// ("forever" or "<days>d"), cleanup ("delete" or "compact"), access
// ("general" or "restricted"), separated by spaces or tabs; "#" starts a
// comment. An error names the line and what is wrong with it; a name given
// twice is an error.
absl::StatusOr<std::vector<TopicSpec>> ParseTopicSpecs(const std::string& text);

// What a cluster of `brokers` brokers should hold for `spec`: the replicas
// it can give (at most `brokers`), and the topic configs
// (min.insync.replicas capped at those replicas, retention.ms,
// cleanup.policy).
struct TopicSettings {
  int partitions = 0;
  int replicas = 0;
  std::map<std::string, std::string> configs;
};
TopicSettings SettingsOn(const TopicSpec& spec, int brokers);

// The KafkaTopic resources for Strimzi, in the file's order, with a comment
// over each restricted topic. k8s/components/strimzi/topics.yaml is exactly
// this text.
std::string StrimziTopics(const std::vector<TopicSpec>& specs);

}  // namespace lifelong::common
