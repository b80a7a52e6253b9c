#!/usr/bin/env bash
# Point-in-time restore drill (`make drill`), run as root on a machine with PostgreSQL >= 15.
#
# Builds a SOURCE cluster of its own on 127.0.0.1:55432 with continuous archiving to an encrypted
# pgBackRest repository, migrates Relais into it and loads the demo data, takes a full backup,
# writes W1, takes an incremental backup, writes W1b (only in the WAL), records the time T and the
# row count and checksum of every table, writes W2, then restores to a TARGET cluster on
# 127.0.0.1:55433 with --type=time --target=T and proves: same tables, same counts, same
# checksums as the source at T, W2 absent, access-log chain intact. Everything lives under
# var/drill/ and is removed at the end (DRILL_KEEP=1 keeps it). The machine's own clusters are
# not touched. PostgreSQL and pgBackRest run as the `postgres` OS user.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DRILL="$ROOT/var/drill"
SOURCE_PORT=${DRILL_SOURCE_PORT:-55432}
TARGET_PORT=${DRILL_TARGET_PORT:-55433}
STANZA=relais
PYTHON="$ROOT/.venv/bin/python"
export DJANGO_SETTINGS_MODULE=config.settings.dev

if [ "$(id -u)" -ne 0 ]; then
  echo "Le drill crée des grappes PostgreSQL pour l'utilisateur postgres : lancez-le en root." >&2
  exit 2
fi
# The clusters run as postgres: when it cannot reach var/ (a checkout in a private directory, as a
# CI clone may be), they live in a directory of their own under /tmp instead.
mkdir -p "$ROOT/var"
if ! runuser -u postgres -- test -x "$ROOT/var"; then
  DRILL=$(mktemp -d /tmp/relais-drill.XXXXXX)
  echo "== $ROOT/var n'est pas accessible à postgres : grappes sous $DRILL"
fi
if ! command -v pgbackrest >/dev/null 2>&1; then
  echo "== Installation de pgBackRest (paquet Debian)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbackrest >/dev/null
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)

started=$(date +%s)
step_started=$started
declare -a timings=()
step() {  # step NAME: closes the previous step's timer and announces the next one
  local now
  now=$(date +%s)
  [ -n "${current_step:-}" ] && timings+=("$current_step: $((now - step_started)) s")
  current_step=$1
  step_started=$now
  echo "== $1"
}

