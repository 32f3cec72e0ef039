// Builds a librdkafka configuration from defaults plus overrides, so that
// producers and consumers share one way of applying settings.
//
//   std::unique_ptr<RdKafka::Conf> conf =
//       MakeKafkaConf({{"bootstrap.servers", brokers}}, overrides, "producer");
#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <map>
#include <memory>
#include <string>

namespace lifelong::common {

using KafkaSettings = std::map<std::string, std::string>;

// `overrides` win over `defaults`. Throws std::runtime_error naming the
// setting librdkafka refused; `what` says whose configuration it is.
std::unique_ptr<RdKafka::Conf> MakeKafkaConf(KafkaSettings defaults,
                                             const KafkaSettings& overrides,
                                             const std::string& what);

}  // namespace lifelong::common
