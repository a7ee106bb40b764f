#!/usr/bin/env bash
# A hot standby of the PostgreSQL primary at 127.0.0.1:5432, streaming on 127.0.0.1:${STANDBY_PORT:-5433}
# (docs/deploy.md). Idempotent: does nothing when the standby already answers. Used by .ci/run and the tests.
#   scripts/standby.sh          make (pg_basebackup) and start it
#   scripts/standby.sh stop     stop it (the data directory and the slot stay: the primary keeps WAL until `remove`)
#   scripts/standby.sh remove   stop it, delete its data directory and its replication slot on the primary
set -euo pipefail
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}"
PORT="${STANDBY_PORT:-5433}"
DATA="${STANDBY_DATA:-/tmp/motcua-standby-$PORT}"
# The primary keeps its WAL for the standby in this slot until the standby has it: a busy primary (other databases
# written meanwhile) would otherwise recycle it while a large copy is still being made, and the standby never catch up.
SLOT="motcua_standby_$PORT"
AS_PG=()
[ "$(id -u)" -eq 0 ] && AS_PG=(runuser -u postgres --)

case "${1:-start}" in
  stop)
    [ -f "$DATA/postmaster.pid" ] && "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null || true
    exit 0 ;;
  remove)
    "$0" stop; rm -rf "$DATA"
    psql -h 127.0.0.1 -p 5432 -U postgres -qAtc \
      "select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = '$SLOT'" >/dev/null
    exit 0 ;;
esac

# Two callers at once (the test workers of `pytest -n 2` each start it when it is down) would both make the copy
# in one folder: the second waits for the first, then finds the standby answering.
exec 9>"/tmp/motcua-standby-$PORT.lock"
flock 9
if "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PORT" -q; then
  exit 0
fi

# The primary must let a replication connection in from 127.0.0.1 ("all" in pg_hba does not cover it).
HBA="$(psql -h 127.0.0.1 -p 5432 -U postgres -Atc 'show hba_file')"
if ! psql -h 127.0.0.1 -p 5432 -U postgres -Atc \
    "select 1 from pg_hba_file_rules where 'replication' = any(database) and type = 'host'" | grep -q 1; then
  if [ -w "$HBA" ]; then
    echo "host replication postgres 127.0.0.1/32 trust  # motcua standby (scripts/standby.sh)" >>"$HBA"
    psql -h 127.0.0.1 -p 5432 -U postgres -qAtc 'select pg_reload_conf()' >/dev/null
  else
    echo "FAIL: $HBA has no replication line for 127.0.0.1 and is not writable" >&2
    exit 1
  fi
fi

if [ ! -f "$DATA/standby.signal" ]; then
  rm -rf "$DATA"
  mkdir -p "$DATA"
  [ "${#AS_PG[@]}" -gt 0 ] && chown postgres: "$DATA"
  chmod 700 "$DATA"
  # -R writes primary_conninfo and standby.signal: the copy starts as a standby streaming from the primary.
  psql -h 127.0.0.1 -p 5432 -U postgres -qAtc "select pg_drop_replication_slot(slot_name) from pg_replication_slots
    where slot_name = '$SLOT' and not active" >/dev/null  # a slot a removed standby left
  "${AS_PG[@]}" "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p 5432 -U postgres -D "$DATA" -R -X stream -c fast -C -S "$SLOT"
  # Debian keeps the configuration outside the data directory: the standby gets its own, small one (a standby
  # refuses to start with fewer connections, senders, workers or locks than its primary: copy the primary's).
  "${AS_PG[@]}" tee "$DATA/postgresql.conf" >/dev/null <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DATA'
hot_standby = on
hot_standby_feedback = on
shared_buffers = 32MB
wal_level = replica
$(psql -h 127.0.0.1 -p 5432 -U postgres -Atc "select string_agg(name || ' = ' || setting, E'\\n') from pg_settings
   where name in ('max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions',
                  'max_locks_per_transaction')")
CONF
  "${AS_PG[@]}" tee "$DATA/pg_hba.conf" >/dev/null <<CONF
local all all trust
host all all 127.0.0.1/32 trust
host replication all 127.0.0.1/32 trust
CONF
fi
# Started already and still replaying the primary's WAL (a copy of a busy primary takes minutes): wait for it.
if ! "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  # The server must not inherit the lock (it would hold it as long as it runs).
  "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 start >/dev/null 9>&- || true
fi
for _ in $(seq 1 600); do
  "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PORT" -q && exit 0
  sleep 0.5
done
echo "FAIL: the standby on $PORT does not accept connections after 5 minutes (see $DATA/server.log)" >&2
exit 1