as_pg() { runuser -u postgres -- env -C / PGBACKREST_REPO1_CIPHER_PASS="$PGBACKREST_REPO1_CIPHER_PASS" "$@"; }
psql_at() { as_pg "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -U postgres -d relais -At -c "$2"; }
backrest() { as_pg pgbackrest --config="$DRILL/pgbackrest.conf" --stanza=$STANZA "$@"; }
relais() { DATABASE_URL="postgres://postgres@127.0.0.1:$1/relais" "$PYTHON" manage.py "${@:2}"; }

cleanup() {
  for dir in source target; do
    [ -f "$DRILL/$dir/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$DRILL/$dir" -m immediate stop >/dev/null 2>&1 || true
  done
  if [ "${DRILL_KEEP:-0}" != 1 ]; then rm -rf "$DRILL"; fi
}
trap cleanup EXIT

# A throwaway repository key: the drill's backups are unreadable without it, and it dies with the run.
PGBACKREST_REPO1_CIPHER_PASS=$(openssl rand -base64 48 | tr -d '\n')
export PGBACKREST_REPO1_CIPHER_PASS

step "Grappe source sur 127.0.0.1:$SOURCE_PORT, archivage continu vers un dépôt chiffré"
cleanup
mkdir -p "$DRILL"/{run,repo,log,lock,spool}
cat >"$DRILL/pgbackrest.conf" <<EOF
[global]
repo1-path=$DRILL/repo
repo1-cipher-type=aes-256-cbc
repo1-retention-full=2
log-path=$DRILL/log
lock-path=$DRILL/lock
spool-path=$DRILL/spool
log-level-console=warn
log-level-file=info
start-fast=y
compress-type=zst

[$STANZA]
pg1-path=$DRILL/source
pg1-port=$SOURCE_PORT
pg1-socket-path=$DRILL/run
EOF
chown -R postgres:postgres "$DRILL"
# Trust on loopback only: a cluster that lives for the length of the drill and listens nowhere else.
as_pg "$PGBIN/initdb" -D "$DRILL/source" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
cat >>"$DRILL/source/postgresql.conf" <<EOF
port = $SOURCE_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DRILL/run'
wal_level = replica
archive_mode = on
archive_command = 'pgbackrest --config=$DRILL/pgbackrest.conf --stanza=$STANZA archive-push %p'
max_wal_senders = 3
EOF
as_pg "$PGBIN/pg_ctl" -D "$DRILL/source" -l "$DRILL/log/source.log" -w start >/dev/null
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$SOURCE_PORT" -U postgres relais
backrest stanza-create
backrest check

step "Migration de Relais et données de démonstration"
relais "$SOURCE_PORT" migrate --no-input -v0
relais "$SOURCE_PORT" seed_demo >/dev/null

step "Sauvegarde complète"
backrest --type=full backup

# W1 and W1b: known writes, one in the incremental backup and one only in the archived WAL.
# Each also appends to the access log, so the restored chain must hold them.
write() {
  relais "$SOURCE_PORT" shell -v0 -c "
from relais.audit.services import access_record
from relais.users.models import Organization
Organization.objects.create(name='$1', kind=Organization._meta.get_field('kind').choices[0][0])
access_record(user=None, category='person', action='read', pseudonym='$1')
"
}
step "Écriture W1, sauvegarde incrémentale, écriture W1b (seulement dans les WAL archivés)"
write drill-W1
backrest --type=incr backup
write drill-W1b
sleep 1

step "Instant T : comptes et sommes de contrôle de chaque table de la source"
T=$(psql_at "$SOURCE_PORT" "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'")
# One statement per table: its name, its row count and the md5 of its rows in a total order.
TABLE_FIGURES_SQL="SELECT format('SELECT %L, count(*), md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), %L)) FROM public.%I t;', tablename, '', tablename) FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
figures() {
  psql_at "$1" "$TABLE_FIGURES_SQL" | as_pg "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -U postgres -d relais -At -F ' ' -f -
}
figures "$SOURCE_PORT" >"$DRILL/source-at-T.txt"
sleep 1

step "Écriture W2 après T, archivage du dernier segment WAL"
write drill-W2
backrest check  # switches to a new WAL segment and waits until it is in the repository
backrest info

step "Restauration à T dans une seconde grappe sur 127.0.0.1:$TARGET_PORT"
as_pg mkdir -p "$DRILL/target"
as_pg chmod 700 "$DRILL/target"
backrest --pg1-path="$DRILL/target" --type=time --target="$T" --target-action=promote restore
# The restored copy must not archive into the source's repository, nor listen where the source does.
as_pg "$PGBIN/pg_ctl" -D "$DRILL/target" -l "$DRILL/log/target.log" -w -t 120 start \
  -o "-p $TARGET_PORT -c archive_mode=off -c unix_socket_directories=$DRILL/run" >/dev/null
for _ in $(seq 1 60); do
  [ "$(psql_at "$TARGET_PORT" 'SELECT pg_is_in_recovery()')" = f ] && break
  sleep 1
done

step "Preuves"
figures "$TARGET_PORT" >"$DRILL/target.txt"
failures=0
if diff -u "$DRILL/source-at-T.txt" "$DRILL/target.txt"; then
  echo "OK   chaque table : même nombre de lignes et même somme de contrôle qu'à T"
else
  echo "ÉCHEC tables différentes de la source à T (ci-dessus)"
  failures=$((failures + 1))
fi
present() { psql_at "$TARGET_PORT" "SELECT count(*) FROM users_organization WHERE name = '$1'"; }
if [ "$(present drill-W1)" = 1 ] && [ "$(present drill-W1b)" = 1 ]; then
  echo "OK   W1 (sauvegarde incrémentale) et W1b (WAL) présentes"
else
  echo "ÉCHEC W1 ou W1b absente"
  failures=$((failures + 1))
fi
if [ "$(present drill-W2)" = 0 ]; then
  echo "OK   W2 (après T) absente"
else
  echo "ÉCHEC W2 présente"
  failures=$((failures + 1))
fi
if relais "$TARGET_PORT" verify_access_log; then
  echo "OK   chaîne du journal des accès vérifiée sur la copie restaurée"
else
  echo "ÉCHEC chaîne du journal des accès"
  failures=$((failures + 1))
fi
step "Fin"

tables=$(wc -l <"$DRILL/target.txt")
rows=$(awk '{ total += $2 } END { print total }' "$DRILL/target.txt")
echo
echo "Résumé du drill ($(date -u +%Y-%m-%dT%H:%MZ), PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'), $(pgbackrest version))"
echo "  instant T : $T"
echo "  $tables tables, $rows lignes comparées"
printf '  %s\n' "${timings[@]}"
echo "  durée totale : $(($(date +%s) - started)) s"
if [ "$failures" -ne 0 ]; then
  echo "Drill ÉCHOUÉ : $failures preuve(s) manquante(s)."
  exit 1
fi
echo "Drill réussi."
