#!/bin/bash
# The engine sidecar's main process: on cgroup v2, nest the engine's cgroups under this
# container's (so the pod's limits bound the sandboxes), start dockerd without bridge or iptables
# (sandboxes use --network none) with its socket in the shared folder /run/runbox-engine, group
# 10000 (the service's), load /var/lib/runbox/import/*.tar, then wait for dockerd. SIGTERM goes to
# dockerd; the preStop hook (prestop.sh) holds it back until the service has exited.
set -euo pipefail
socket_dir=/run/runbox-engine

say() { echo "engine: $*" >&2; }

# A privileged container on a cgroup v2 node has its own cgroup namespace, mounted writable: move
# this process out of the root (a cgroup with processes cannot delegate controllers), then hand
# every controller down. On cgroup v1 the sandboxes' cgroups are not under the pod's.
nest_cgroups() {
  if [ ! -f /sys/fs/cgroup/cgroup.controllers ]; then
    say "cgroup v1: the sandboxes' cgroups are not nested under this pod's (each keeps its own limits)"
    return
  fi
  mkdir -p /sys/fs/cgroup/init
  xargs -rn1 </sys/fs/cgroup/cgroup.procs >/sys/fs/cgroup/init/cgroup.procs 2>/dev/null || true
  sed -e 's/ / +/g' -e 's/^/+/' </sys/fs/cgroup/cgroup.controllers >/sys/fs/cgroup/cgroup.subtree_control
}

start_engine() {
  mkdir -p "$socket_dir"
  dockerd --host "unix://$socket_dir/docker.sock" --group 10000 \
    --bridge=none --iptables=false --ip6tables=false &
  dockerd_pid=$!
  for _ in $(seq 1 120); do
    docker version >/dev/null 2>&1 && return
    kill -0 "$dockerd_pid" 2>/dev/null || break
    sleep 0.5
  done
  say "dockerd did not start within 60 s"
  exit 1
}

load_images() {
  local t
  for t in /var/lib/runbox/import/*.tar; do
    [ -f "$t" ] || continue
    say "loading $t"
    docker load -q -i "$t" >&2
  done
}

# shellcheck disable=SC2317 # called by the TERM and INT trap
stop_engine() {
  kill -TERM "$dockerd_pid" 2>/dev/null || true
}

nest_cgroups
start_engine
trap stop_engine TERM INT
load_images
status=0
while kill -0 "$dockerd_pid" 2>/dev/null; do
  wait "$dockerd_pid" && status=0 || status=$?
done
say "dockerd exited ($status)"
exit "$status"
