#!/usr/bin/env bash
# Catch-up benchmark for /grapevine/sync/1 (two hosts on 127.0.0.1): (a) an empty node catches up N records of
# ~500 bytes, (b) two nodes of N records differing by 10 (5+5, and 10 one way). Prints the SYNC-BENCH lines.
# Usage: docs/bench/sync-bench.sh [items=100000] [rounds=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
./mvnw -q -B -ntp -o -Dskip.npm=true -pl node test -Dtest=SyncBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench=true -Dbench.items="${1:-100000}" -Dbench.rounds="${2:-3}"
grep -h '^SYNC-BENCH' node/target/surefire-reports/io.grapevine.node.sync.SyncBenchmarkTest-output.txt
