#!/usr/bin/env bash
# echoppe as a cluster on one machine, everything on loopback with its data
# under DIR: a PostgreSQL primary and its streaming replica, Redis, an S3
# server (s3s-fs) holding the photos, NODES echoppe nodes, and HAProxy in
# front, sending traffic only to nodes whose /readyz says ready.
#
#   deploy/local-cluster.sh up [DIR]      starts it all with a seeded catalogue,
#                                         prints the URL and the time to ready
#   deploy/local-cluster.sh status [DIR]  what runs, and each node's readiness
#   deploy/local-cluster.sh roll [DIR]    rolling restart, one node at a time:
#                                         drain, stop, start on $ECHOPPE_BIN
#                                         (the new binary), warm, ready, next
#   deploy/local-cluster.sh down [DIR]    stops what `up DIR` started, nothing else
#
# DIR defaults to /tmp/echoppe-cluster. Settings (environment):
#   ECHOPPE_BIN   the echoppe binary [target/release/echoppe, built if missing]
#   PORT          HAProxy's port [8090]; its statistics on PORT+1
#   NODES         echoppe nodes [3], on ports 18201, 18202, ...
#   SHOPS, LISTINGS  the catalogue seeded on the first `up` [40, 1000]
#   WARM          listings each node warms before it reports ready [200]
# Needs Debian's postgresql, redis-server and haproxy, and s3s-fs from
# crates.io; as root it installs what is missing.
set -euo pipefail

command=${1:?usage: $0 up|status|roll|down [DIR]}
DIR=${2:-/tmp/echoppe-cluster}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
PORT=${PORT:-8090}
STATS_PORT=$((PORT + 1))
NODES=${NODES:-3}
SHOPS=${SHOPS:-40}
LISTINGS=${LISTINGS:-1000}
WARM=${WARM:-200}
PG_PORT=57432
REPLICA_PORT=57433
REDIS_PORT=57379
S3_PORT=57390
FIRST_NODE_PORT=18201
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
S3_KEY=echoppe-cluster
S3_SECRET=echoppe-cluster-secret

# Every node reads the shared services from these (see README, "Several nodes").
export ECHOPPE_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/echoppe"
export ECHOPPE_DATABASE_REPLICA_URL="postgres://postgres@127.0.0.1:$REPLICA_PORT/echoppe"
export ECHOPPE_REDIS_URL="redis://:echoppe@127.0.0.1:$REDIS_PORT/0"
export ECHOPPE_MEDIA_URL="s3://photos/"
export ECHOPPE_S3_ENDPOINT="http://127.0.0.1:$S3_PORT"
export ECHOPPE_S3_REGION=us-east-1
export ECHOPPE_S3_ACCESS_KEY_ID=$S3_KEY
export ECHOPPE_S3_SECRET_ACCESS_KEY=$S3_SECRET
export ECHOPPE_PUBLIC_URL="http://127.0.0.1:$PORT"
# HAProxy adds the visitor's address; sign-in limits count by it.
export ECHOPPE_FORWARDED_FOR=true
# /readyz fails 2 s before the listener closes: HAProxy checks every 0.5 s.
export ECHOPPE_DRAIN_DELAY=2
export ECHOPPE_SHUTDOWN_GRACE=20
export ECHOPPE_LOG=${ECHOPPE_LOG:-info,sqlx=warn}
unset ECHOPPE_CONFIG

as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

