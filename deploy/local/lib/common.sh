# Shared by deploy/local/up, test, down and stackctl: installs what is
# missing, builds, and starts or stops PostgreSQL 15, Redis 7 and Kafka (KRaft,
# one broker) on loopback, with all their data under one state folder.
#
# A "stack" is a state folder plus a port base; its settings are written to
# $STATE/env so that later commands (down, stackctl, tests) find it.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
CACHE=${LIFELONG_CACHE_DIR:-$HOME/.cache/lifelong}
BUILD=${LIFELONG_BUILD_DIR:-$ROOT/build}
KAFKA_VERSION=3.7.1
PG_BIN=/usr/lib/postgresql/15/bin
SERVICES=(identity catalogue enrolment consulting community)

# Kafka topics from deploy/kafka/topics.txt (ensure_topics).
# shellcheck disable=SC1091
source "$(dirname "${BASH_SOURCE[0]}")/topics.sh"

log() { printf '[lifelong %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# The stack's CA, certificates, passwords and secured listeners.
# shellcheck disable=SC1091
source "$(dirname "${BASH_SOURCE[0]}")/security.sh"

# Debian packages the build and the stack need.
PACKAGES=(
  build-essential cmake ninja-build pkg-config python3 python3-pip
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libpqxx-dev libhiredis-dev librdkafka-dev libsodium-dev libspdlog-dev
  nlohmann-json3-dev libgtest-dev libgmock-dev libbenchmark-dev
  postgresql-15 redis-server openjdk-17-jre-headless maven
  clang-format libical-dev
)

install_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$p")
  done
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    [[ $EUID -eq 0 ]] || die "run as root to install packages, or install: ${missing[*]}"
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      "${missing[@]}" >/dev/null
  fi
}

# The broker's jars from Maven Central, cached outside the tracked tree.
fetch_kafka() {
  KAFKA_LIBS=$CACHE/kafka-$KAFKA_VERSION
  if [[ ! -f $KAFKA_LIBS/.complete ]]; then
    log "fetching Kafka $KAFKA_VERSION jars from Maven Central"
    rm -rf "$KAFKA_LIBS"
    mvn -q -B --no-transfer-progress -Dstyle.color=never -f "$ROOT/deploy/local/kafka/pom.xml" dependency:copy-dependencies \
      -Dkafka.version="$KAFKA_VERSION" -DincludeScope=runtime \
      -DoutputDirectory="$KAFKA_LIBS" >&2
    touch "$KAFKA_LIBS/.complete"
  fi
}

# buf (npm's @bufbuild/buf, a pinned version) lints every proto and refuses
# a breaking change against the last release named in proto/LAST_RELEASE.
BUF_VERSION=1.75.0
check_protos() {
  local buf_dir=$CACHE/buf-$BUF_VERSION
  if [[ ! -x $buf_dir/node_modules/.bin/buf ]]; then
    if ! command -v npm >/dev/null; then
      log "installing Debian's npm"
      apt-get update -q >/dev/null
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends npm >/dev/null
    fi
    log "installing buf $BUF_VERSION from npm"
    npm install --silent --no-audit --no-fund --prefix "$buf_dir" \
      "@bufbuild/buf@$BUF_VERSION" >&2
  fi
  local buf=$buf_dir/node_modules/.bin/buf release
  release=$(cat "$ROOT/proto/LAST_RELEASE")
  (cd "$ROOT" && "$buf" lint) || die "buf lint: fix the protos above"
  git -C "$ROOT" cat-file -e "$release^{commit}" 2>/dev/null ||
    die "proto/LAST_RELEASE names $release, which this clone does not have (fetch the full history)"
  (cd "$ROOT" && "$buf" breaking --against ".git#ref=$release,subdir=proto") ||
    die "buf breaking: the protos above break the last release's contract (docs/events/README.md)"
}

build() {
  log "building (Ninja, $BUILD)"
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$BUILD"
}

# stack_env STATE PORT_BASE: the ports and addresses of one stack.
stack_env() {
  STATE=$1
  local base=$2
  PG_PORT=$((base + 0))
  REDIS_PORT=$((base + 1))
  KAFKA_PORT=$((base + 2))
  KAFKA_CONTROLLER_PORT=$((base + 3))
  GRPC_BASE=$((base + 10))     # identity +0, catalogue +1, ...
  METRICS_BASE=$((base + 30))
  PG_ADMIN_DSN="postgresql://postgres:postgres@127.0.0.1:$PG_PORT/lifelong"
  mkdir -p "$STATE/logs" "$STATE/run"
  stack_security  # security.sh: SASL_SSL Kafka and Redis ACL for a new stack
  cat >"$STATE/env" <<ENV
export LIFELONG_ROOT=$ROOT
export LIFELONG_STATE=$STATE
export LIFELONG_PG_ADMIN_DSN=$PG_ADMIN_DSN
export LIFELONG_REDIS_ADDR=127.0.0.1:$REDIS_PORT
export LIFELONG_KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT
export LIFELONG_STACKCTL="$ROOT/deploy/local/stackctl $STATE"
ENV
  security_env >>"$STATE/env"
  for i in "${!SERVICES[@]}"; do
    local s=${SERVICES[$i]}
    local upper=${s^^}
    echo "export LIFELONG_PG_DSN_$upper=$(service_dsn "$s")" >>"$STATE/env"
    echo "export LIFELONG_${upper}_ADDR=127.0.0.1:$((GRPC_BASE + i))" >>"$STATE/env"
  done
  gateway_env >>"$STATE/env"  # gateway.sh: its address and the page origins
}

