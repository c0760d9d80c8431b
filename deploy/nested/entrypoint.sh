#!/bin/bash
# Nested mode's PID 1: make the cgroup hierarchies writable, start an inner dockerd (no bridge,
# no iptables: sandboxes use --network none), load the image archives found in
# /var/lib/runbox/import/*.tar (`docker save` output), then run the service as user runbox.
# On SIGTERM: the service drains and removes its containers, then the inner engine stops.
set -euo pipefail
log=/var/log/runbox-dockerd.log

say() { echo "nested: $*" >&2; }

# The runtime mounts cgroups read-only into an unprivileged container. With a private cgroup
# namespace (--cgroupns private), a fresh mount is rooted at this container's own cgroup: writable,
# and the inner engine's cgroups are nested under the outer container's limits.
writable_cgroups() {
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then # v2 (not tried on the v1 host this was built on)
    umount /sys/fs/cgroup && mount -t cgroup2 -o nsdelegate cgroup2 /sys/fs/cgroup
    mkdir -p /sys/fs/cgroup/init
    xargs -rn1 </sys/fs/cgroup/cgroup.procs >/sys/fs/cgroup/init/cgroup.procs 2>/dev/null || true
    sed -e 's/ / +/g' -e 's/^/+/' </sys/fs/cgroup/cgroup.controllers >/sys/fs/cgroup/cgroup.subtree_control
    return
  fi
  local d name opts
  for d in /sys/fs/cgroup/*/; do
    d=${d%/}; name=${d##*/}; opts=$name
    [ -L "$d" ] && continue
    [ "$name" = systemd ] && opts=none,name=systemd
    if ! { umount "$d" && mount -t cgroup -o "$opts" cgroup "$d"; }; then
      say "cannot mount cgroup $name (needs --cgroupns private and CAP_SYS_ADMIN)"; exit 1
    fi
  done
}

# The same bounded wait as scripts/lib.sh's wait_until, written out: this script runs inside the
# service image, where scripts/ is not.
start_engine() {
  dockerd --bridge=none --iptables=false --ip6tables=false >"$log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 1 120); do
    docker version >/dev/null 2>&1 && return
    kill -0 "$dockerd_pid" 2>/dev/null || break
    sleep 0.5
  done
  say "the inner dockerd did not start; last lines of $log:"; tail -n 20 "$log" >&2; exit 1
}

load_images() {
  local t
  for t in /var/lib/runbox/import/*.tar; do
    [ -f "$t" ] || continue
    say "loading $t"; docker load -q -i "$t" >&2
  done
}

# shellcheck disable=SC2317 # called by the TERM and INT trap
stop_all() {
  if [ -n "${service_pid:-}" ]; then kill -TERM "$service_pid" 2>/dev/null || true; fi
}

writable_cgroups
start_engine
load_images
trap stop_all TERM INT
# The JVM options are the service image's: /opt/runbox/jvm.options (deploy/jvm.options) plus the
# container-only ones of deploy/service/Dockerfile's ENTRYPOINT.
setpriv --reuid=runbox --regid=runbox --init-groups --inh-caps=-all --bounding-set=-all --no-new-privs \
  env MALLOC_ARENA_MAX=2 /opt/runbox/runtime/bin/java @/opt/runbox/jvm.options -XX:-UsePerfData \
  -Djna.boot.library.path=/opt/runbox/lib -Djna.nounpack=true \
  -Dorg.sqlite.lib.path=/opt/runbox/lib -Dorg.sqlite.lib.name=libsqlitejdbc.so -jar /opt/runbox/runbox.jar "$@" &
service_pid=$!
status=0
while kill -0 "$service_pid" 2>/dev/null; do
  wait "$service_pid" && status=0 || status=$?
done
say "service exited ($status); $(docker ps -aq --filter label=runbox | wc -l) runbox container(s) left on the inner engine; stopping it"
kill -TERM "$dockerd_pid" 2>/dev/null || true
wait "$dockerd_pid" 2>/dev/null || true
exit "$status"
