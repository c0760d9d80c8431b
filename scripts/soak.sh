#!/usr/bin/env bash
# A bounded soak (not part of the tests): RUNS mixed benign and hostile runs at CONCURRENCY
# against a fresh service; reports unexpected results, latency, the service's memory at start and
# end, and the runbox containers left afterwards (must be 0). Usage: scripts/soak.sh [RUNS] [CONCURRENCY]
# The service's log is target/soak.log; the report is bench-results/soak.json.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=env.sh source-path=SCRIPTDIR
source scripts/env.sh
runs=${1:-2000}
conc=${2:-8}
./mvnw -B -q -DskipTests package
java -jar target/runbox.jar images build python tiny | grep -E '^(image|images)'
port=${RUNBOX_SOAK_PORT:-4599}
instance=soak-$$
log=target/soak.log
# A data folder of its own (a fresh job store), not the one of a runbox the user runs.
rm -rf target/soak-data
java "${RUNBOX_SERVICE_JAVA_OPTS[@]}" -jar target/runbox.jar serve --set port="$port" --set instance_id="$instance" \
  --set data_dir=target/soak-data \
  --set max_running="$conc" --set pool_images=tiny,python --set pool_size=4 >"$log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
wait_ready "$port" 60 kill -0 "$pid" || { echo "soak: service not ready; last lines of $log:" >&2; tail "$log" >&2; exit 1; }
java bench/Soak.java "http://127.0.0.1:$port" "$pid" "$runs" "$conc"
kill -TERM $pid; wait $pid || true
trap - EXIT
left=$(docker ps -aq --filter "label=runbox.instance=$instance" | wc -l)
echo "soak: containers left after stop: $left"
[ "$left" -eq 0 ]
