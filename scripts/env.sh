#!/usr/bin/env bash
# Sourced by the other scripts: a JDK 21+, Maven (through ./mvnw), and a Docker engine that answers.
set -euo pipefail
RUNBOX_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export JAVA_HOME=$("$RUNBOX_ROOT/scripts/jdk.sh")
export PATH="$JAVA_HOME/bin:$PATH"
# Maven's own libraries warn on JDK 24+; these keep its output readable.
if [ "$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')" -ge 24 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
fi
# Maven itself comes from the wrapper (./mvnw, the version pinned in .mvn/wrapper), fetched once
# from Maven Central into ~/.m2/wrapper and offline after that.
# The service's JVM: a small bounded heap, the serial collector, C1 only, small thread stacks and
# two malloc arenas keep its resident memory low and bounded; RUNBOX_JAVA_OPTS overrides them.
export RUNBOX_SERVICE_JAVA_OPTS=${RUNBOX_JAVA_OPTS:--Xmx128m -Xss512k -XX:+UseSerialGC -XX:MaxMetaspaceSize=80m -XX:ReservedCodeCacheSize=32m -XX:TieredStopAtLevel=1 -XX:MaxDirectMemorySize=32m}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
maven=$("$RUNBOX_ROOT/mvnw" -B -v | awk 'NR == 1')
echo "env: JDK $JAVA_HOME, $maven"
bash "$RUNBOX_ROOT/scripts/engine.sh"
