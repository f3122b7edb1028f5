#!/usr/bin/env bash
# Makes a streaming read replica of a PostgreSQL primary and starts it:
#
#   deploy/postgres-replica.sh HOST PORT DIR REPLICA_PORT [USER]
#
# pg_basebackup copies the primary into DIR with -R (standby.signal and
# primary_conninfo written for it), then the standby starts on
# 127.0.0.1:REPLICA_PORT and replays the primary's WAL as it comes. Give
# its URL to echoppe with --database-replica-url. The primary must allow
# replication connections from here (pg_hba.conf `host replication …`,
# wal_level = replica, max_wal_senders > 0). As root, the files belong to
# `postgres` (PostgreSQL refuses to run as root).
set -euo pipefail
HOST=${1:?usage: $0 HOST PORT DIR REPLICA_PORT [USER]}
PORT=${2:?usage: $0 HOST PORT DIR REPLICA_PORT [USER]}
DIR=${3:?usage: $0 HOST PORT DIR REPLICA_PORT [USER]}
REPLICA_PORT=${4:?usage: $0 HOST PORT DIR REPLICA_PORT [USER]}
USER_NAME=${5:-postgres}
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$PG_BIN" ] || { echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2; exit 1; }

as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

mkdir -p "$(dirname "$DIR")"
if [ "$(id -u)" = 0 ]; then chown postgres "$(dirname "$DIR")"; fi
as_postgres "$PG_BIN/pg_basebackup -h '$HOST' -p '$PORT' -U '$USER_NAME' -D '$DIR' -R -X stream -c fast"
# The copy carries the primary's settings: only the port and socket differ.
cat >>"$DIR/postgresql.conf" <<CONF
port = $REPLICA_PORT
unix_socket_directories = '$(dirname "$DIR")'
hot_standby = on
CONF
as_postgres "$PG_BIN/pg_ctl -D '$DIR' -l '$DIR.log' -w -t 60 start" >/dev/null
echo "replica of $HOST:$PORT serving on 127.0.0.1:$REPLICA_PORT"
