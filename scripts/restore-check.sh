#!/usr/bin/env bash
# Checks that a logical backup restores (docs/deploy.md, "Backups"): pg_dump -Fc of DATABASE, pg_restore into a
# scratch database, the same row count in every table, and every dossier's history chain intact
# (motcua verify-history). The scratch database is dropped at the end.
#   scripts/restore-check.sh DATABASE [DUMP_FILE]     (server: PGHOST/PGPORT/PGUSER, default 127.0.0.1:5432 postgres)
# with MOTCUA_HISTORY_KEY (or MOTCUA_SECRET_KEY) as in production, else every chain reads as changed.
set -euo pipefail
SOURCE="${1:?usage: scripts/restore-check.sh DATABASE [DUMP_FILE]}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
DUMP="${2:-$(mktemp -d)/$SOURCE.dump}"
SCRATCH="restore_check_${SOURCE}_$$"
MOTCUA="${MOTCUA:-motcua}"
trap 'dropdb --if-exists "$SCRATCH"' EXIT

started=$(date +%s)
snapshot_counts() {
  psql -d "$1" -Atc "select table_schema || '.' || table_name from information_schema.tables
                     where table_schema = 'public' and table_type = 'BASE TABLE' order by 1" |
    while read -r table; do
      echo "$table $(psql -d "$1" -Atc "select count(*) from $table")"
    done
}
[ -n "${2:-}" ] || pg_dump -Fc -f "$DUMP" "$SOURCE"
echo "dump: $DUMP ($(du -h "$DUMP" | cut -f1)) in $(( $(date +%s) - started )) s"
createdb "$SCRATCH"
pg_restore --exit-on-error --no-owner -d "$SCRATCH" "$DUMP"
echo "restored into $SCRATCH in $(( $(date +%s) - started )) s"
# A live source's counts move while this runs: check a quiet one (the standby, or a night's dump with its counts).
if ! diff <(snapshot_counts "$SOURCE") <(snapshot_counts "$SCRATCH"); then
  echo "FAIL: the restored row counts differ from the source's (above: < source, > restored)" >&2
  exit 1
fi
echo "row counts: every table equal"
# The history chain is keyed (ADR 0002): run with the production MOTCUA_HISTORY_KEY (or MOTCUA_SECRET_KEY) set.
MOTCUA_DATABASE_URL="postgresql://$PGUSER@$PGHOST:$PGPORT/$SCRATCH" "$MOTCUA" verify-history
echo "restore check passed in $(( $(date +%s) - started )) s"