# The status line of GET PATH on 127.0.0.1:PORT, with bash's own /dev/tcp
# (curl may not be installed).
http_status() {
  local port=$1 path=$2 line
  { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || { echo "no answer"; return; }
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$path" >&3
  IFS= read -r -t 5 line <&3 || line="no answer"
  exec 3<&-
  echo "${line%$'\r'}" | cut -d' ' -f2-
}

wait_for() {
  local what=$1 seconds=$2
  shift 2
  for _ in $(seq $((seconds * 10))); do
    if "$@"; then return 0; fi
    sleep 0.1
  done
  echo "$what: not ready within ${seconds}s" >&2
  return 1
}

node_ready() { [ "$(http_status "$1" /readyz)" = "200 OK" ]; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

find_s3s() {
  command -v s3s-fs 2>/dev/null || { [ -x "${CARGO_HOME:-$HOME/.cargo}/bin/s3s-fs" ] && echo "${CARGO_HOME:-$HOME/.cargo}/bin/s3s-fs"; } || true
}

install_missing() {
  local missing=()
  [ -n "$PG_BIN" ] || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v haproxy >/dev/null || missing+=(haproxy)
  if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || { echo "missing: ${missing[*]} (apt-get install -y ${missing[*]})" >&2; exit 1; }
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  fi
  if [ -z "$(find_s3s)" ]; then
    echo "== building s3s-fs (crates.io), once"
    cargo install s3s-fs --version 0.14.1 --features binary --locked --quiet
  fi
  if [ -z "${ECHOPPE_BIN:-}" ]; then
    ECHOPPE_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/echoppe"
    [ -x "$ECHOPPE_BIN" ] || (cd "$ROOT" && cargo build --release --locked --quiet)
  fi
}

start_node() {
  local n=$1 port=$((FIRST_NODE_PORT + $1 - 1))
  "$ECHOPPE_BIN" serve --data "$DIR/node-$n" --bind "127.0.0.1:$port" --warm-listings "$WARM" \
    >>"$DIR/node-$n.log" 2>&1 &
  echo $! >"$DIR/node-$n.pid"
}

haproxy_config() {
  cat <<EOF
# Written by deploy/local-cluster.sh.
global
  # Within the default limit of open files (each connection is two: client, node).
  maxconn 8000
  pidfile $DIR/haproxy.pid
  stats socket $DIR/haproxy.sock mode 600 level admin

defaults
  mode http
  option http-keep-alive
  option forwardfor
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  timeout http-keep-alive 10s
  # A connection a leaving node closed under a request: send it again
  # elsewhere (a checkout carries its idempotency key, so a repeat is safe).
  retries 3
  retry-on conn-failure empty-response
  option redispatch 1

frontend echoppe
  bind 127.0.0.1:$PORT
  default_backend nodes

backend nodes
  balance roundrobin
  # A node warming or draining answers 503 and gets no traffic.
  option httpchk GET /readyz
  http-check expect status 200
  default-server inter 500ms fastinter 250ms downinter 500ms fall 1 rise 2
EOF
  for n in $(seq "$NODES"); do
    echo "  server node$n 127.0.0.1:$((FIRST_NODE_PORT + n - 1)) check"
  done
  cat <<EOF

listen statistics
  bind 127.0.0.1:$STATS_PORT
  stats enable
  stats uri /
EOF
}

up() {
  local started=$SECONDS
  install_missing
  mkdir -p "$DIR"
  if [ "$(id -u)" = 0 ]; then chown postgres "$DIR"; fi
  echo "== PostgreSQL primary on $PG_PORT and replica on $REPLICA_PORT"
  if [ ! -d "$DIR/postgres" ]; then
    as_postgres "$PG_BIN/initdb -D '$DIR/postgres' -U postgres -A trust -E UTF8 --locale=C.UTF-8" >/dev/null
    cat >>"$DIR/postgres/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$DIR'
max_connections = 300
wal_level = replica
max_wal_senders = 10
hot_standby = on
EOF
    echo "host replication all 127.0.0.1/32 trust" >>"$DIR/postgres/pg_hba.conf"
  fi
  as_postgres "$PG_BIN/pg_ctl -D '$DIR/postgres' -l '$DIR/postgres.log' -w -t 60 start" >/dev/null
  as_postgres "$PG_BIN/psql -h 127.0.0.1 -p $PG_PORT -U postgres -tAc \"SELECT 1 FROM pg_database WHERE datname = 'echoppe'\"" |
    grep -q 1 || as_postgres "$PG_BIN/createdb -h 127.0.0.1 -p $PG_PORT -U postgres echoppe"
  if [ ! -d "$DIR/replica" ]; then
    "$HERE/postgres-replica.sh" 127.0.0.1 "$PG_PORT" "$DIR/replica" "$REPLICA_PORT" >/dev/null
  else
    as_postgres "$PG_BIN/pg_ctl -D '$DIR/replica' -l '$DIR/replica.log' -w -t 60 start" >/dev/null
  fi

  echo "== Redis on $REDIS_PORT, the S3 server on $S3_PORT"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$DIR" --save '' --appendonly no --requirepass echoppe \
    --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" --daemonize yes
  mkdir -p "$DIR/s3/photos"
  "$(find_s3s)" --host 127.0.0.1 --port "$S3_PORT" --access-key "$S3_KEY" --secret-key "$S3_SECRET" "$DIR/s3" \
    >>"$DIR/s3.log" 2>&1 &
  echo $! >"$DIR/s3.pid"
  wait_for "the S3 server" 10 listening "$S3_PORT"

  if [ ! -f "$DIR/seeded" ]; then
    echo "== seeding $SHOPS shops and $LISTINGS listings (photos into the bucket)"
    "$ECHOPPE_BIN" seed --data "$DIR/seed" --shops "$SHOPS" --listings "$LISTINGS" --log warn
    touch "$DIR/seeded"
  fi

  echo "== $NODES echoppe nodes, each warming $WARM listings before it is ready"
  for n in $(seq "$NODES"); do
    # Each node its own search index, built before it serves.
    [ -d "$DIR/node-$n/search" ] || "$ECHOPPE_BIN" reindex --data "$DIR/node-$n" --log warn
    start_node "$n"
  done

  echo "== HAProxy on $PORT (statistics on $STATS_PORT)"
  haproxy_config >"$DIR/haproxy.cfg"
  haproxy -f "$DIR/haproxy.cfg" -D
  for n in $(seq "$NODES"); do
    wait_for "node $n" 300 node_ready $((FIRST_NODE_PORT + n - 1))
  done
  wait_for "HAProxy" 30 node_ready "$PORT"
  echo "echoppe's cluster is ready on http://127.0.0.1:$PORT ($NODES nodes; up to ready in $((SECONDS - started)) s)"
  echo "rehearse the broadcast: $ECHOPPE_BIN surge --target http://127.0.0.1:$PORT"
}

status() {
  local pid
  for part in postgres/postmaster replica/postmaster redis s3 haproxy; do
    pid=$(head -1 "$DIR/$part.pid" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then echo "${part%/postmaster}: running (pid $pid)"; else echo "${part%/postmaster}: stopped"; fi
  done
  for n in $(seq "$NODES"); do
    echo "node $n (127.0.0.1:$((FIRST_NODE_PORT + n - 1))): /readyz $(http_status $((FIRST_NODE_PORT + n - 1)) /readyz)"
  done
  echo "through HAProxy (127.0.0.1:$PORT): /readyz $(http_status "$PORT" /readyz)"
}

roll() {
  [ -n "${ECHOPPE_BIN:-}" ] || ECHOPPE_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/echoppe"
  # Checked before any node stops: a missing binary must not take one down.
  [ -x "$ECHOPPE_BIN" ] || { echo "no echoppe binary at $ECHOPPE_BIN (set ECHOPPE_BIN)" >&2; exit 1; }
  for n in $(seq "$NODES"); do
    local pid port=$((FIRST_NODE_PORT + n - 1)) started=$SECONDS
    pid=$(cat "$DIR/node-$n.pid")
    # SIGTERM: /readyz fails, HAProxy stops sending, in-flight requests finish.
    kill -TERM "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    start_node "$n"
    wait_for "node $n" 300 node_ready "$port" || { tail -5 "$DIR/node-$n.log" >&2; exit 1; }
    # HAProxy takes a node back after two good checks (0.25 s apart).
    sleep 1
    echo "node $n restarted on $ECHOPPE_BIN and ready in $((SECONDS - started)) s"
  done
}

down() {
  for n in $(seq "$NODES"); do
    if [ -f "$DIR/node-$n.pid" ]; then kill -TERM "$(cat "$DIR/node-$n.pid")" 2>/dev/null || true; fi
  done
  for n in $(seq "$NODES"); do
    if [ -f "$DIR/node-$n.pid" ]; then
      while kill -0 "$(cat "$DIR/node-$n.pid")" 2>/dev/null; do sleep 0.1; done
      rm -f "$DIR/node-$n.pid"
    fi
  done
  for part in haproxy s3 redis; do
    if [ -f "$DIR/$part.pid" ]; then kill "$(cat "$DIR/$part.pid")" 2>/dev/null || true; rm -f "$DIR/$part.pid"; fi
  done
  for pg in replica postgres; do
    if [ -f "$DIR/$pg/postmaster.pid" ]; then
      as_postgres "$PG_BIN/pg_ctl -D '$DIR/$pg' -m fast -w stop" >/dev/null || true
    fi
  done
  echo "stopped (data kept in $DIR; remove it to start afresh)"
}

case "$command" in
  up) up ;;
  status) status ;;
  roll) roll ;;
  down) down ;;
  *) echo "unknown command $command: expected up, status, roll or down" >&2; exit 2 ;;
esac
