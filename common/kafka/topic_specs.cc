#include "common/kafka/topic_specs.h"

#include <algorithm>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace lifelong::common {
namespace {

constexpr int64_t kDayMs = 24 * 3600 * int64_t{1000};

absl::Status LineError(int line, const std::string& what) {
  return absl::InvalidArgumentError(absl::StrCat("line ", line, ": ", what));
}

bool ParseCount(absl::string_view text, int& out) {
  return absl::SimpleAtoi(text, &out) && out >= 1 && out <= 1000;
}

bool ParseRetention(absl::string_view text, int64_t& out) {
  if (text == "forever") {
    out = -1;
    return true;
  }
  int64_t days = 0;
  if (!absl::ConsumeSuffix(&text, "d") || !absl::SimpleAtoi(text, &days) ||
      days < 1 || days > 36500) {
    return false;
  }
  out = days * kDayMs;
  return true;
}

}  // namespace

absl::StatusOr<std::vector<TopicSpec>> ParseTopicSpecs(
    const std::string& text) {
  std::vector<TopicSpec> specs;
  std::set<std::string> seen;
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++number;
    line = line.substr(0, line.find('#'));
    std::vector<absl::string_view> cols =
        absl::StrSplit(line, absl::ByAnyChar(" \t\r"), absl::SkipEmpty());
    if (cols.empty()) continue;
    if (cols.size() != 7) {
      return LineError(number,
                       absl::StrCat("7 columns expected, found ", cols.size()));
    }
    TopicSpec spec;
    spec.name = std::string(cols[0]);
    if (spec.name.size() > 249 ||
        spec.name.find_first_not_of(
            "abcdefghijklmnopqrstuvwxyz0123456789.-_") != std::string::npos) {
      return LineError(number, "topic names are [a-z0-9._-], at most 249");
    }
    if (!seen.insert(spec.name).second) {
      return LineError(number, spec.name + " is defined twice");
    }
    if (!ParseCount(cols[1], spec.partitions))
      return LineError(number, "partitions: a number from 1 to 1000");
    if (!ParseCount(cols[2], spec.replicas))
      return LineError(number, "replicas: a number from 1 to 1000");
    if (!ParseCount(cols[3], spec.min_insync_replicas) ||
        spec.min_insync_replicas > spec.replicas) {
      return LineError(number, "min_isr: from 1 to the replicas");
    }
    if (!ParseRetention(cols[4], spec.retention_ms))
      return LineError(number, "retention: \"forever\" or days such as 90d");
    if (cols[5] != "delete" && cols[5] != "compact")
      return LineError(number, "cleanup: delete or compact");
    spec.cleanup_policy = std::string(cols[5]);
    if (cols[6] != "general" && cols[6] != "restricted")
      return LineError(number, "access: general or restricted");
    spec.restricted = cols[6] == "restricted";
    specs.push_back(std::move(spec));
  }
  return specs;
}

TopicSettings SettingsOn(const TopicSpec& spec, int brokers) {
  TopicSettings s;
  s.partitions = spec.partitions;
  s.replicas = std::max(1, std::min(spec.replicas, brokers));
  s.configs["min.insync.replicas"] =
      std::to_string(std::min(spec.min_insync_replicas, s.replicas));
  s.configs["retention.ms"] = std::to_string(spec.retention_ms);
  s.configs["cleanup.policy"] = spec.cleanup_policy;
  return s;
}

std::string StrimziTopics(const std::vector<TopicSpec>& specs) {
  std::string out =
      "# Generated from deploy/kafka/topics.txt (the one definition of every\n"
      "# topic, with the reasons for its settings) by\n"
      "#   build/common/lifelong_topics strimzi deploy/kafka/topics.txt\n"
      "# Edit that file and regenerate: a unit test (topic_specs_test) fails\n"
      "# when this file differs from it.\n";
  bool first = true;
  for (const TopicSpec& t : specs) {
    if (!first) out += "---\n";
    first = false;
    if (t.restricted) {
      out +=
          "# Restricted: only the readers docs/events/README.md names (\"Who "
          "may\n# read what\") get Read on it (users.yaml).\n";
    }
    absl::StrAppend(
        &out,
        "apiVersion: kafka.strimzi.io/v1beta2\n"
        "kind: KafkaTopic\n"
        "metadata:\n"
        "  name: ",
        t.name,
        "\n"
        "  labels:\n"
        "    strimzi.io/cluster: lifelong-kafka\n"
        "spec:\n"
        "  topicName: ",
        t.name, "\n  partitions: ", t.partitions, "\n  replicas: ", t.replicas,
        "\n"
        "  config:\n"
        "    min.insync.replicas: ",
        t.min_insync_replicas, "\n    retention.ms: ", t.retention_ms,
        "\n    cleanup.policy: ", t.cleanup_policy, "\n");
  }
  return out;
}

}  // namespace lifelong::common
