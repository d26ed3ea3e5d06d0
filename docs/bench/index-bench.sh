#!/usr/bin/env bash
# Index benchmark: indexes N synthetic announcements, reports docs/s, bytes/doc and query latency percentiles.
# Usage: docs/bench/index-bench.sh [items=1000000] [threads=2] [queries=2000] [dir|-] [refresh ms=1000] [RAM buffer MB]
# Extra JVM flags (e.g. a JFR recording) go in BENCH_JVM_OPTS. The Vector API module lets Lucene 10 decode postings
# with SIMD; the node should run with it too.
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./mvnw -q -B -ntp -o -pl index test-compile
./mvnw -q -B -ntp -o -pl index dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec "$JAVA_HOME/bin/java" -Xms2g -Xmx2g --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector \
  ${BENCH_JVM_OPTS:-} \
  -cp "index/target/classes:index/target/test-classes:$(cat index/target/bench.classpath)" \
  io.grapevine.index.bench.IndexBenchmark "$@"
