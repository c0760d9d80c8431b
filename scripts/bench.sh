#!/usr/bin/env bash
# The benchmark (not part of the tests): runbox's HTTP API against the engine's own floors (an
# on-demand exec into a running container with the sandbox's flags, a loop that only creates,
# starts and removes such containers, each image's green sample exec'd into a plain container)
# and against plain `docker run`, side by side in one run on this machine. Prints the tables and
# the targets, writes bench-results/latest.json; the service's log is target/bench.log.
# RUNBOX_BENCH_QUICK=1 repeats less (for working on the benchmark itself).
# RUNBOX_BENCH_SCALE=1 adds the scaling step (a few minutes): nodes in one JVM on a throw-away
# PostgreSQL (scripts/postgres.sh), with a 200 ms stand-in sandbox at 1, 2, 3 and 6 nodes and with
# real containers at 1, 2 and 3; writes bench-results/scale.json, its log is target/bench-scale.log.
# RUNBOX_BENCH_SCALE=only runs that step alone.
# RUNBOX_BENCH_IMAGES=java,typescript runs only the per-image comparison for those catalog names
# (RUNBOX_BENCH_REPEAT spaced runs each, default 3), building only their images; writes
# bench-results/images.json.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=env.sh source-path=SCRIPTDIR
source scripts/env.sh
./mvnw -B -q -DskipTests package
# The benchmark's sources are compiled against runbox.jar; BenchAccess shares the sandbox's
# package so that the floors use the sandbox's own container spec.
mapfile -t sources < <(find bench -name '*.java' ! -name Soak.java)
rm -rf target/bench-classes
javac -d target/bench-classes -cp target/runbox.jar "${sources[@]}"

# scale: the scaling step, on a cluster of its own that is stopped and removed however it ends.
scale() (
  pgdir=$(mktemp -d "${TMPDIR:-/tmp}/runbox-scale-pg.XXXXXX")
  trap 'bash scripts/postgres.sh stop "$pgdir" >/dev/null 2>&1 || rm -rf "$pgdir"' EXIT
  url=$(bash scripts/postgres.sh start "$pgdir" --stat-statements)
  timeout --kill-after=30 1800 java -cp target/runbox.jar:target/bench-classes Scale "$url" \
    bench-results/scale.json 2>target/bench-scale.log ||
    { echo "bench: the scaling step failed; last lines of target/bench-scale.log:" >&2; tail target/bench-scale.log >&2; exit 1; }
)
if [ "${RUNBOX_BENCH_SCALE:-}" = only ]; then
  scale
  exit 0
fi
# Every image the per-image comparison runs; a no-op for the images that are up to date.
only=${RUNBOX_BENCH_IMAGES:-}
if [ -n "$only" ]; then
  IFS=, read -r -a names <<<"$only"
  java -jar target/runbox.jar images build "${names[@]}" | grep -E '^(image|images)'
else
  java -jar target/runbox.jar images build | grep -E '^(image|images)'
fi
port=${RUNBOX_BENCH_PORT:-4598}
log=target/bench.log
# A data folder of its own (a fresh job store), not the one of a runbox the user runs.
rm -rf target/bench-data
java "${RUNBOX_SERVICE_JAVA_OPTS[@]}" -jar target/runbox.jar serve --set port="$port" \
  --set max_running=8 --set max_queued=64 --set data_dir=target/bench-data >"$log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
wait_ready "$port" 60 kill -0 "$pid" || { echo "bench: service not ready; last lines of $log:" >&2; tail "$log" >&2; exit 1; }
if [ -n "$only" ]; then
  java -cp target/runbox.jar:target/bench-classes Bench "http://127.0.0.1:$port" "$pid" bench-results/images.json
  exit 0
fi
java -cp target/runbox.jar:target/bench-classes Bench "http://127.0.0.1:$port" "$pid" bench-results/latest.json
java -cp target/runbox.jar:target/bench-classes JudgeBench "http://127.0.0.1:$port" bench-results/judge.json
if [ "${RUNBOX_BENCH_SCALE:-}" = 1 ]; then
  scale
fi
