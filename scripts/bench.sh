#!/usr/bin/env bash
# The benchmark (not part of the tests): runbox's HTTP API against plain `docker run`, side by
# side in one run on this machine. Prints a table and writes bench-results/latest.json; the
# service's log is target/bench.log.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=env.sh source-path=SCRIPTDIR
source scripts/env.sh
./mvnw -B -q -DskipTests package
java -jar target/runbox.jar images build python tiny | grep -E '^(image|images)'
port=${RUNBOX_BENCH_PORT:-4598}
log=target/bench.log
java "${RUNBOX_SERVICE_JAVA_OPTS[@]}" -jar target/runbox.jar serve --set port="$port" --set pool_images=python \
  --set pool_size=8 --set max_running=8 --set max_queued=64 >"$log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
wait_ready "$port" 60 kill -0 "$pid" || { echo "bench: service not ready; last lines of $log:" >&2; tail "$log" >&2; exit 1; }
java bench/Bench.java "http://127.0.0.1:$port" "$pid" bench-results/latest.json
