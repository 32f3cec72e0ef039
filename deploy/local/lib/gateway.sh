# The browser gateway in the local stack (sourced by common.sh): builds
# deploy/gateway with Go, writes the descriptor set with buf, starts it in
# front of every service, and runs its tests (Go unit tests, then the sample
# page in headless Chromium). docs/frontend/README.md explains the parts.
#
# Ports, from the stack's base: gateway base+20 (Connect, gRPC-Web, REST,
# gRPC), its metrics base+21, the sample page base+22 (an allowed origin)
# and base+23 (an origin the gateway refuses).
#
# The gateway calls the services from its own loopback address 127.0.0.2, and
# identity believes X-Forwarded-For from that address alone, so failed logins
# through the gateway count per real client while a direct caller (127.0.0.1)
# still cannot name its own address.

GATEWAY_SOURCE_ADDRESS=127.0.0.2
export LIFELONG_TRUSTED_PROXIES=${LIFELONG_TRUSTED_PROXIES:-$GATEWAY_SOURCE_ADDRESS}
GATEWAY_GO_MIN=1.26  # deploy/gateway/go.mod (vanguard v0.4 needs Go 1.25+)
GATEWAY_TEST_PACKAGES=(chromium fonts-nanum)

# gateway_go: a Go new enough for deploy/gateway. Debian 12's golang-go is
# 1.19, too old; the machine image's Go (/usr/local/go) is used, as for the
# Kubernetes tools (k8s_checks.sh).
gateway_go() {
  local go
  go=$(command -v go || echo /usr/local/go/bin/go)
  [[ -x $go ]] || die "Go $GATEWAY_GO_MIN or later is needed to build deploy/gateway (Debian's golang-go is 1.19)"
  local v
  v=$("$go" env GOVERSION | sed 's/^go//')
  [[ $(printf '%s\n%s\n' "$GATEWAY_GO_MIN" "$v" | sort -V | head -n1) == "$GATEWAY_GO_MIN" ]] ||
    die "deploy/gateway needs Go $GATEWAY_GO_MIN or later; $go is $v"
  echo "$go"
}

# gateway_buf: buf from npm, the version check_protos pins.
gateway_buf() {
  local buf_dir=$CACHE/buf-$BUF_VERSION
  if [[ ! -x $buf_dir/node_modules/.bin/buf ]]; then
    log "installing buf $BUF_VERSION from npm"
    npm install --silent --no-audit --no-fund --prefix "$buf_dir" "@bufbuild/buf@$BUF_VERSION" >&2
  fi
  echo "$buf_dir/node_modules/.bin/buf"
}

build_gateway() {
  local go out=$BUILD/gateway
  go=$(gateway_go)
  mkdir -p "$out"
  log "building the gateway (Go, $out)"
  (cd "$ROOT/deploy/gateway" && CGO_ENABLED=0 GOFLAGS=-mod=mod "$go" build -o "$out/lifelong_gateway" .) >&2
  (cd "$ROOT" && "$(gateway_buf)" build -o "$out/lifelong.binpb")
}

gateway_upstreams() {
  local list=() i
  for i in "${!SERVICES[@]}"; do
    list+=("lifelong.${SERVICES[$i]}.v1=127.0.0.1:$((GRPC_BASE + i))")
  done
  (IFS=,; echo "${list[*]}")
}

# The gateway's ports from the stack's port base (GRPC_BASE - 10), set here
# and written by stack_env into the stack's env file (so stackctl, which
# rewrites that file, keeps them).
gateway_ports() {
  local base=$((GRPC_BASE - 10))
  GATEWAY_PORT=$((base + 20))
  GATEWAY_METRICS_PORT=$((base + 21))
  PAGE_PORT=$((base + 22))
  OTHER_PAGE_PORT=$((base + 23))
  export LIFELONG_GATEWAY_ADDR=127.0.0.1:$GATEWAY_PORT
  export LIFELONG_GATEWAY_METRICS_ADDR=127.0.0.1:$GATEWAY_METRICS_PORT
  export LIFELONG_PAGE_ORIGIN=http://127.0.0.1:$PAGE_PORT
  export LIFELONG_OTHER_ORIGIN=http://127.0.0.1:$OTHER_PAGE_PORT
}

gateway_env() {
  gateway_ports
  cat <<ENV
export LIFELONG_GATEWAY_ADDR=$LIFELONG_GATEWAY_ADDR
export LIFELONG_GATEWAY_METRICS_ADDR=$LIFELONG_GATEWAY_METRICS_ADDR
export LIFELONG_PAGE_ORIGIN=$LIFELONG_PAGE_ORIGIN
export LIFELONG_OTHER_ORIGIN=$LIFELONG_OTHER_ORIGIN
ENV
}

start_gateway() {
  gateway_ports
  local pidfile=$STATE/run/gateway.pid
  pid_alive "$pidfile" && return 0
  log "starting the gateway on 127.0.0.1:$GATEWAY_PORT"
  (
    export LIFELONG_GATEWAY_HOST=127.0.0.1
    export LIFELONG_GATEWAY_PORT=$GATEWAY_PORT
    export LIFELONG_METRICS_PORT=$GATEWAY_METRICS_PORT
    export LIFELONG_GATEWAY_DESCRIPTORS=$BUILD/gateway/lifelong.binpb
    export LIFELONG_GATEWAY_UPSTREAMS
    LIFELONG_GATEWAY_UPSTREAMS=$(gateway_upstreams)
    export LIFELONG_GATEWAY_CORS_ORIGINS=$LIFELONG_PAGE_ORIGIN,http://localhost:$PAGE_PORT
    export LIFELONG_GATEWAY_SOURCE_ADDRESS=$GATEWAY_SOURCE_ADDRESS
    export LIFELONG_DRAIN_SECONDS=2
    nohup "$BUILD/gateway/lifelong_gateway" >>"$STATE/logs/gateway.log" 2>&1 &
    echo $! >"$pidfile"
  )
  for ((t = 0; t < 100; t++)); do
    curl -fsS "http://127.0.0.1:$GATEWAY_METRICS_PORT/readyz" >/dev/null 2>&1 && return 0
    pid_alive "$pidfile" || die "the gateway exited; see $STATE/logs/gateway.log"
    sleep 0.1
  done
  die "the gateway did not become ready; see $STATE/logs/gateway.log"
}

stop_gateway() { stop_pid "$STATE/run/gateway.pid" gateway; }

# Debian's Chromium and a Hangul font, for the browser test only.
install_browser_packages() {
  local missing=() p
  for p in "${GATEWAY_TEST_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    log "installing ${missing[*]} (browser test)"
    [[ $EUID -eq 0 ]] || die "run as root to install packages, or install: ${missing[*]}"
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  fi
  command -v npm >/dev/null || {
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends npm >/dev/null
  }
}

# test_gateway: the gateway's Go tests, then the sample page in Chromium
# against this stack's gateway (tests/browser/run). Returns non-zero on a
# failure; prints how long it took.
test_gateway() {
  local started=$SECONDS status=0 go
  go=$(gateway_go)
  log "gateway: Go tests"
  (cd "$ROOT/deploy/gateway" && GOFLAGS=-mod=mod "$go" test -count=1 ./...) || status=1
  install_browser_packages
  log "gateway: browser test (screenshots in $STATE/browser)"
  LIFELONG_STATE=$STATE "$ROOT/tests/browser/run" || status=1
  log "gateway tests took $((SECONDS - started)) s"
  return $status
}
