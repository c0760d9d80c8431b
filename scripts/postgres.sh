#!/usr/bin/env bash
# A throw-away PostgreSQL for the tests, from Debian's packages, listening on loopback only.
#   postgres.sh install      installs Debian's postgresql (as root) when initdb or pg_ctl is missing
#   postgres.sh start DIR    a new cluster in DIR (empty or missing; owned by the postgres user when
#                            run as root), on 127.0.0.1 and a free port, its unix socket in DIR, a
#                            database "runbox"; prints its JDBC URL (with a fresh password) on stdout
#   postgres.sh start DIR --stat-statements
#                            the same, with pg_stat_statements preloaded (for the benchmark's
#                            statements per job; the database still has to CREATE EXTENSION it)
#   postgres.sh stop DIR     stops that cluster and removes DIR
#   postgres.sh pause DIR    stops that cluster (a fast, clean shutdown) and keeps DIR
#   postgres.sh resume DIR   starts a paused cluster again, on its port and with its data
# Everything else it says goes to stderr.
set -euo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"
exec 3>&1 1>&2

# pg_bin: prints the newest /usr/lib/postgresql/VERSION/bin that has initdb and pg_ctl.
pg_bin() {
  local d found=""
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then found=$d; fi
  done
  [ -n "$found" ] && echo "$found"
}

install_postgres() {
  pg_bin >/dev/null && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "postgres: initdb and pg_ctl are missing (/usr/lib/postgresql/*/bin); run as root to install Debian's postgresql" >&2
    exit 1
  fi
  echo "postgres: installing postgresql from Debian's packages"
  # The package starts a cluster of its own (port 5432) after installing it: a policy-rc.d that
  # refuses every service start keeps it stopped, for the length of the install only.
  local policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt_install postgresql
  if [ -n "$(trap -p EXIT)" ]; then
    rm -f "$policy"
    trap - EXIT
  fi
  pg_bin >/dev/null || { echo "postgres: postgresql is installed but initdb or pg_ctl is still missing" >&2; exit 1; }
}

# as_owner COMMAND...: runs COMMAND as the postgres user when root (PostgreSQL refuses to run as
# root), else as the caller.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local dir=$1 stats=${2:-} bin port password
  install_postgres
  bin=$(pg_bin)
  mkdir -p "$dir"
  if [ -n "$(ls -A "$dir")" ]; then
    echo "postgres: $dir is not empty" >&2
    exit 1
  fi
  mkdir -m 700 "$dir/data" "$dir/socket"
  chmod 700 "$dir"
  password=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
  (umask 077 && printf '%s\n' "$password" >"$dir/password")
  if [ "$(id -u)" = 0 ]; then
    chown -R postgres:postgres "$dir"
    if ! runuser -u postgres -- test -r "$dir/password"; then
      echo "postgres: the postgres user cannot reach $dir (a folder above it is closed to it)" >&2
      exit 1
    fi
  fi
  as_owner "$bin/initdb" -D "$dir/data" -U runbox --pwfile="$dir/password" -E UTF8 --locale=C \
    --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  port=$(free_port)
  # A test cluster: durability is traded for speed; reached by TCP on loopback only, and by its
  # socket in $dir, which only its owner can open.
  cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir/socket'
unix_socket_permissions = 0700
max_connections = 50
shared_buffers = 32MB
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
  if [ "$stats" = --stat-statements ]; then
    cat >>"$dir/data/postgresql.conf" <<CONF
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = all
CONF
  fi
  # The server does not inherit the URL's descriptor: a caller reading it through $(...) would
  # wait for the server to end.
  if ! as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start >/dev/null 3>&-; then
    echo "postgres: the cluster did not start within 60 s; last lines of $dir/postgres.log:" >&2
    tail -n 20 "$dir/postgres.log" >&2
    exit 1
  fi
  as_owner "$bin/createdb" -h "$dir/socket" -p "$port" -U runbox runbox
  echo "postgres: ready on 127.0.0.1:$port (cluster in $dir)"
  echo "jdbc:postgresql://127.0.0.1:$port/runbox?user=runbox&password=$password" >&3
}

stop() {
  local dir=$1 bin
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    echo "postgres: $dir holds no cluster of this script" >&2
    exit 1
  fi
  bin=$(pg_bin)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null
  fi
  rm -rf "$dir"
  echo "postgres: stopped, $dir removed"
}

pause() {
  local dir=$1 bin
  [ -f "$dir/data/PG_VERSION" ] || { echo "postgres: $dir holds no cluster of this script" >&2; exit 1; }
  bin=$(pg_bin)
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null
  echo "postgres: paused (cluster in $dir)"
}

resume() {
  local dir=$1 bin
  [ -f "$dir/data/PG_VERSION" ] || { echo "postgres: $dir holds no cluster of this script" >&2; exit 1; }
  bin=$(pg_bin)
  if ! as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start >/dev/null 3>&-; then
    echo "postgres: the cluster did not start again within 60 s; last lines of $dir/postgres.log:" >&2
    tail -n 20 "$dir/postgres.log" >&2
    exit 1
  fi
  echo "postgres: resumed (cluster in $dir)"
}

case "${1:-}" in
  install) install_postgres ;;
  start)
    { [ $# = 2 ] || { [ $# = 3 ] && [ "$3" = --stat-statements ]; }; } ||
      { echo "usage: postgres.sh start DIR [--stat-statements]" >&2; exit 2; }
    start "$2" "${3:-}" ;;
  stop) [ $# = 2 ] || { echo "usage: postgres.sh stop DIR" >&2; exit 2; }; stop "$2" ;;
  pause) [ $# = 2 ] || { echo "usage: postgres.sh pause DIR" >&2; exit 2; }; pause "$2" ;;
  resume) [ $# = 2 ] || { echo "usage: postgres.sh resume DIR" >&2; exit 2; }; resume "$2" ;;
  *) echo "usage: postgres.sh install | start DIR [--stat-statements] | stop DIR | pause DIR | resume DIR" >&2; exit 2 ;;
esac
