#!/usr/bin/env bash
# The whole test suite on a fresh Debian machine: JDK, Docker engine, base and catalog images,
# then unit tests and the integration tests against the real engine.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
start=$(date +%s)
mvn -B -q -DskipTests package
java -jar target/runbox.jar images build | grep -E '^(image|images|base)' || { echo "test: image build failed" >&2; exit 1; }
echo "test: images ready after $(( $(date +%s) - start )) s"
mvn -B verify
bash scripts/e2e.sh
bash scripts/service-image-test.sh
echo "test: whole suite passed in $(( $(date +%s) - start )) s"
