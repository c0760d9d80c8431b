#!/usr/bin/env bash
# Make sure a Docker engine answers on /var/run/docker.sock.
# Does nothing when one already answers; otherwise installs Debian's docker.io (as root)
# and starts dockerd with the bridge and iptables off (sandboxes use --network none).
set -euo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"
log=${RUNBOX_DOCKERD_LOG:-/var/log/runbox-dockerd.log}

answers() { docker version --format '{{.Server.APIVersion}}' >/dev/null 2>&1; }

if answers; then
  echo "engine: a Docker engine already answers (API $(docker version --format '{{.Server.APIVersion}}'))"
  exit 0
fi
if ! command -v dockerd >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "engine: no Docker engine answers and dockerd is not installed; run as root to install docker.io" >&2
    exit 1
  fi
  echo "engine: installing docker.io from Debian's packages"
  apt_install docker.io
fi
args=(--bridge=none --iptables=false)
# gVisor's runsc (Debian package runsc), when installed, is registered as the runtime "runsc" with
# its own network off; runbox uses it only when configured with --set runtime=runsc.
if runsc_path=$(command -v runsc); then
  mkdir -p /run/runbox
  # --oci-seccomp: Docker's seccomp profile applies inside gVisor too (docs/gvisor.md)
  printf '{"runtimes":{"runsc":{"path":"%s","runtimeArgs":["--network=none","--oci-seccomp"]}}}\n' "$runsc_path" >/run/runbox/dockerd.json
  args+=(--config-file /run/runbox/dockerd.json)
  echo "engine: registering gVisor ($runsc_path) as runtime runsc"
fi
echo "engine: starting dockerd (log: $log)"
nohup dockerd "${args[@]}" >"$log" 2>&1 &
if wait_until 60 answers; then
  echo "engine: ready (API $(docker version --format '{{.Server.APIVersion}}'))"
  exit 0
fi
echo "engine: dockerd did not answer within 60 s; last lines of $log:" >&2
tail -n 20 "$log" >&2
exit 1
