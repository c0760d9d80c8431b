#!/usr/bin/env bash
# End-to-end test of the playground (/): Debian's Chromium, driven by playwright-core, against the
# real service with the real engine, plus a second service that needs a token. Installs what it
# needs (chromium from apt, the npm deps with `npm ci`), stops both services whatever happens, and
# exits non-zero on failure. Screenshots: target/e2e/*.png.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=env.sh source-path=SCRIPTDIR
source scripts/env.sh
start=$(date +%s)

if [ ! -x /usr/bin/chromium ]; then
  echo "e2e: installing chromium from Debian's packages"
  apt_install chromium
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "e2e: installing node and npm from Debian's packages"
  apt_install nodejs npm
fi
(cd e2e && npm ci --no-audit --no-fund --loglevel=error)

./mvnw -B -q -DskipTests package
java -jar target/runbox.jar images build python c | grep -E '^(image|images|base)' || true

mkdir -p target/e2e
pids=()
# shellcheck disable=SC2317 # called by the EXIT trap
stop_all() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT
trap 'exit 130' INT TERM

serve() { # port log [flags...]: starts the service in the background, with a data folder of its own
  local port=$1 log=$2; shift 2
  rm -rf "target/e2e/data-$port"
  java -jar target/runbox.jar serve --set port="$port" --set data_dir="target/e2e/data-$port" "$@" >"$log" 2>&1 &
  pids+=("$!")
}
ready() { # port pid log
  local status=0
  wait_ready "$1" 60 kill -0 "$2" || status=$?
  case $status in
    0) return 0 ;;
    2) echo "e2e: the service on port $1 stopped; its log:" >&2; cat "$3" >&2 ;;
    *) echo "e2e: the service on port $1 was not ready within 60 s:" >&2
       curl -sS "http://127.0.0.1:$1/health/ready" >&2 || true ;;
  esac
  return 1
}

port=$(free_port)
serve "$port" target/e2e/service.log
ready "$port" "${pids[0]}" target/e2e/service.log
token_port=$(free_port)
serve "$token_port" target/e2e/service-token.log --set tokens=secret
ready "$token_port" "${pids[1]}" target/e2e/service-token.log
echo "e2e: services ready on $port and $token_port (with a token) after $(( $(date +%s) - start )) s"

status=0
(cd e2e && RUNBOX_URL="http://127.0.0.1:$port" RUNBOX_TOKEN_URL="http://127.0.0.1:$token_port" RUNBOX_TOKEN=secret \
  RUNBOX_E2E_ARTEFACTS="$PWD/../target/e2e" npm test) || status=$?
echo "e2e: $( [ $status -eq 0 ] && echo passed || echo FAILED ) in $(( $(date +%s) - start )) s; screenshots in target/e2e/"
exit $status
