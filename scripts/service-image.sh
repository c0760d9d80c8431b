#!/usr/bin/env bash
# Builds the image of runbox's HTTP service, runbox/service:latest (deploy/service/Dockerfile),
# without a registry: FROM the local runbox/base:trixie, with a Java runtime made here by jlink
# holding only the modules runbox uses, the application jar and the image catalog.
# `scripts/service-image.sh --nested` also builds runbox/service-nested:latest (deploy/nested/),
# the variant that runs its own Docker engine inside.
# Idempotent: each image carries the hash of everything that went into it as label
# runbox.recipe; an unchanged build is skipped (no jdeps, no jlink, no docker build).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=env.sh source-path=SCRIPTDIR
source scripts/env.sh
image=${RUNBOX_SERVICE_IMAGE:-runbox/service:latest}
nested_image=${RUNBOX_SERVICE_NESTED_IMAGE:-runbox/service-nested:latest}
base=${RUNBOX_BASE_IMAGE:-runbox/base:trixie}
work=target/service-image

# The jar, packaged again only when a source or the pom is newer than it.
if [ ! -f target/runbox.jar ] || [ -n "$(find src pom.xml -newer target/runbox.jar -print -quit)" ]; then
  echo "service-image: packaging target/runbox.jar"
  ./mvnw -B -q -DskipTests package
fi
bash scripts/base-image.sh

label_of() { docker image inspect --format '{{index .Config.Labels "runbox.recipe"}}' "$1" 2>/dev/null || true; }
recipe=$( {
  sha256sum scripts/service-image.sh deploy/jvm.options deploy/service/* target/runbox.jar
  find images -type f -print0 | sort -z | xargs -0 sha256sum
  cat "$JAVA_HOME/release"
  docker image inspect --format '{{.Id}}' "$base"
} | sha256sum | cut -c1-16)

if [ "$(label_of "$image")" = "$recipe" ]; then
  echo "service-image: $image is up to date ($recipe)"
else
  rm -rf "$work" && mkdir -p "$work/context/lib"
  # The shaded jar holds commons-io's META-INF/versions/9/module-info.class; jdeps would take it
  # for the whole jar's descriptor and answer "java.base" alone. It analyses a copy without it.
  command -v zip >/dev/null 2>&1 || apt_install zip
  cp target/runbox.jar "$work/analysis.jar"
  zip -q -d "$work/analysis.jar" 'META-INF/versions/*/module-info.class' 'module-info.class' >/dev/null || true
  echo "service-image: finding the modules runbox needs (jdeps, about a minute)"
  modules=$("$JAVA_HOME/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 21 "$work/analysis.jar")
  echo "service-image: jlink $modules"
  "$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --compress=zip-6 --output "$work/context/runtime"
  cp target/runbox.jar deploy/jvm.options deploy/service/healthcheck.sh "$work/context/"
  cp -r images "$work/context/images"
  # The native parts of JNA and of sqlite-jdbc (the default job store), unpacked here so that the
  # service needs no executable /tmp (both would otherwise unpack them there at run time).
  case "$(uname -m)" in
    x86_64) jna=linux-x86-64 sqlite=x86_64 ;;
    aarch64) jna=linux-aarch64 sqlite=aarch64 ;;
    *) jna=linux-$(uname -m) sqlite=$(uname -m) ;;
  esac
  unzip -q -j target/runbox.jar "com/sun/jna/$jna/libjnidispatch.so" -d "$work/context/lib"
  unzip -q -j target/runbox.jar "org/sqlite/native/Linux/$sqlite/libsqlitejdbc.so" -d "$work/context/lib"
  echo "service-image: docker build $image"
  docker build --network host -q -f deploy/service/Dockerfile --label "runbox.recipe=$recipe" \
    -t "$image" "$work/context" >/dev/null
  rm -rf "$work"
  echo "service-image: built $image ($recipe, $(docker image inspect --format '{{.Size}}' "$image" | awk '{printf "%d MB", $1/1e6}'))"
fi

if [ "${1:-}" = "--nested" ]; then
  nested_recipe=$( { echo "$recipe"; sha256sum deploy/nested/*; } | sha256sum | cut -c1-16)
  if [ "$(label_of "$nested_image")" = "$nested_recipe" ]; then
    echo "service-image: $nested_image is up to date ($nested_recipe)"
  else
    echo "service-image: docker build $nested_image (installs Debian's docker.io)"
    docker build --network host -q -f deploy/nested/Dockerfile --build-arg "SERVICE_IMAGE=$image" \
      --label "runbox.recipe=$nested_recipe" -t "$nested_image" deploy/nested >/dev/null
    echo "service-image: built $nested_image ($nested_recipe, $(docker image inspect --format '{{.Size}}' "$nested_image" | awk '{printf "%d MB", $1/1e6}'))"
  fi
fi
