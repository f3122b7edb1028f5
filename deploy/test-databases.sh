#!/usr/bin/env bash
# PostgreSQL, MariaDB and Redis for the tests, each on loopback with a data
# directory of its own under DIR, started by this script and stopped by it
# alone (a database server already running on this machine is never touched).
#
#   deploy/test-databases.sh up DIR     starts both (and a streaming replica
#                                       of PostgreSQL), prints the variables
#                                       the tests read (eval its output)
#   deploy/test-databases.sh down DIR   stops what `up DIR` started
#   deploy/test-databases.sh stop-postgres|start-postgres DIR
#                                       for the reconnect test by hand
#
# Needs Debian's postgresql, mariadb-server and redis-server packages
# (apt-get install -y postgresql mariadb-server redis-server); ports: PG_PORT
# (55432), MYSQL_PORT (53306) and REDIS_PORT (56379).
set -euo pipefail

command=${1:?usage: $0 up|down|stop-postgres|start-postgres DIR}
DIR=${2:?usage: $0 $command DIR}
PG_PORT=${PG_PORT:-55432}
REPLICA_PORT=$((PG_PORT + 1))
MYSQL_PORT=${MYSQL_PORT:-53306}
REDIS_PORT=${REDIS_PORT:-56379}
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)

# PostgreSQL refuses to run as root: as root its files belong to `postgres`.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

start_postgres() {
  as_postgres "$PG_BIN/pg_ctl -D '$DIR/postgres' -l '$DIR/postgres.log' -w -t 60 start" >/dev/null
}

up() {
  mkdir -p "$DIR"
  [ -n "$PG_BIN" ] || { echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2; exit 1; }
  command -v mariadbd >/dev/null || { echo "MariaDB is not installed (apt-get install -y mariadb-server)" >&2; exit 1; }
  command -v redis-server >/dev/null || { echo "Redis is not installed (apt-get install -y redis-server)" >&2; exit 1; }
  if [ "$(id -u)" = 0 ]; then chown postgres "$DIR"; fi

  if [ ! -d "$DIR/postgres" ]; then
    as_postgres "$PG_BIN/initdb -D '$DIR/postgres' -U postgres -A trust -E UTF8 --locale=C.UTF-8" >/dev/null
    # Loopback only, its own socket directory, the default durability
    # (synchronous_commit = on, fsync = on); WAL kept for a streaming replica.
    cat >>"$DIR/postgres/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$DIR'
max_connections = 400
wal_level = replica
max_wal_senders = 10
hot_standby = on
EOF
    echo "host replication all 127.0.0.1/32 trust" >>"$DIR/postgres/pg_hba.conf"
  fi
  start_postgres
  if [ ! -d "$DIR/replica" ]; then
    "$(dirname "$0")/postgres-replica.sh" 127.0.0.1 "$PG_PORT" "$DIR/replica" "$REPLICA_PORT" >/dev/null
  else
    as_postgres "$PG_BIN/pg_ctl -D '$DIR/replica' -l '$DIR/replica.log' -w -t 60 start" >/dev/null
  fi

  if [ ! -d "$DIR/mysql" ]; then
    mariadb-install-db --no-defaults --datadir="$DIR/mysql" --user=root --auth-root-authentication-method=normal \
      --skip-test-db >"$DIR/mysql-install.log" 2>&1
  fi
  mariadbd --no-defaults --user=root --datadir="$DIR/mysql" --bind-address=127.0.0.1 --port="$MYSQL_PORT" \
    --socket="$DIR/mysql.sock" --pid-file="$DIR/mysql.pid" --max-connections=600 \
    --innodb-flush-log-at-trx-commit=1 --log-error="$DIR/mysql.log" >>"$DIR/mysql.out" 2>&1 &
  for _ in $(seq 150); do
    mariadb --no-defaults --socket="$DIR/mysql.sock" -uroot -e "SELECT 1" >/dev/null 2>&1 && break
    sleep 0.2
  done
  mariadb --no-defaults --socket="$DIR/mysql.sock" -uroot -e \
    "CREATE USER IF NOT EXISTS 'echoppe'@'127.0.0.1' IDENTIFIED BY 'echoppe';
     GRANT ALL PRIVILEGES ON *.* TO 'echoppe'@'127.0.0.1' WITH GRANT OPTION;"

  # Redis keeps nothing on disk here (the tests' sessions and limits are
  # theirs alone), and asks for a password, as a shared one should.
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$DIR" --save '' --appendonly no --requirepass echoppe \
    --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" --daemonize yes
  for _ in $(seq 50); do
    redis-cli -p "$REDIS_PORT" -a echoppe --no-auth-warning ping >/dev/null 2>&1 && break
    sleep 0.1
  done

  # The tests make a database of their own under each of these.
  echo "export ECHOPPE_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  echo "export ECHOPPE_TEST_POSTGRES_REPLICA_URL=postgres://postgres@127.0.0.1:$REPLICA_PORT/postgres"
  echo "export ECHOPPE_TEST_MYSQL_URL=mysql://echoppe:echoppe@127.0.0.1:$MYSQL_PORT/mysql"
  echo "export ECHOPPE_TEST_REDIS_URL=redis://:echoppe@127.0.0.1:$REDIS_PORT"
}

down() {
  if [ -f "$DIR/redis.pid" ]; then
    kill "$(cat "$DIR/redis.pid")" 2>/dev/null || true
  fi
  if [ -f "$DIR/replica/postmaster.pid" ]; then
    as_postgres "$PG_BIN/pg_ctl -D '$DIR/replica' -m fast -w stop" >/dev/null || true
  fi
  if [ -f "$DIR/postgres/postmaster.pid" ]; then
    as_postgres "$PG_BIN/pg_ctl -D '$DIR/postgres' -m fast -w stop" >/dev/null || true
  fi
  if [ -f "$DIR/mysql.pid" ]; then
    kill "$(cat "$DIR/mysql.pid")" 2>/dev/null || true
    for _ in $(seq 100); do [ -f "$DIR/mysql.pid" ] || break; sleep 0.1; done
  fi
}

case "$command" in
  up) up ;;
  down) down ;;
  stop-postgres) as_postgres "$PG_BIN/pg_ctl -D '$DIR/postgres' -m fast -w stop" >/dev/null ;;
  start-postgres) start_postgres ;;
  *) echo "unknown command $command: expected up, down, stop-postgres or start-postgres" >&2; exit 2 ;;
esac
