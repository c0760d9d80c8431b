#!/usr/bin/env bash
# The whole test suite on a fresh Debian machine: JDK, Docker engine, base and catalog images,
# then unit tests and the integration tests against the real engine.
set -euo pipefail
cd "$(dirname "$0")/.."
# gVisor (Debian's runsc) before the engine starts, so that the engine registers it and the
# GvisorIT class runs the sandbox under it too.
if ! command -v runsc >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "test: installing gVisor (runsc) from Debian's packages"
  source scripts/lib.sh
  apt_install runsc
fi
source scripts/env.sh
if docker info --format '{{json .Runtimes}}' | grep -q '"runsc"'; then
  export RUNBOX_EXPECT_GVISOR=1
else
  echo "test: the running engine has no runsc runtime (it was started without scripts/engine.sh); GvisorIT is skipped" >&2
fi
# Shell is linted before anything is built: the in-container wrapper as dash (the shell it runs
# under), the project's own scripts as bash.
if ! command -v shellcheck >/dev/null 2>&1; then
  echo "test: installing shellcheck from Debian's packages"
  apt_install shellcheck
fi
# Debian's HAProxy for the cluster test (ClusterIT puts three nodes behind it, with
# deploy/haproxy/haproxy.cfg); the package's own service is not started.
if ! command -v haproxy >/dev/null 2>&1; then
  echo "test: installing haproxy from Debian's packages"
  apt_install haproxy
fi
# Debian's PostgreSQL for the job store's integration tests (PostgresJobStoreIT starts a throw-away
# cluster on loopback through scripts/postgres.sh, and stops it)
bash scripts/postgres.sh install
# Debian's kubectl (Debian 12: kubernetes-client, kubectl 1.20) for KubernetesManifestsTest, which
# renders deploy/k8s with `kubectl kustomize` and fails without it; any kubectl on the PATH will do
if [ -z "${RUNBOX_KUBECTL:-}" ] && ! command -v kubectl >/dev/null 2>&1; then
  echo "test: installing kubectl (kubernetes-client) from Debian's packages"
  apt_install kubernetes-client || {
    echo "test: no kubernetes-client package here: put a kubectl on the PATH or set RUNBOX_KUBECTL" >&2
    exit 1
  }
fi
shellcheck --shell=dash src/main/resources/dev/runbox/sandbox/docker/wrapper.sh
shellcheck --shell=bash src/main/resources/dev/runbox/http/cyberdojo/cyber_dojo_fs_cleaners.sh
shellcheck -x scripts/*.sh deploy/*/*.sh deploy/k8s/engine/*.sh .ci/run
echo "test: wrapper.sh, the cyber-dojo cleaners and the scripts pass shellcheck"
start=$(date +%s)
./mvnw -B -q -DskipTests package
java -jar target/runbox.jar images build --jobs 3 | grep -E '^(image|images|base)' || { echo "test: image build failed" >&2; exit 1; }
echo "test: images ready after $(( $(date +%s) - start )) s"
./mvnw -B verify
bash scripts/e2e.sh
bash scripts/service-image-test.sh
echo "test: whole suite passed in $(( $(date +%s) - start )) s"
