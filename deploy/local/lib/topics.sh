# Sourced by common.sh. Creates the Kafka topics deploy/kafka/topics.txt
# defines (partitions, retention, cleanup policy, dead-letter topics, the
# restricted topic) on this stack's broker as soon as it runs, before any
# service writes: a topic is never left to auto-creation's defaults.
# lifelong_topics is idempotent: on a stack that has them it changes nothing.

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