service_dsn() { echo "postgresql://$1:$1-local@127.0.0.1:$PG_PORT/lifelong"; }

as_postgres() {
  if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pid_alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_port() {  # wait_port PORT SECONDS NAME
  for ((i = 0; i < $2 * 10; i++)); do
    (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  die "$3 did not open port $1 within $2 s (logs: $STATE/logs)"
}

start_postgres() {
  local data=$STATE/postgres
  if [[ ! -f $data/PG_VERSION ]]; then
    log "initialising PostgreSQL in $data"
    mkdir -p "$data"
    [[ $EUID -eq 0 ]] && chown postgres: "$data" "$STATE"
    local pwfile
    pwfile=$(mktemp) && echo postgres >"$pwfile" && chmod 644 "$pwfile"
    as_postgres "$PG_BIN/initdb" -D "$data" -U postgres --pwfile="$pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
  fi
  if ! as_postgres "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    as_postgres "$PG_BIN/pg_ctl" -D "$data" -w -l "$data/server.log" \
      -o "-p $PG_PORT -k $data -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=256MB -c track_commit_timestamp=on -c fsync=${PG_FSYNC:-on}" \
      start >/dev/null
  fi
  as_postgres psql -h "$data" -p "$PG_PORT" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'lifelong'" | grep -q 1 ||
    as_postgres psql -h "$data" -p "$PG_PORT" -U postgres -d postgres -qc "CREATE DATABASE lifelong"
  # One role and one schema per service; a service cannot read another's.
  # Nobody writes to public; each service's tables live in its own schema.
  local sql="REVOKE ALL ON SCHEMA public FROM PUBLIC;
    GRANT USAGE ON SCHEMA public TO PUBLIC;
    CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public;"
  for s in "${SERVICES[@]}"; do
    sql+="
    DO \$\$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$s') THEN
        CREATE ROLE $s LOGIN PASSWORD '$s-local';
      END IF;
    END \$\$;
    CREATE SCHEMA IF NOT EXISTS $s AUTHORIZATION $s;
    REVOKE ALL ON SCHEMA $s FROM PUBLIC;
    ALTER ROLE $s SET search_path = $s, public;"
  done
  PGOPTIONS="-c client_min_messages=warning" as_postgres psql -h "$data" -p "$PG_PORT" -U postgres -d lifelong -q -v ON_ERROR_STOP=1 -c "$sql" >/dev/null
}

stop_postgres() {
  local data=$STATE/postgres
  [[ -f $data/postmaster.pid ]] || return 0
  log "stopping PostgreSQL"
  as_postgres "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null || true
}

start_redis() {
  local pidfile=$STATE/run/redis.pid
  pid_alive "$pidfile" && return 0
  log "starting Redis on 127.0.0.1:$REDIS_PORT"
  mkdir -p "$STATE/redis"
  # The users (security.sh) in a file only this user reads.
  (umask 077 && redis_security_conf >"$STATE/redis/users.conf")
  redis-server "$STATE/redis/users.conf" --bind 127.0.0.1 --port "$REDIS_PORT" \
    --dir "$STATE/redis" \
    --daemonize yes --pidfile "$pidfile" --logfile "$STATE/logs/redis.log" \
    --save "" --appendonly yes --protected-mode yes
  wait_port "$REDIS_PORT" 20 Redis
  # Open is not ready: until its data is loaded Redis answers LOADING.
  for ((i = 0; i < 300; i++)); do
    [[ $(redis_cli PING 2>/dev/null) == PONG ]] && return 0
    sleep 0.1
  done
  die "Redis did not become ready on port $REDIS_PORT (logs: $STATE/logs)"
}

stop_redis() { stop_pid "$STATE/run/redis.pid" Redis; }

kafka_properties() {
  cat <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
$(kafka_listener_properties)
controller.listener.names=CONTROLLER
log.dirs=$STATE/kafka/data
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
PROPS
}

start_kafka() {
  local pidfile=$STATE/run/kafka.pid
  pid_alive "$pidfile" && return 0
  fetch_kafka
  mkdir -p "$STATE/kafka"
  kafka_properties >"$STATE/kafka/server.properties"
  cat >"$STATE/kafka/log4j.properties" <<'L4J'
log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
L4J
  local java=(java -Xms256m -Xmx512m -XX:+UseG1GC
    -Dlog4j.configuration="file:$STATE/kafka/log4j.properties" -cp "$KAFKA_LIBS/*")
  if [[ ! -f $STATE/kafka/data/meta.properties ]]; then
    local cluster_id
    cluster_id=$("${java[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    kafka_scram_args  # security.sh: the SCRAM users, created with the storage
    "${java[@]}" kafka.tools.StorageTool format -t "$cluster_id" \
      -c "$STATE/kafka/server.properties" "${KAFKA_SCRAM_ARGS[@]}" \
      >>"$STATE/logs/kafka.log" 2>&1
  fi
  log "starting Kafka on 127.0.0.1:$KAFKA_PORT"
  nohup "${java[@]}" kafka.Kafka "$STATE/kafka/server.properties" \
    >>"$STATE/logs/kafka.log" 2>&1 &
  echo $! >"$pidfile"
  wait_port "$KAFKA_PORT" 90 Kafka
}

stop_kafka() { stop_pid "$STATE/run/kafka.pid" Kafka; }

stop_pid() {  # stop_pid PIDFILE NAME: SIGTERM, then SIGKILL after 30 s
  local pidfile=$1
  pid_alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  local pid
  pid=$(cat "$pidfile")
  log "stopping $2 (pid $pid)"
  kill "$pid" 2>/dev/null || true
  for ((i = 0; i < 300; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

start_infrastructure() {
  start_postgres
  start_redis
  start_kafka
  ensure_topics  # topics.sh: every topic as deploy/kafka/topics.txt defines it
}

# start_service NAME INDEX [REPLICA]: runs the service's binary with its
# settings. REPLICA 1, 2, ... starts one more process of the service against
# the same database and Kafka (as Kubernetes runs replicas), on ports of its
# own that it writes to $STATE/run/NAME-REPLICA.addr ("GRPC METRICS").
start_service() {
  local s=$1 i=$2 replica=${3:-0}
  local grpc=$((GRPC_BASE + i)) metrics=$((METRICS_BASE + i)) name=$s
  if ((replica > 0)); then
    grpc=$((GRPC_BASE + 40 + 10 * (replica - 1) + i))
    metrics=$((GRPC_BASE + 60 + 10 * (replica - 1) + i))
    name=$s-$replica
    echo "127.0.0.1:$grpc $metrics" >"$STATE/run/$name.addr"
  fi
  local pidfile=$STATE/run/$name.pid
  pid_alive "$pidfile" && return 0
  log "starting $name on 127.0.0.1:$grpc"
  (
    # shellcheck disable=SC1091
    [[ -f $ROOT/deploy/local/$s.env ]] && source "$ROOT/deploy/local/$s.env"
    export LIFELONG_GRPC_PORT=$grpc
    export LIFELONG_METRICS_PORT=$metrics
    export LIFELONG_PG_DSN
    LIFELONG_PG_DSN=$(service_dsn "$s")
    export LIFELONG_REDIS_ADDR=127.0.0.1:$REDIS_PORT
    export LIFELONG_KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT
    # Enrolment signs the roster's contact tickets, identity checks them.
    export LIFELONG_CONTACT_TICKET_KEY=local-contact-tickets-not-for-production-0123
    export LIFELONG_COMMON_MIGRATIONS_DIR=$ROOT/common/pg/migrations
    export LIFELONG_MIGRATIONS_DIR=$ROOT/services/$s/migrations
    nohup "$BUILD/services/$s/${s}_server" >>"$STATE/logs/$name.log" 2>&1 &
    echo $! >"$pidfile"
  )
}

wait_serving() {  # wait_serving NAME ADDR SECONDS
  for ((t = 0; t < $3 * 5; t++)); do
    "$BUILD/common/lifelong_health_probe" "$2" >/dev/null 2>&1 && return 0
    pid_alive "$STATE/run/$1.pid" || die "$1 exited; see $STATE/logs/$1.log"
    sleep 0.2
  done
  die "$1 did not answer SERVING on $2 within $3 s; see $STATE/logs/$1.log"
}

start_services() {
  for i in "${!SERVICES[@]}"; do start_service "${SERVICES[$i]}" "$i"; done
  for i in "${!SERVICES[@]}"; do
    wait_serving "${SERVICES[$i]}" "127.0.0.1:$((GRPC_BASE + i))" 60
  done
}

stop_services() {
  local pidfile
  for pidfile in "$STATE"/run/*-[0-9]*.pid; do  # replicas
    [[ -f $pidfile ]] && stop_pid "$pidfile" "$(basename "$pidfile" .pid)"
  done
  for s in "${SERVICES[@]}"; do stop_pid "$STATE/run/$s.pid" "$s"; done
}

stop_all() {
  stop_gateway
  stop_services
  stop_kafka
  stop_redis
  stop_postgres
}

# The browser gateway: build_gateway, start_gateway, stop_gateway, test_gateway.
# shellcheck disable=SC1091
source "$(dirname "${BASH_SOURCE[0]}")/gateway.sh"
