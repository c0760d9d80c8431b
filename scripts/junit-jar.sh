#!/usr/bin/env bash
# Puts the JUnit console launcher that images/java copies into the image (cyber-dojo's
# java-junit start point names it at /junit/junit-platform-console-standalone-6.0.3.jar) beside
# that Dockerfile, in images/java/junit/ (not committed). Debian does not package this version,
# so it comes from Maven Central through Maven (the project's own wrapper); the SHA-256 pinned in
# images/java/junit.sha256 is checked here and again in the image build.
# Idempotent: nothing is fetched while the jar there has the pinned hash.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
coordinates=org.junit.platform:junit-platform-console-standalone:6.0.3
dir=$root/images/java
if (cd "$dir" && sha256sum --status -c junit.sha256 2>/dev/null); then
  exit 0
fi
echo "junit-jar: fetching $coordinates with Maven"
rm -rf "$dir/junit"
JAVA_HOME=$("$root/scripts/jdk.sh")
export JAVA_HOME
"$root/mvnw" -B -q -f "$root/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy -Dartifact="$coordinates" \
  -DoutputDirectory="$dir/junit" -Dmdep.overWriteReleases=true >&2
if ! (cd "$dir" && sha256sum -c junit.sha256 >&2); then
  echo "junit-jar: $dir/junit does not hold the jar whose hash images/java/junit.sha256 pins" >&2
  exit 1
fi
