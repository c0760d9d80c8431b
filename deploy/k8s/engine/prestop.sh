#!/bin/bash
# The engine sidecar's preStop hook: Kubernetes sends SIGTERM to every container of the pod at
# once, but the service still needs its engine while it drains (running requests and jobs finish,
# warm containers are removed). Waits until no process of the pod runs the service's jar (the pod
# shares one process namespace), at most RUNBOX_ENGINE_STOP_WAIT_S seconds (default 205: the
# pod's grace period ends soon after anyway), then returns and dockerd gets its SIGTERM.
set -uo pipefail
limit=${RUNBOX_ENGINE_STOP_WAIT_S:-205}

service_running() {
  local f cmd
  for f in /proc/[0-9]*/cmdline; do
    # matched in bash: a grep would find the pattern in its own command line
    cmd=$(tr '\0' ' ' <"$f" 2>/dev/null) || continue
    if [[ $cmd == *"-jar /opt/runbox/runbox.jar"* ]]; then return 0; fi
  done
  return 1
}

deadline=$((SECONDS + limit))
while service_running && ((SECONDS < deadline)); do
  sleep 1
done
