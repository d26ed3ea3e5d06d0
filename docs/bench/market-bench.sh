#!/usr/bin/env bash
# Market benchmark: payment proof verification per proof and header sync rate (memory and SPV file stores),
# from a local feed of regtest headers mined in-process. Usage: docs/bench/market-bench.sh [HEADERS] (default 10000).
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow
./mvnw -q -B -ntp -o -pl market test-compile
./mvnw -q -B -ntp -o -pl market dependency:build-classpath -Dmdep.outputFile=/tmp/market-cp.txt -Dmdep.includeScope=test
"$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow \
  -cp "market/target/classes:market/target/test-classes:$(cat /tmp/market-cp.txt)" \
  io.grapevine.market.payment.PaymentBenchmark "${1:-10000}"
