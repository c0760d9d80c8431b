#!/usr/bin/env bash
# Starts runbox ready to use on a fresh Debian machine: JDK, Docker engine, images, then the
# HTTP service on 127.0.0.1:4597 (extra arguments go to 'runbox serve'). The service runs with the
# JVM options of deploy/jvm.options (RUNBOX_JAVA_OPTS overrides them; see scripts/lib.sh). Its
# jobs API keeps jobs in an SQLite file, jobs.db in the data folder (data_dir: by default
# $XDG_DATA_HOME/runbox, else ~/.local/share/runbox); one runbox process per data folder.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=env.sh source-path=SCRIPTDIR
source scripts/env.sh
./mvnw -B -q -DskipTests package
java -jar target/runbox.jar images build --jobs 3 | grep -E '^(image|images|base)'
exec java "${RUNBOX_SERVICE_JAVA_OPTS[@]}" -jar target/runbox.jar serve "$@"
