#include "common/kafka/kafka_config.h"

#include <stdexcept>

namespace lifelong::common {

std::unique_ptr<RdKafka::Conf> MakeKafkaConf(KafkaSettings defaults,
                                             const KafkaSettings& overrides,
                                             const std::string& what) {
  std::unique_ptr<RdKafka::Conf> conf(
      RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  for (const auto& [k, v] : overrides) defaults[k] = v;
  std::string error;
  for (const auto& [k, v] : defaults) {
    if (conf->set(k, v, error) != RdKafka::Conf::CONF_OK) {
      throw std::runtime_error("kafka " + what + " " + k + ": " + error);
    }
  }
  return conf;
}

}  // namespace lifelong::common
