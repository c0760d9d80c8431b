#!/usr/bin/env bash
# Prints a JAVA_HOME holding a JDK 21 or newer, or says clearly that there is none.
# Order: $JAVA_HOME, java on PATH, then /usr/lib/jvm/*.
set -euo pipefail

major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}' | cut -d. -f1; }
ok() { [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ "$(major "$1")" -ge 21 ] 2>/dev/null; }

candidates=()
[ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
if command -v javac >/dev/null 2>&1; then
  candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
fi
for d in /usr/lib/jvm/*; do [ -d "$d" ] && candidates+=("$d"); done

best=""; best_major=0
for c in "${candidates[@]}"; do
  if ok "$c"; then
    m=$(major "$c")
    if [ "$m" -gt "$best_major" ]; then best=$c; best_major=$m; fi
  fi
done
if [ -z "$best" ]; then
  echo "jdk: no JDK 21 or newer found (looked at \$JAVA_HOME, javac on PATH and /usr/lib/jvm/*)." >&2
  echo "jdk: install one (e.g. apt-get install openjdk-21-jdk-headless where available, or a Temurin JDK) and set JAVA_HOME." >&2
  exit 1
fi
echo "$best"
