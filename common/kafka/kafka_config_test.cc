// The LIFELONG_KAFKA_* security variables become librdkafka settings.
#include "common/kafka/kafka_config.h"

#include <gtest/gtest.h>

#include <map>
#include <stdexcept>

namespace lifelong::common {
namespace {

EnvLookup From(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

TEST(KafkaSecuritySettingsTest, NothingSetIsPlaintext) {
  EXPECT_TRUE(KafkaSecuritySettings(From({})).empty());
}

TEST(KafkaSecuritySettingsTest, SaslSslWithScramAndACaBundle) {
  KafkaSettings s = KafkaSecuritySettings(
      From({{"LIFELONG_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"},
            {"LIFELONG_KAFKA_SASL_USERNAME", "enrolment"},
            {"LIFELONG_KAFKA_SASL_PASSWORD", "secret"},
            {"LIFELONG_KAFKA_SSL_CA_LOCATION", "/etc/kafka-ca/ca.crt"}}));
  EXPECT_EQ(s["security.protocol"], "sasl_ssl");
  EXPECT_EQ(s["sasl.mechanisms"], "SCRAM-SHA-512");  // the default
  EXPECT_EQ(s["sasl.username"], "enrolment");
  EXPECT_EQ(s["sasl.password"], "secret");
  EXPECT_EQ(s["ssl.ca.location"], "/etc/kafka-ca/ca.crt");
  EXPECT_EQ(s["ssl.endpoint.identification.algorithm"], "https");
}

TEST(KafkaSecuritySettingsTest, MechanismMayBeChosen) {
  KafkaSettings s = KafkaSecuritySettings(
      From({{"LIFELONG_KAFKA_SECURITY_PROTOCOL", "sasl_ssl"},
            {"LIFELONG_KAFKA_SASL_MECHANISM", "SCRAM-SHA-256"},
            {"LIFELONG_KAFKA_SASL_USERNAME", "u"},
            {"LIFELONG_KAFKA_SASL_PASSWORD", "p"}}));
  EXPECT_EQ(s["sasl.mechanisms"], "SCRAM-SHA-256");
}

TEST(KafkaSecuritySettingsTest, SaslWithoutPasswordNamesTheVariable) {
  try {
    KafkaSecuritySettings(
        From({{"LIFELONG_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"},
              {"LIFELONG_KAFKA_SASL_USERNAME", "u"}}));
    FAIL() << "accepted SASL without a password";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("LIFELONG_KAFKA_SASL_PASSWORD"),
              std::string::npos)
        << e.what();
  }
}

TEST(KafkaSecuritySettingsTest, TlsWithoutSaslNeedsNoUser) {
  KafkaSettings s = KafkaSecuritySettings(
      From({{"LIFELONG_KAFKA_SECURITY_PROTOCOL", "SSL"}}));
  EXPECT_EQ(s["security.protocol"], "ssl");
  EXPECT_EQ(s.count("sasl.mechanisms"), 0u);
}

TEST(MakeKafkaConfTest, ThisBuildOfLibrdkafkaTakesTheSecuredSettings) {
  // Debian's librdkafka is built with OpenSSL and SASL: the settings a
  // secured deployment needs are accepted.
  KafkaSettings secured = KafkaSecuritySettings(
      From({{"LIFELONG_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"},
            {"LIFELONG_KAFKA_SASL_USERNAME", "u"},
            {"LIFELONG_KAFKA_SASL_PASSWORD", "p"}}));
  EXPECT_NO_THROW(
      MakeKafkaConf({{"bootstrap.servers", "127.0.0.1:9"}}, secured, "test"));
}

TEST(MakeKafkaConfTest, ABadProtocolNamesItsVariable) {
  try {
    MakeKafkaConf({}, {{"security.protocol", "tls"}}, "test");
    FAIL() << "accepted security.protocol=tls";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("LIFELONG_KAFKA_SECURITY_PROTOCOL"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace lifelong::common
