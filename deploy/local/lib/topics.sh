# Sourced by common.sh. Creates the Kafka topics deploy/kafka/topics.txt
# defines (partitions, retention, cleanup policy, dead-letter topics, the
# restricted topic) on this stack's broker as soon as it runs, before any
# service writes: a topic is never left to auto-creation's defaults.
# lifelong_topics is idempotent: on a stack that has them it changes nothing.
#
# The local broker still auto-creates topics (auto.create.topics.enable=true):
# tests make scratch topics of random names (lifelong.test.inbox_*, their
# dead-letter topics under scratch consumer groups) that no file can list.
# A typo'd topic in a service is caught instead by topic_specs_test, which
# checks every topic the services name against deploy/kafka/topics.txt.
# Production (Strimzi) turns auto-creation off.

ensure_topics() {
  local tool=$BUILD/common/lifelong_topics
  [[ -x $tool ]] || die "$tool is missing: build it (ninja lifelong_topics)"
  local out
  # The stack's env carries the brokers and any Kafka security settings the
  # services get, so the tool connects as they do.
  # shellcheck disable=SC1091
  out=$(source "$STATE/env" && "$tool" ensure "$ROOT/deploy/kafka/topics.txt" 2>&1) ||
    die "creating Kafka topics failed: $out"
  printf '%s\n' "$out" >>"$STATE/logs/topics.log"
  log "Kafka topics: ${out##*$'\n'}"
}
