#!/usr/bin/env bash
# Build the local base image runbox/base:trixie (Debian 13) from debootstrap (no registry needed).
# The Debian mirror is read from this machine's apt configuration; RUNBOX_DEBIAN_MIRROR overrides it.
# Idempotent: the image carries the hash of this script as label runbox.recipe.
# `runbox images build` runs this script before the catalog's images, so it also places the one
# file a catalog image takes from outside Debian (scripts/junit-jar.sh, for images/java).
set -euo pipefail
image=${RUNBOX_BASE_IMAGE:-runbox/base:trixie}
here=$(cd "$(dirname "$0")" && pwd)
bash "$here/junit-jar.sh"
recipe=$(sha256sum "$here/base-image.sh" | cut -c1-16)

have=$(docker image inspect --format '{{index .Config.Labels "runbox.recipe"}}' "$image" 2>/dev/null || true)
if [ "$have" = "$recipe" ]; then
  echo "base: $image is up to date ($recipe)"
  exit 0
fi

mirror=${RUNBOX_DEBIAN_MIRROR:-}
if [ -z "$mirror" ]; then
  mirror=$( { grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' || true;
              grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}' || true; } |
            grep -v -- '-security' | head -n 1 || true)
fi
if [ -z "$mirror" ]; then
  echo "base: no Debian mirror in the apt configuration; set RUNBOX_DEBIAN_MIRROR" >&2
  exit 1
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  echo "base: installing debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi

work=$(mktemp -d /var/tmp/runbox-base.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "base: debootstrap trixie from $mirror (a few minutes on a fresh machine)"
debootstrap --variant=minbase --include=time,busybox-static trixie "$work/root" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -n 30 "$work/debootstrap.log" >&2; exit 1; }
rm -rf "$work/root/var/cache/apt/archives/"*.deb "$work/root/var/lib/apt/lists/"*
# The wrapper's tar: Debian's static BusyBox (/bin/busybox, no applet links). A run pays two tars,
# and a static binary starts in about half the time of GNU tar with its shared libraries (libacl,
# libselinux, pcre2). The wrapper's head stays GNU's (BusyBox's reads ahead), as do GNU tar and
# coreutils for everything else.
[ -x "$work/root/bin/busybox" ] || { echo "base: no /bin/busybox after debootstrap" >&2; exit 1; }
# runbox's runner: a copy of dash its users may execute but not read. A process that executes a
# file it cannot read is not dumpable, so the run's own processes (same uid) can neither trace it
# nor read its memory or environment (the sandbox's wrapper runs under it).
install -d -m 0755 "$work/root/usr/lib/runbox"
install -m 0111 "$work/root/usr/bin/dash" "$work/root/usr/lib/runbox/sh"
echo "base: importing as $image"
tar -C "$work/root" -c . | docker import \
  --change "LABEL runbox.recipe=$recipe" \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8' \
  --change 'CMD ["/bin/bash"]' - "$image" >/dev/null
echo "base: built $image ($recipe)"
