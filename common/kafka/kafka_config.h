// Builds a librdkafka configuration from defaults plus overrides, so that
// producers, consumers and tools share one way of applying settings, and
// every one of them talks to the brokers the way the deployment says
// (plaintext, TLS, SASL/SCRAM over TLS).
//
//   std::unique_ptr<RdKafka::Conf> conf =
//       MakeKafkaConf({{"bootstrap.servers", brokers}}, overrides, "producer");
//
// Connection security comes from the environment (KafkaSecuritySettings):
//   LIFELONG_KAFKA_SECURITY_PROTOCOL  plaintext (unset) | ssl | sasl_ssl
//                                     | sasl_plaintext (tests only)
//   LIFELONG_KAFKA_SASL_MECHANISM     SCRAM-SHA-512 (unset) | SCRAM-SHA-256
//                                     | PLAIN
//   LIFELONG_KAFKA_SASL_USERNAME, LIFELONG_KAFKA_SASL_PASSWORD
//                                     required with sasl_*
//   LIFELONG_KAFKA_SSL_CA_LOCATION    PEM file of the CA(s) that signed the
//                                     brokers' certificates; unset: the
//                                     system's trust store
// The brokers' certificate names are checked (librdkafka's
// ssl.endpoint.identification.algorithm=https).
#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace lifelong::common {

using KafkaSettings = std::map<std::string, std::string>;

// `overrides` win over the security settings, which win over `defaults`.
// Throws std::runtime_error naming the setting librdkafka refused (and the
// variable it came from); `what` says whose configuration it is.
std::unique_ptr<RdKafka::Conf> MakeKafkaConf(KafkaSettings defaults,
                                             const KafkaSettings& overrides,
                                             const std::string& what);

using EnvLookup =
    std::function<std::optional<std::string>(const std::string& name)>;

// The librdkafka settings that the LIFELONG_KAFKA_* security variables
// above ask for (empty for plaintext). Throws std::runtime_error naming a
// missing variable (a SASL protocol without user name or password).
KafkaSettings KafkaSecuritySettings();
KafkaSettings KafkaSecuritySettings(const EnvLookup& lookup);

}  // namespace lifelong::common
