#include "common/kafka/topic_specs.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace lifelong::common {
namespace {

std::string ReadSource(const std::string& path) {
  std::ifstream in(std::string(LIFELONG_SOURCE_DIR) + "/" + path);
  EXPECT_TRUE(in.good()) << path;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(TopicSpecsTest, ParsesColumnsAndSkipsComments) {
  auto specs = ParseTopicSpecs(
      "# topic partitions replicas min_isr retention cleanup access\n"
      "\n"
      "a.v1   6 3 2 forever delete  general   # kept\n"
      "a.v1.dlq.g\t1\t3\t2\t90d\tcompact\trestricted\n");
  ASSERT_TRUE(specs.ok()) << specs.status();
  ASSERT_EQ(specs->size(), 2u);
  EXPECT_EQ((*specs)[0].name, "a.v1");
  EXPECT_EQ((*specs)[0].partitions, 6);
  EXPECT_EQ((*specs)[0].retention_ms, -1);
  EXPECT_FALSE((*specs)[0].restricted);
  EXPECT_EQ((*specs)[1].retention_ms, 90 * 86400 * int64_t{1000});
  EXPECT_EQ((*specs)[1].cleanup_policy, "compact");
  EXPECT_TRUE((*specs)[1].restricted);
}

TEST(TopicSpecsTest, NamesTheBadLine) {
  for (const char* bad : {
           "a.v1 6 3 2 forever delete\n",          // a column short
           "a.v1 0 3 2 forever delete general\n",  // no partitions
           "a.v1 6 1 2 forever delete general\n",  // min_isr > replicas
           "a.v1 6 3 2 7 delete general\n",        // retention unit
           "a.v1 6 3 2 forever remove general\n",  // cleanup
           "a.v1 6 3 2 forever delete public\n",   // access
           "A.v1 6 3 2 forever delete general\n",  // upper case
       }) {
    auto specs = ParseTopicSpecs(std::string("# x\n") + bad);
    ASSERT_FALSE(specs.ok()) << bad;
    EXPECT_NE(specs.status().message().find("line 2"), std::string::npos)
        << specs.status();
  }
  EXPECT_FALSE(ParseTopicSpecs("a.v1 6 3 2 forever delete general\n"
                               "a.v1 6 3 2 forever delete general\n")
                   .ok());
}

TEST(TopicSpecsTest, ASmallClusterGetsTheReplicasItHas) {
  TopicSpec spec{"a.v1", 6, 3, 2, -1, "delete", false};
  TopicSettings local = SettingsOn(spec, 1);
  EXPECT_EQ(local.partitions, 6);
  EXPECT_EQ(local.replicas, 1);
  EXPECT_EQ(local.configs["min.insync.replicas"], "1");
  EXPECT_EQ(local.configs["retention.ms"], "-1");
  EXPECT_EQ(local.configs["cleanup.policy"], "delete");
  TopicSettings prod = SettingsOn(spec, 5);
  EXPECT_EQ(prod.replicas, 3);
  EXPECT_EQ(prod.configs["min.insync.replicas"], "2");
}

// The topics every deployment creates are the one file's.
TEST(TopicSpecsTest, StrimziManifestIsRenderedFromTheTopicsFile) {
  auto specs = ParseTopicSpecs(ReadSource("deploy/kafka/topics.txt"));
  ASSERT_TRUE(specs.ok()) << specs.status();
  EXPECT_EQ(StrimziTopics(*specs),
            ReadSource("k8s/components/strimzi/topics.yaml"))
      << "k8s/components/strimzi/topics.yaml differs from "
         "deploy/kafka/topics.txt; regenerate it with\n"
         "  build/common/lifelong_topics strimzi deploy/kafka/topics.txt "
         "> k8s/components/strimzi/topics.yaml";
}

// Every domain topic is kept for late joiners, every consumer group that
// reads a topic has its dead-letter topic, and a restricted topic's
// dead-letter topic is restricted too.
TEST(TopicSpecsTest, TopicsFileKeepsTheContract) {
  auto specs = ParseTopicSpecs(ReadSource("deploy/kafka/topics.txt"));
  ASSERT_TRUE(specs.ok()) << specs.status();
  std::map<std::string, const TopicSpec*> by_name;
  for (const TopicSpec& t : *specs) by_name[t.name] = &t;
  for (const TopicSpec& t : *specs) {
    size_t dlq = t.name.find(".dlq.");
    if (dlq == std::string::npos) {
      EXPECT_EQ(t.retention_ms, -1) << t.name << " must be kept forever";
      continue;
    }
    auto source = by_name.find(t.name.substr(0, dlq));
    ASSERT_NE(source, by_name.end()) << t.name << ": its topic is not defined";
    EXPECT_EQ(t.restricted, source->second->restricted) << t.name;
  }
  ASSERT_TRUE(by_name.count("lifelong.identity.priority.v1"));
  EXPECT_TRUE(by_name["lifelong.identity.priority.v1"]->restricted);
}

// The services' own code names no topic the file does not define, and every
// consumer group (InboxConsumer in a main.cc) has the dead-letter topic of
// each topic it reads: a typo'd topic fails here, not on a broker that would
// auto-create it.
TEST(TopicSpecsTest, EveryTopicTheServicesUseIsDefined) {
  auto specs = ParseTopicSpecs(ReadSource("deploy/kafka/topics.txt"));
  ASSERT_TRUE(specs.ok()) << specs.status();
  std::set<std::string> defined;
  for (const TopicSpec& t : *specs) defined.insert(t.name);

  const std::regex literal(R"re("(lifelong\.[a-z]+\.[a-z_-]+\.v[0-9]+)")re");
  const std::regex constant(
      R"re(constexpr\s+char\s+(k\w+Topic)\[\]\s*=\s*"([^"]+)")re");
  const std::regex consumer(
      R"re(InboxConsumer\s+\w+\(\s*\w+,\s*[\w.]+,\s*"([^"]+)",\s*\{([^}]*)\})re");
  const std::regex name(R"re((k\w+Topic))re");
  int consumers = 0;
  std::filesystem::path services =
      std::filesystem::path(LIFELONG_SOURCE_DIR) / "services";
  for (const auto& service : std::filesystem::directory_iterator(services)) {
    if (!service.is_directory()) continue;
    std::map<std::string, std::string> topic_of;  // constant → topic
    std::string main_text;
    for (const auto& file : std::filesystem::directory_iterator(service)) {
      std::string path = file.path().string();
      bool source =
          file.path().extension() == ".h" || file.path().extension() == ".cc";
      if (!source || path.find("_test") != std::string::npos) continue;
      std::ifstream in(path);
      std::stringstream buffer;
      buffer << in.rdbuf();
      std::string text = buffer.str();
      for (std::sregex_iterator it(text.begin(), text.end(), literal), end;
           it != end; ++it) {
        EXPECT_TRUE(defined.count((*it)[1]))
            << path << " names " << (*it)[1] << ", not in topics.txt";
      }
      for (std::sregex_iterator it(text.begin(), text.end(), constant), end;
           it != end; ++it) {
        topic_of[(*it)[1]] = (*it)[2];
      }
      if (file.path().filename() == "main.cc") main_text = text;
    }
    for (std::sregex_iterator it(main_text.begin(), main_text.end(), consumer),
         end;
         it != end; ++it) {
      ++consumers;
      std::string group = (*it)[1], topics = (*it)[2];
      for (std::sregex_iterator t(topics.begin(), topics.end(), name), none;
           t != none; ++t) {
        ASSERT_TRUE(topic_of.count((*t)[1]))
            << service.path() << ": " << (*t)[1] << " is not a known constant";
        std::string dlq = topic_of[(*t)[1]] + ".dlq." + group;
        EXPECT_TRUE(defined.count(dlq)) << dlq << " is not in topics.txt";
      }
    }
  }
  EXPECT_GE(consumers, 3) << "the services' consumers were not found";
}

}  // namespace
}  // namespace lifelong::common
