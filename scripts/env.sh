#!/usr/bin/env bash
# Sourced by the other scripts: the helpers of lib.sh, a JDK 21+, Maven, the service's JVM options
# (RUNBOX_SERVICE_JAVA_OPTS, from lib.sh), and a Docker engine that answers. Installs Maven and
# starts the engine (scripts/engine.sh) when they are missing.
set -euo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
JAVA_HOME=$("$RUNBOX_ROOT/scripts/jdk.sh")
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# Maven's own libraries warn on JDK 24+; these keep its output readable.
if [ "$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')" -ge 24 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
fi
if ! command -v mvn >/dev/null 2>&1; then
  echo "env: installing maven from Debian's packages"
  apt_install maven
fi
# Two malloc arenas keep the service's resident memory low, with the JVM options of
# deploy/jvm.options (RUNBOX_JAVA_OPTS overrides those).
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
echo "env: JDK $JAVA_HOME, $(mvn -v 2>/dev/null | head -n 1)"
bash "$RUNBOX_ROOT/scripts/engine.sh"
