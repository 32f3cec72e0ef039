#include "common/kafka/kafka_config.h"

#include <cctype>
#include <cstdlib>
#include <stdexcept>
#include <utility>
#include <vector>

namespace lifelong::common {
namespace {

// librdkafka setting <- environment variable.
const std::vector<std::pair<std::string, std::string>>& SecurityVariables() {
  static const auto* kVariables =
      new std::vector<std::pair<std::string, std::string>>{
          {"security.protocol", "LIFELONG_KAFKA_SECURITY_PROTOCOL"},
          {"sasl.mechanisms", "LIFELONG_KAFKA_SASL_MECHANISM"},
          {"sasl.username", "LIFELONG_KAFKA_SASL_USERNAME"},
          {"sasl.password", "LIFELONG_KAFKA_SASL_PASSWORD"},
          {"ssl.ca.location", "LIFELONG_KAFKA_SSL_CA_LOCATION"},
      };
  return *kVariables;
}

std::string VariableName(const std::string& setting) {
  for (const auto& [k, variable] : SecurityVariables()) {
    if (k == setting) return variable;
  }
  return "";
}

std::string VariableOf(const std::string& setting) {
  std::string variable = VariableName(setting);
  return variable.empty() ? "" : " (" + variable + ")";
}

std::optional<std::string> ProcessEnv(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

}  // namespace

KafkaSettings KafkaSecuritySettings() {
  return KafkaSecuritySettings(ProcessEnv);
}

KafkaSettings KafkaSecuritySettings(const EnvLookup& lookup) {
  KafkaSettings settings;
  for (const auto& [setting, variable] : SecurityVariables()) {
    if (std::optional<std::string> value = lookup(variable)) {
      settings[setting] = *value;
    }
  }
  auto protocol = settings.find("security.protocol");
  if (protocol == settings.end()) return settings;  // plaintext
  std::string p;
  for (unsigned char c : protocol->second) {
    p += static_cast<char>(std::tolower(c));
  }
  protocol->second = p;
  if (p.rfind("sasl_", 0) == 0) {
    settings.emplace("sasl.mechanisms", "SCRAM-SHA-512");
    for (const char* needed : {"sasl.username", "sasl.password"}) {
      if (settings.count(needed) == 0) {
        throw std::runtime_error("kafka security protocol " + p + " needs " +
                                 VariableName(needed));
      }
    }
  }
  if (p == "ssl" || p == "sasl_ssl") {
    settings["ssl.endpoint.identification.algorithm"] = "https";
  }
  return settings;
}

std::unique_ptr<RdKafka::Conf> MakeKafkaConf(KafkaSettings defaults,
                                             const KafkaSettings& overrides,
                                             const std::string& what) {
  std::unique_ptr<RdKafka::Conf> conf(
      RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  // Small requests go out at once instead of waiting for the broker's
  // delayed ACK (Nagle's algorithm), which TLS records run into.
  defaults.emplace("socket.nagle.disable", "true");
  for (const auto& [k, v] : KafkaSecuritySettings()) defaults[k] = v;
  for (const auto& [k, v] : overrides) defaults[k] = v;
  std::string error;
  for (const auto& [k, v] : defaults) {
    if (conf->set(k, v, error) != RdKafka::Conf::CONF_OK) {
      throw std::runtime_error("kafka " + what + " " + k + VariableOf(k) +
                               ": " + error);
    }
  }
  return conf;
}

}  // namespace lifelong::common
