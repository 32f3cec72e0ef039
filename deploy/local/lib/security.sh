# Sourced by common.sh: the secrets and TLS material of one local stack, and
# the settings that use them (docs/operations/security.md).
#
# A stack created from scratch is secured, as production is:
#   - Kafka's client listener is SASL_SSL: TLS with a certificate that a CA
#     generated for this stack signed (SAN 127.0.0.1 and localhost), and
#     SCRAM-SHA-512 users created in the KRaft metadata when the storage is
#     formatted ("broker" between brokers, "lifelong" for services and tests);
#   - Redis refuses every command until AUTH as the ACL user "lifelong" (its
#     "default" user has a password of its own that no client gets).
# Everything lives in $STATE/security (mode 700); the stack's env file carries
# the settings (LIFELONG_KAFKA_SECURITY_PROTOCOL, LIFELONG_REDIS_PASSWORD, ...)
# that common/kafka/kafka_config and common/redis/redis_client read.
#
# A stack whose Kafka or Redis data predates this (a plaintext stack still in
# use) stays plaintext until it is started again from an empty folder.

SECURITY_VARIABLES=(
  LIFELONG_REDIS_USERNAME LIFELONG_REDIS_PASSWORD
  LIFELONG_KAFKA_SECURITY_PROTOCOL LIFELONG_KAFKA_SASL_MECHANISM
  LIFELONG_KAFKA_SASL_USERNAME LIFELONG_KAFKA_SASL_PASSWORD
  LIFELONG_KAFKA_SSL_CA_LOCATION
)

# stack_security: sets SECURED (1 or 0) and SECURITY_DIR for $STATE, making
# the secrets of a new stack; exports the clients' settings (or unsets them
# for a plaintext stack) so that services started from this shell use them.
stack_security() {
  SECURITY_DIR=$STATE/security
  if [[ -f $SECURITY_DIR/secured ]]; then
    SECURED=1
  elif [[ -e $STATE/kafka/data/meta.properties || -e $STATE/redis ]]; then
    SECURED=0  # made before stacks were secured: keep it as it runs
  else
    SECURED=1
    make_stack_secrets
  fi
  if ((SECURED)); then
    export LIFELONG_REDIS_USERNAME=lifelong
    export LIFELONG_REDIS_PASSWORD
    LIFELONG_REDIS_PASSWORD=$(cat "$SECURITY_DIR/redis.password")
    export LIFELONG_KAFKA_SECURITY_PROTOCOL=SASL_SSL
    export LIFELONG_KAFKA_SASL_MECHANISM=SCRAM-SHA-512
    export LIFELONG_KAFKA_SASL_USERNAME=lifelong
    export LIFELONG_KAFKA_SASL_PASSWORD
    LIFELONG_KAFKA_SASL_PASSWORD=$(cat "$SECURITY_DIR/kafka-lifelong.password")
    export LIFELONG_KAFKA_SSL_CA_LOCATION=$SECURITY_DIR/ca.pem
  else
    unset "${SECURITY_VARIABLES[@]}"
  fi
}

# The env file's lines for the clients' settings (none for plaintext).
security_env() {
  ((SECURED)) || return 0
  local v
  for v in "${SECURITY_VARIABLES[@]}"; do echo "export $v=${!v}"; done
}

make_stack_secrets() {
  local d=$SECURITY_DIR
  command -v openssl >/dev/null || die "openssl is needed to secure the stack"
  log "making this stack's CA, broker certificate and passwords in $d"
  rm -rf "$d"
  mkdir -p "$d" && chmod 700 "$d"
  (
    umask 077
    for p in redis redis-admin kafka-lifelong kafka-broker keystore; do
      openssl rand -hex 24 >"$d/$p.password"
    done
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 \
      -subj "/CN=Lifelong local stack CA" \
      -keyout "$d/ca.key" -out "$d/ca.pem" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -sha256 -subj "/CN=localhost" \
      -keyout "$d/broker.key" -out "$d/broker.csr" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' \
      >"$d/broker.ext"
    openssl x509 -req -in "$d/broker.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" \
      -CAcreateserial -days 3650 -sha256 -extfile "$d/broker.ext" \
      -out "$d/broker.pem" 2>/dev/null
    # The broker's keystore (PKCS#12, which Java 17 reads).
    openssl pkcs12 -export -name broker -in "$d/broker.pem" -inkey "$d/broker.key" \
      -certfile "$d/ca.pem" -passout "file:$d/keystore.password" -out "$d/broker.p12"
    rm -f "$d/broker.csr" "$d/broker.ext" "$d/ca.srl"
  )
  chmod 644 "$d/ca.pem"  # the CA certificate is public
  touch "$d/secured"
}

# Kafka's listener lines: SASL_SSL for clients and between brokers; the KRaft
# controller listener stays on loopback (it serves this broker only).
kafka_listener_properties() {
  if ((SECURED)); then
    local d=$SECURITY_DIR
    cat <<PROPS
listeners=SASL_SSL://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=SASL_SSL://127.0.0.1:$KAFKA_PORT
listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT
inter.broker.listener.name=SASL_SSL
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="broker" password="$(cat "$d/kafka-broker.password")";
ssl.keystore.type=PKCS12
ssl.keystore.location=$d/broker.p12
ssl.keystore.password=$(cat "$d/keystore.password")
ssl.truststore.type=PEM
ssl.truststore.location=$d/ca.pem
ssl.endpoint.identification.algorithm=https
ssl.client.auth=none
PROPS
  else
    cat <<PROPS
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
PROPS
  fi
}

# KAFKA_SCRAM_ARGS: the arguments of kafka-storage format that create the
# SCRAM users in the KRaft metadata (none for plaintext).
kafka_scram_args() {
  KAFKA_SCRAM_ARGS=()
  ((SECURED)) || return 0
  local d=$SECURITY_DIR
  KAFKA_SCRAM_ARGS=(
    --add-scram "SCRAM-SHA-512=[name=broker,password=$(cat "$d/kafka-broker.password")]"
    --add-scram "SCRAM-SHA-512=[name=lifelong,password=$(cat "$d/kafka-lifelong.password")]"
  )
}

# Redis's configuration file lines for the users (in a mode-600 file, so the
# password is not on a command line).
redis_security_conf() {
  ((SECURED)) || return 0
  # The default user keeps its permissions (Redis 7.0 replays the
  # append-only file's MULTI/EXEC as that user) but needs a password of its
  # own, which no client is given: an unauthenticated connection gets NOAUTH.
  cat <<CONF
user default on >$(cat "$SECURITY_DIR/redis-admin.password") ~* &* +@all
user lifelong on >$(cat "$SECURITY_DIR/redis.password") ~* &* +@all
CONF
}

# redis-cli as the stack's user.
redis_cli() {
  if ((SECURED)); then
    REDISCLI_AUTH=$LIFELONG_REDIS_PASSWORD redis-cli --user lifelong -p "$REDIS_PORT" "$@"
  else
    redis-cli -p "$REDIS_PORT" "$@"
  fi
}
