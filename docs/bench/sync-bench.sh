#!/usr/bin/env bash
# Catch-up benchmark for /grapevine/sync/1 (two hosts on 127.0.0.1): (a) an empty node catches up N records,
# (b) two nodes of N records differing by 10. Prints the SYNC-BENCH lines.
#   docs/bench/sync-bench.sh [items=100000] [rounds=3]            synthetic ~500-byte records, in-memory stores
#   docs/bench/sync-bench.sh announce [items=100000] [rounds=2]   real signed, stamped announcements (difficulty 8),
#                                                                 every gossip rule, RocksDB and Lucene on receipt
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
if [ "${1:-}" = announce ]; then
  test=AnnouncementSyncBenchmark; report=io.grapevine.node.announce.AnnouncementSyncBenchmark; shift
  items="${1:-100000}"; rounds="${2:-2}"
else
  test=SyncBenchmarkTest; report=io.grapevine.node.sync.SyncBenchmarkTest
  items="${1:-100000}"; rounds="${2:-3}"
fi
./mvnw -q -B -ntp -o -Dskip.npm=true -pl node -am test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench=true -Dbench.items="$items" -Dbench.rounds="$rounds"
grep -h '^SYNC-BENCH' "node/target/surefire-reports/$report-output.txt"
