#!/usr/bin/env bash
# runbox itself in a container, tested end to end against this machine's engine, for each mode in
# RUNBOX_SERVICE_TEST_MODES (default "sibling nested"): build the images, start the service
# container (its data folder on a volume of its own), wait until it is ready, run the Python sample
# red and green and a fork bomb through the HTTP API, run a job through the async API on the
# default SQLite job store (submit, poll until done, check its output), check the service still
# answers, stop it with `docker stop`, and find no container of this instance left. Sibling mode also checks the reaper across the container boundary: a
# live host process's container is kept, and reaped once that process is gone.
# Cleans up whatever happens; exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib.sh source-path=SCRIPTDIR
source scripts/lib.sh
started=$(date +%s)
modes=${RUNBOX_SERVICE_TEST_MODES:-sibling nested}
tag="svc-test-$$-$RANDOM"
tmp=$(mktemp -d /var/tmp/runbox-service-test.XXXXXX)
containers=()
volumes=()
decoy=""; owner_pid=""

say() { echo "service-test: $*"; }
fail() { echo "service-test: FAIL: $*" >&2; exit 1; }

cleanup() {
  local status=$?
  if [ -n "$owner_pid" ]; then kill "$owner_pid" 2>/dev/null || true; fi
  if [ -n "$decoy" ]; then docker rm -f "$decoy" >/dev/null 2>&1 || true; fi
  for c in "${containers[@]}"; do
    if [ "$status" != 0 ] && docker inspect "$c" >/dev/null 2>&1; then
      echo "--- last log lines of $c" >&2; docker logs --tail 30 "$c" >&2 2>&1 || true
    fi
    docker rm -fv "$c" >/dev/null 2>&1 || true
  done
  for v in "${volumes[@]}"; do docker volume rm "$v" >/dev/null 2>&1 || true; done
  # Whatever an instance of this test left on the host engine (a failure already says so).
  docker ps -aq --filter "label=runbox.instance=$tag-sibling" | xargs -r docker rm -fv >/dev/null 2>&1 || true
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A file's text as a JSON string (the samples are plain text).
json_string() {
  local s
  s=$(cat "$1"; printf x); s=${s%x}
  s=${s//\\/\\\\}; s=${s//\"/\\\"}; s=${s//$'\n'/\\n}; s=${s//$'\t'/\\t}; s=${s//$'\r'/\\r}
  printf '"%s"' "$s"
}

sample_body() {
  local dir=images/python/sample/$1 f sep="" files=""
  for f in "$dir"/*; do
    files+="$sep\"$(basename "$f")\":$(json_string "$f")"; sep=","
  done
  printf '{"image":"python","files":{%s}}' "$files"
}

post_run() { curl -sS --max-time 60 "http://127.0.0.1:$1/v1/runs" -H 'Content-Type: application/json' -d "$2"; }

expect_outcome() { # port, body, expected outcome, what
  local answer got
  answer=$(post_run "$1" "$2") || fail "$4: the request failed"
  got=$(grep -o '"outcome":"[a-z_]*"' <<<"$answer" | cut -d'"' -f4 || true)
  [ "$got" = "$3" ] || fail "$4: expected outcome $3, got '${got}': $(head -c 600 <<<"$answer")"
  say "  $4: $got"
}

# A job through the async API on the image's default store (SQLite in /var/lib/runbox): submitted,
# polled until done (bounded), its result's stdout checked.
expect_job() { # port
  local marker="runbox-job-$tag" answer id status="" deadline=$((SECONDS + 90))
  answer=$(curl -sS --max-time 30 "http://127.0.0.1:$1/v1/jobs" -H 'Content-Type: application/json' \
    -d "{\"kind\":\"run\",\"request\":{\"image\":\"tiny\",\"command\":\"echo $marker\"}}") ||
    fail "job: the submission failed"
  id=$(grep -o '"id":"[^"]*"' <<<"$answer" | head -n1 | cut -d'"' -f4 || true)
  [ -n "$id" ] || fail "job: no id in the answer to POST /v1/jobs: $(head -c 600 <<<"$answer")"
  while [ "$status" != "done" ]; do
    [ "$SECONDS" -lt "$deadline" ] || fail "job $id: not done within 90 s (status '$status'): $(head -c 600 <<<"$answer")"
    case "$status" in failed|cancelled) fail "job $id ended $status: $(head -c 600 <<<"$answer")" ;; esac
    sleep 0.5
    answer=$(curl -sS --max-time 30 "http://127.0.0.1:$1/v1/jobs/$id") || fail "job $id: GET /v1/jobs/$id failed"
    status=$(grep -o '"status":"[a-z]*"' <<<"$answer" | head -n1 | cut -d'"' -f4 || true)
  done
  grep -qF "\"stdout\":{\"content\":\"$marker\\n\"" <<<"$answer" ||
    fail "job $id: done, but its stdout is not '$marker': $(head -c 600 <<<"$answer")"
  say "  async API: job $id done on the default SQLite store, stdout '$marker'"
}

running() { [ "$(docker inspect -f '{{.State.Running}}' "$1" 2>/dev/null)" = true ]; }
healthy() { [ "$(docker inspect -f '{{.State.Health.Status}}' "$1")" = healthy ]; }

container_ready() { # container, port
  local status=0
  wait_ready "$2" 90 running "$1" || status=$?
  [ "$status" != 2 ] || fail "$1 is not running"
  [ "$status" = 0 ] || fail "$1 not ready within 90 s: $(curl -s "http://127.0.0.1:$2/health/ready")"
  wait_until 30 healthy "$1" || fail "$1: the image's HEALTHCHECK did not report healthy within 30 s of ready"
  say "  ready, and the HEALTHCHECK says healthy"
}

exercise() { # container, port, instance
  # The shell's only fork comes before the bomb exists; then it spins without forking (a fork of
  # its own refused by the full pids cgroup would end the run early, by chance): only the time
  # limit ends it, however the bomb went.
  local bomb='{"image":"tiny","command":"(bomb() { bomb | bomb & }; bomb) & while :; do :; done","limits":{"time_s":3}}'
  expect_outcome "$2" "$(sample_body red)" red "python sample red"
  expect_outcome "$2" "$(sample_body green)" green "python sample green"
  expect_job "$2"
  expect_outcome "$2" "$bomb" timed_out "fork bomb in tiny, time_s 3"
  curl -sf --max-time 5 "http://127.0.0.1:$2/health/ready" >/dev/null || fail "the service does not answer after the fork bomb"
  say "  the service still answers after the fork bomb"
}

stop_and_check() { # container, instance
  local t0
  t0=$(date +%s)
  docker stop -t 200 "$1" >/dev/null
  # the log is read whole first: with pipefail, grep -q leaving early would fail the pipe (SIGPIPE)
  local log
  log=$(docker logs "$1" 2>&1)
  grep -q 'INFO .* stopped$' <<<"$log" || fail "$1 did not stop gracefully (no 'stopped' in its log)"
  say "  docker stop: graceful, $(( $(date +%s) - t0 )) s"
}

no_leftovers() { # instance, how to list
  local left
  left=$("${@:2}" ps -aq --filter "label=runbox.instance=$1")
  [ -z "$left" ] || fail "containers of instance $1 are left: $left"
  say "  no container of instance $1 left"
}

sibling() {
  local name="runbox-$tag-sibling" port instance="$tag-sibling" gid
  port=$(free_port); gid=$(stat -c %g /var/run/docker.sock)
  say "sibling mode: $name on 127.0.0.1:$port (socket group $gid)"
  # A container owned by a live host process, as another runbox on this host would label it.
  sleep 600 & owner_pid=$!
  decoy=$(docker create --network none --label runbox=1 --label "runbox.instance=$tag-decoy" --label runbox.run=decoy \
    --label "runbox.deadline=$(( $(date +%s) + 600 ))" --label "runbox.owner-pid=$owner_pid" \
    --label "runbox.owner-host=$(cat /proc/sys/kernel/hostname)" runbox/tiny:latest true)
  containers+=("$name"); volumes+=("$name-data")
  docker run -d --name "$name" --network host --pid host --group-add "$gid" \
    --read-only --tmpfs /tmp:rw,nosuid,nodev,noexec,size=64m --cap-drop ALL --security-opt no-new-privileges \
    -v /var/run/docker.sock:/var/run/docker.sock -v "$name-data:/var/lib/runbox" --health-interval 2s \
    -e RUNBOX_PORT="$port" -e RUNBOX_INSTANCE_ID="$instance" -e RUNBOX_POOL_IMAGES=python,tiny \
    -e RUNBOX_REAPER_INTERVAL_S=1 runbox/service:latest >/dev/null
  container_ready "$name" "$port"
  docker inspect "$decoy" >/dev/null 2>&1 || fail "the service reaped a container whose owner (host pid $owner_pid) is alive"
  say "  reaper: kept the container of a live host process"
  kill "$owner_pid"; wait "$owner_pid" 2>/dev/null || true; owner_pid=""
  local deadline=$(( $(date +%s) + 20 ))
  # Other runbox instances on this engine may reap it too; it must be gone, by ours or theirs.
  while docker inspect "$decoy" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "the container of a host process that is gone was not reaped"
    sleep 0.5
  done
  local by="another runbox on this engine"
  grep -q "reaped container $decoy" <<<"$(docker logs "$name" 2>&1)" && by="the service"
  decoy=""
  say "  reaper: the container was removed once that process was gone (by $by)"
  exercise "$name" "$port" "$instance"
  stop_and_check "$name"
  no_leftovers "$instance" docker
  docker rm -v "$name" >/dev/null
}

nested() {
  local name="runbox-$tag-nested" port instance="$tag-nested"
  port=$(free_port)
  say "nested mode: $name on 127.0.0.1:$port (its own engine; loading python and tiny into it)"
  mkdir -p "$tmp/import" "$tmp/catalog"
  cp -r images/python images/tiny "$tmp/catalog/"
  docker save -o "$tmp/import/images.tar" runbox/python:latest runbox/tiny:latest
  containers+=("$name"); volumes+=("$name-data")
  docker run -d --name "$name" --network host --cgroupns private \
    --cap-add SYS_ADMIN --cap-add NET_ADMIN --cap-add SYS_PTRACE --security-opt seccomp=unconfined \
    -v "$name-data:/var/lib/runbox" -v "$tmp/import:/var/lib/runbox/import:ro" -v "$tmp/catalog:/opt/runbox/catalog:ro" --health-interval 2s \
    -e RUNBOX_CATALOG=/opt/runbox/catalog -e RUNBOX_PORT="$port" -e RUNBOX_INSTANCE_ID="$instance" \
    runbox/service-nested:latest >/dev/null
  container_ready "$name" "$port"
  local seccomp
  seccomp=$(post_run "$port" '{"image":"tiny","command":"grep ^Seccomp: /proc/self/status"}' | grep -o 'Seccomp:\\t[0-9]' || true)
  [ "$seccomp" = 'Seccomp:\t2' ] || fail "a nested sandbox does not run under a seccomp filter ($seccomp)"
  say "  a nested sandbox runs under the inner engine's seccomp filter"
  exercise "$name" "$port" "$instance"
  stop_and_check "$name"
  # The entrypoint counts what is left on the inner engine after the service, before stopping it
  # (java exits with 143 after a SIGTERM it handled).
  grep -qE 'nested: service exited \((0|143)\); 0 runbox container\(s\) left on the inner engine' <<<"$(docker logs "$name" 2>&1)" ||
    fail "the service left containers on the inner engine, or failed: $(docker logs "$name" 2>&1 | grep 'nested: service exited')"
  say "  no runbox container left on the inner engine"
  no_leftovers "$instance" docker
  docker rm -v "$name" >/dev/null
}

say "building the images (scripts/service-image.sh)"
nested_flag=(); [[ " $modes " != *" nested "* ]] || nested_flag=(--nested)
bash scripts/service-image.sh "${nested_flag[@]}" | grep -E '^(service-image|base):' || fail "image build failed"
for mode in $modes; do
  case "$mode" in
    sibling|nested) "$mode" ;;
    *) fail "unknown mode '$mode' (sibling, nested)" ;;
  esac
done
say "passed ($modes) in $(( $(date +%s) - started )) s"
