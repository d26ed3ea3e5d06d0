#!/usr/bin/env bash
# Index benchmark: indexes N synthetic announcements, reports docs/s, bytes/doc and query latency percentiles.
# Usage: docs/bench/index-bench.sh [items=1000000] [threads=2] [queries=2000] [dir]
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./mvnw -q -B -ntp -pl index test-compile
./mvnw -q -B -ntp -pl index dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec "$JAVA_HOME/bin/java" -Xms2g -Xmx2g --enable-native-access=ALL-UNNAMED \
  -cp "index/target/classes:index/target/test-classes:$(cat index/target/bench.classpath)" \
  io.grapevine.index.bench.IndexBenchmark "$@"
