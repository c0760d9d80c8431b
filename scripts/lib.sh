#!/usr/bin/env bash
# Shell helpers shared by the scripts in this folder. Sourced (by env.sh, and by the scripts that
# do not source env.sh), never run: it defines functions, RUNBOX_ROOT and
# RUNBOX_SERVICE_JAVA_OPTS, and starts nothing. deploy/nested/entrypoint.sh keeps its own small
# wait loop: it runs inside the service image, where this file is not.
set -euo pipefail
RUNBOX_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The service's JVM options, as an array: the argument file deploy/jvm.options (the service images
# use the same file), or, when RUNBOX_JAVA_OPTS is set, its words. RUNBOX_JAVA_OPTS is split at
# whitespace, so an option there cannot contain a space; put such an option in an argument file
# and pass RUNBOX_JAVA_OPTS=@that-file. Use it quoted: java "${RUNBOX_SERVICE_JAVA_OPTS[@]}" ...
# shellcheck disable=SC2034 # used by the scripts that source this file
if [ -n "${RUNBOX_JAVA_OPTS:-}" ]; then
  read -r -a RUNBOX_SERVICE_JAVA_OPTS <<<"$RUNBOX_JAVA_OPTS"
else
  RUNBOX_SERVICE_JAVA_OPTS=("@$RUNBOX_ROOT/deploy/jvm.options")
fi

# wait_until SECONDS COMMAND [ARG...]: runs COMMAND every half second until it succeeds (returns
# 0) or SECONDS have passed (returns 1).
wait_until() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# service_ready PORT: whether the runbox service on 127.0.0.1:PORT answers GET /health/ready with
# 200 (the engine answers and every image is present).
service_ready() {
  curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$1/health/ready" 2>/dev/null
}

# wait_ready PORT SECONDS [ALIVE_COMMAND [ARG...]]: waits until service_ready PORT (returns 0).
# Returns 1 when SECONDS have passed, and 2 as soon as ALIVE_COMMAND (e.g. `kill -0 "$pid"`)
# fails: the service is gone and will never be ready.
wait_ready() {
  local port=$1 deadline=$((SECONDS + $2))
  shift 2
  until service_ready "$port"; do
    if (($# > 0)) && ! "$@" >/dev/null 2>&1; then return 2; fi
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# free_port: prints a TCP port of 127.0.0.1, between 20000 and 39999, on which nothing listens.
# Another process may take it before the caller binds it; the caller then fails, clearly.
free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  echo "free_port: no free port found in 50 tries" >&2
  return 1
}

# apt_install PACKAGE...: installs, as root, those Debian packages of PACKAGE that are not
# installed yet. The package lists are updated once first: a fresh image has none, and old ones
# name files the mirror no longer has. RUNBOX_APT_UPDATED (exported) spares the scripts that this
# one runs a second update.
apt_install() {
  local missing=() p
  for p in "$@"; do
    # shellcheck disable=SC2016 # ${Status} is dpkg-query's field, not a shell variable
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q ' installed$' || missing+=("$p")
  done
  ((${#missing[@]} > 0)) || return 0
  if [ -z "${RUNBOX_APT_UPDATED:-}" ]; then
    apt-get update -qq
    export RUNBOX_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}
