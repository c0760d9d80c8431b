#!/usr/bin/env bash
# Sourced by the other scripts: the helpers of lib.sh, a JDK 21+, Maven (through ./mvnw), the
# service's JVM options (RUNBOX_SERVICE_JAVA_OPTS, from lib.sh), and a Docker engine that answers
# (scripts/engine.sh starts one when none answers).
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
# Maven itself comes from the wrapper (./mvnw, the version pinned in .mvn/wrapper), fetched once
# from Maven Central into ~/.m2/wrapper and offline after that.
# Two malloc arenas keep the service's resident memory low, with the JVM options of
# deploy/jvm.options (RUNBOX_JAVA_OPTS overrides those).
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
maven=$("$RUNBOX_ROOT/mvnw" -B -v | awk 'NR == 1')
echo "env: JDK $JAVA_HOME, $maven"
bash "$RUNBOX_ROOT/scripts/engine.sh"
