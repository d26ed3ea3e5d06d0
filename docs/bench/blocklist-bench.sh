#!/usr/bin/env bash
# Blocklist lookup benchmark: a followed list with N blocked entries in the node's BlockDecisions (load time, heap of
# the lookup set, cost per gossip-validated announcement) next to the module's BlockedSet. Prints the BLOCK-BENCH lines.
#   docs/bench/blocklist-bench.sh [items=1000000]
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
./mvnw -q -B -ntp -o -Dskip.npm=true -pl node -am test -Dtest=BlockDecisionsBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench=true -Dbench.items="${1:-1000000}"
grep -h '^BLOCK-BENCH' node/target/surefire-reports/io.grapevine.node.blocklists.BlockDecisionsBenchmark-output.txt
