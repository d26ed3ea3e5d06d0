#!/usr/bin/env bash
# One-stream throughput (one-way and echo) over TCP + Noise + Yamux on 127.0.0.1: Grapevine<->Grapevine, Grapevine<->js, js<->js.
#   docs/bench/throughput.sh [--mib 256] [--gg-mib 1024] [--rounds 3] [--pairs gg,gj,jg,jj] [--modes one-way,echo]
#   (g = Grapevine, j = js, initiator first; --gg-mib sizes the Grapevine<->Grapevine rounds, --mib the others)
# Builds node's test classes (which also installs the js peer's npm packages), then runs ThroughputBench on them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
if [ -z "${JAVA_HOME:-}" ]; then
  JAVA_HOME="$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1)"
  [ -n "$JAVA_HOME" ] || JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
fi
export JAVA_HOME
./mvnw -q -B -ntp -pl node -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >&2
# Every reactor module writes its own file; only node's is used, so the parent's copy is not left at the top level.
rm -rf "$ROOT/target"
exec "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -Xmx2g \
  -Dlogback.configurationFile="$ROOT/docs/bench/logback.xml" ${BENCH_JVM_OPTS:-} \
  -cp "node/target/test-classes:node/target/classes:$(cat node/target/bench-classpath.txt)" \
  io.grapevine.node.interop.ThroughputBench "$@"
