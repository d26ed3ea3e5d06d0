#!/usr/bin/env bash
# Download benchmark: one random file, seeders and a leecher on 127.0.0.1, against
#   qbt   qBittorrent's engine libtorrent (qbittorrent-nox seeder + leecher, opentracker on 127.0.0.1)
#   aria2 aria2 BitTorrent (same tracker setup)
#   http  plain HTTP (curl from python3 -m http.server)
#   gv    Grapevine: two `grapevine node` daemons, `grapevine get --from`
#   gv3   Grapevine: three seeders -> one leecher
# Usage: docs/bench/transfer.sh [--mib 1024] [--only qbt,aria2,http,gv,gv3] [--keep] [--warm]
#        --warm: Grapevine rows measure warmed-up nodes (the leecher first downloads a separate 128 MiB file from the
#        same seeders, untimed; GV_WARM_MIB=N another size), labelled "warm JVMs"; without it the nodes are fresh
#        JVMs (cold, the default)
#        GV_BUILD=DIR (a packaged checkout to measure instead of this one), GRAPEVINE_JAVA_OPTS (node JVM flags),
#        GV_NODE_OPTS (flags for the node daemons only, not the CLI: JFR, perf maps), GV_PERF=1 (perf record -F 499 -g each daemon during the timed download, files in the work dir: use --keep)
# Per-daemon CPU-seconds during the timed download are printed after the table.
# Not a test: it needs Debian's qbittorrent-nox, opentracker, aria2, mktorrent, curl and time (see check_tools).
# Timing: from the leecher's start (torrent added / get started) to the client reporting the whole file verified;
# every result is then checked with sha256sum (outside the timing). RSS: the leecher process's peak (VmHWM, or
# /usr/bin/time's maximum resident set size for one-shot clients). GRAPEVINE_JAVA_OPTS reaches the node JVMs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MIB=1024
ONLY="qbt,aria2,http,gv,gv3"
KEEP=0
WARM=0
while [ $# -gt 0 ]; do
  case "$1" in
    --mib) MIB="$2"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --warm) WARM=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

check_tools() {
  local missing=()
  for t in qbittorrent-nox opentracker aria2c mktorrent curl python3 sha256sum; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  [ -x /usr/bin/time ] || missing+=("/usr/bin/time")
  if [ ${#missing[@]} -gt 0 ]; then
    echo "transfer.sh: missing ${missing[*]}" >&2
    echo "install with: sudo apt-get install -y qbittorrent-nox opentracker aria2 mktorrent curl time python3" >&2
    exit 1
  fi
}
check_tools

WORK="$(mktemp -d "${TMPDIR:-/tmp}/gv-transfer.XXXXXX")"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ "$KEEP" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

now() { date +%s.%N; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
hwm_mb() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
wait_for() { # $1 = seconds, rest = command; retries every 0.1 s
  local limit="$1"; shift; local end=$(( $(date +%s) + limit ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$end" ] || { echo "timed out waiting for: $*" >&2; return 1; }
    sleep 0.1
  done
}
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
cpu_s() { # $1 = pid: user + system CPU-seconds so far (fields 14 and 15 of /proc/PID/stat, in clock ticks)
  awk -v hz="$(getconf CLK_TCK)" '{sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz}' "/proc/$1/stat"
}

BYTES=$(( MIB * 1024 * 1024 ))
SRC="$WORK/src"; mkdir -p "$SRC"
FILE="bench-$MIB.bin"
echo "transfer.sh: $MIB MiB random file in $WORK; load average $(loadavg)" >&2
head -c "$BYTES" /dev/urandom > "$SRC/$FILE"
SHA="$(sha256sum "$SRC/$FILE" | cut -d' ' -f1)"

RESULTS=()
CPU_NOTES=()
record() { # name seconds rss_mb file
  local ok="no"
  [ -f "$4" ] && [ "$(sha256sum "$4" | cut -d' ' -f1)" = "$SHA" ] && ok="yes"
  RESULTS+=("$(python3 -c "import sys; n,s,r,ok,b=sys.argv[1:]; s=float(s); b=int(b)
print(f'| {n} | {s:.2f} | {b/s/1e6:.0f} | {b/s/2**20:.0f} | {r} | {ok} |')" "$1" "$2" "$3" "$ok" "$BYTES")")
  echo "  $1: $2 s, peak RSS $3 MB, sha256 ok: $ok (load $(loadavg))" >&2
  rm -f "$4"
}

# ---- BitTorrent: one tracker per client run, so no stale peers from the previous client ----
TRACKER_PORT="$(free_port)"
tracker_start() {
  mkdir -p "$WORK/tracker"
  torrent
  # Debian's opentracker serves only whitelisted info hashes (hex, one a line).
  info_hash "$WORK/bench.torrent" > "$WORK/tracker/whitelist"
  (cd "$WORK/tracker" && exec opentracker -i 127.0.0.1 -p "$TRACKER_PORT" -P "$TRACKER_PORT" -d . -w whitelist) \
    > "$WORK/tracker/log" 2>&1 &
  TRACKER_PID=$!; PIDS+=("$TRACKER_PID")
  wait_for 10 curl -s -o /dev/null "http://127.0.0.1:$TRACKER_PORT/stats" # answers (access denied) once up
}
info_hash() { # $1 = .torrent: SHA-1 of the bencoded info dictionary
  python3 - "$1" <<'EOF2'
import hashlib, sys
data = open(sys.argv[1], "rb").read()
def skip(i):  # returns the index just past the bencoded value at i
    c = data[i:i+1]
    if c == b"i": return data.index(b"e", i) + 1
    if c in (b"l", b"d"):
        i += 1
        while data[i:i+1] != b"e": i = skip(i)
        return i + 1
    colon = data.index(b":", i)
    return colon + 1 + int(data[i:colon])
i = 1
while data[i:i+1] != b"e":
    key_end = skip(i); key = data[data.index(b":", i) + 1:key_end]; value_end = skip(key_end)
    if key == b"info": print(hashlib.sha1(data[key_end:value_end]).hexdigest()); break
    i = value_end
EOF2
}
tracker_stop() { kill "$TRACKER_PID" 2>/dev/null || true; wait "$TRACKER_PID" 2>/dev/null || true; }
torrent() {
  if [ ! -f "$WORK/bench.torrent" ]; then
    # 1 MiB pieces, like Grapevine's chunks.
    mktorrent -l 20 -a "http://127.0.0.1:$TRACKER_PORT/announce" -o "$WORK/bench.torrent" "$SRC/$FILE" >/dev/null
  fi
}

qbt_start() { # $1 = profile dir, $2 = web port, $3 = listen port; sets QBT_PID
  mkdir -p "$1/qBittorrent/config"
  cat > "$1/qBittorrent/config/qBittorrent.conf" <<EOF
[LegalNotice]
Accepted=true

[BitTorrent]
Session\\DHTEnabled=false
Session\\LSDEnabled=false
Session\\PeXEnabled=false
Session\\Preallocation=false

[Preferences]
WebUI\\Address=127.0.0.1
WebUI\\Port=$2
WebUI\\LocalHostAuth=false
WebUI\\CSRFProtection=false
WebUI\\HostHeaderValidation=false
EOF
  qbittorrent-nox --profile="$1" --webui-port="$2" > "$1/log" 2>&1 &
  QBT_PID=$!; PIDS+=("$QBT_PID")
  wait_for 30 curl -sf "http://127.0.0.1:$2/api/v2/app/version"
  # DHT, LSD, PEX, UPnP off; no rate limits; no pre-allocation; no queueing or ratio limits.
  curl -sf "http://127.0.0.1:$2/api/v2/app/setPreferences" --data-urlencode "json={\"dht\":false,\"lsd\":false,\
\"pex\":false,\"upnp\":false,\"preallocate_all\":false,\"dl_limit\":0,\"up_limit\":0,\"alt_dl_limit\":0,\
\"alt_up_limit\":0,\"scheduler_enabled\":false,\"listen_port\":$3,\"random_port\":false,\"queueing_enabled\":false,\
\"max_ratio_enabled\":false,\"max_seeding_time_enabled\":false,\"limit_lan_peers\":false,\"temp_path_enabled\":false,\
\"anonymous_mode\":false,\"enable_multi_connections_from_same_ip\":true,\"bittorrent_protocol\":1}"
}
qbt_info() { curl -sf "http://127.0.0.1:$1/api/v2/torrents/info"; }
qbt_done() { # $1 = web port: all pieces verified (progress 1)
  qbt_info "$1" | python3 -c 'import json,sys; t=json.load(sys.stdin); sys.exit(0 if t and t[0]["progress"]>=1 and not t[0]["state"].startswith("checking") else 1)'
}

run_qbt() {
  tracker_start
  local sweb sport lweb lport
  sweb="$(free_port)"; sport="$(free_port)"; lweb="$(free_port)"; lport="$(free_port)"
  qbt_start "$WORK/qbt-seed" "$sweb" "$sport"; local seed=$QBT_PID
  curl -sf "http://127.0.0.1:$sweb/api/v2/torrents/add" -F "torrents=@$WORK/bench.torrent" -F "savepath=$SRC" \
    -F skip_checking=true -F paused=false >/dev/null
  wait_for 120 qbt_done "$sweb"
  mkdir -p "$WORK/qbt-out"
  qbt_start "$WORK/qbt-leech" "$lweb" "$lport"; local leech=$QBT_PID
  local t0 t1
  t0="$(now)"
  curl -sf "http://127.0.0.1:$lweb/api/v2/torrents/add" -F "torrents=@$WORK/bench.torrent" \
    -F "savepath=$WORK/qbt-out" -F paused=false >/dev/null
  local limit=$(( $(date +%s) + 900 ))
  until qbt_done "$lweb"; do
    if [ "$(date +%s)" -gt "$limit" ]; then
      echo "qbittorrent-nox leecher did not finish; trackers:" >&2
      curl -s "http://127.0.0.1:$lweb/api/v2/torrents/trackers?hash=$(info_hash "$WORK/bench.torrent")" >&2
      return 1
    fi
    sleep 0.05
  done
  t1="$(now)"
  local rss; rss="$(hwm_mb "$leech")"
  kill "$seed" "$leech"; wait "$seed" "$leech" 2>/dev/null || true
  tracker_stop
  record "qbittorrent-nox $(qbittorrent-nox --version 2>/dev/null | awk '{print $2}')" \
    "$(echo "$t1 - $t0" | bc)" "$rss" "$WORK/qbt-out/$FILE"
}

aria2_common=(--enable-dht=false --enable-dht6=false --enable-peer-exchange=false --bt-enable-lpd=false
  --file-allocation=none --max-overall-download-limit=0 --max-overall-upload-limit=0 --console-log-level=warn
  --summary-interval=0 --check-certificate=false)
run_aria2() {
  tracker_start
  local sport lport rpc
  sport="$(free_port)"; lport="$(free_port)"; rpc="$(free_port)"
  aria2c "${aria2_common[@]}" --dir="$SRC" --check-integrity=true --seed-ratio=0.0 --listen-port="$sport" \
    --enable-rpc --rpc-listen-port="$rpc" "$WORK/bench.torrent" > "$WORK/aria2-seed.log" 2>&1 &
  local seed=$!; PIDS+=("$seed")
  # Ready when the hash check is done and it seeds.
  wait_for 120 bash -c "curl -sf http://127.0.0.1:$rpc/jsonrpc -d '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"aria2.tellActive\"}' | grep -q '\"seeder\":\"true\"'"
  mkdir -p "$WORK/aria2-out"
  local t0 t1
  t0="$(now)"
  /usr/bin/time -v -o "$WORK/aria2-time" timeout 900 aria2c "${aria2_common[@]}" --dir="$WORK/aria2-out" --seed-time=0 \
    --listen-port="$lport" "$WORK/bench.torrent" > "$WORK/aria2-leech.log" 2>&1
  t1="$(now)"
  kill "$seed"; wait "$seed" 2>/dev/null || true
  tracker_stop
  record "aria2 $(aria2c --version | head -1 | awk '{print $3}')" "$(echo "$t1 - $t0" | bc)" \
    "$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$WORK/aria2-time")" "$WORK/aria2-out/$FILE"
}

run_http() {
  local port; port="$(free_port)"
  python3 -m http.server --bind 127.0.0.1 --directory "$SRC" "$port" > "$WORK/http.log" 2>&1 &
  local server=$!; PIDS+=("$server")
  wait_for 10 curl -sf -o /dev/null -r 0-0 "http://127.0.0.1:$port/$FILE"
  mkdir -p "$WORK/http-out"
  local t0 t1
  t0="$(now)"
  /usr/bin/time -v -o "$WORK/http-time" curl -sf -o "$WORK/http-out/$FILE" "http://127.0.0.1:$port/$FILE"
  t1="$(now)"
  kill "$server"; wait "$server" 2>/dev/null || true
  record "HTTP (curl $(curl --version | head -1 | awk '{print $2}'), python3 http.server)" \
    "$(echo "$t1 - $t0" | bc)" "$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$WORK/http-time")" \
    "$WORK/http-out/$FILE"
}

# ---- Grapevine ----
# The launcher builds if sources changed; the bench then runs a private copy of the built jars with the launcher's
# JVM flags, so nothing rebuilds mid-run.
# GV_BUILD=/path/to/another/checkout (already packaged) measures that build instead, e.g. an older commit.
gv_prepare() {
  local build="${GV_BUILD:-$ROOT}"
  [ -n "${GV_BUILD:-}" ] || "$ROOT/grapevine" --help >/dev/null
  local jars="${GV_JARS:-$WORK/gv-jars}" # GV_JARS=DIR: a fixed place (an AOT cache is tied to the class path)
  rm -rf "$jars"; mkdir -p "$jars"
  cp -p "$build/cli/target/grapevine-cli.jar" "$jars/"
  cp -p "$build"/cli/target/lib/*.jar "$jars/"
  local java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
  [ -x "$java" ] || java="$(command -v java)"
  # shellcheck disable=SC2206
  GV_CMD=("$java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow ${GRAPEVINE_JAVA_OPTS:-}
    -cp "$jars/*" io.grapevine.cli.Main)
}
# Client commands (share, get) run with the launcher's client flags (CLIENT_JVM_FLAGS in ./grapevine), the daemons
# with its node flags (gv_node), as ./grapevine would start each.
GV_CLIENT_FLAGS=(-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+UseSerialGC)
GV() { "${GV_CMD[0]}" "${GV_CLIENT_FLAGS[@]}" "${GV_CMD[@]:1}" "$@"; }
gv_node() { # $1 = home; sets GV_PID and GV_ADDR (/ip4/127.0.0.1/tcp/N/p2p/ID)
  mkdir -p "$1"
  # The launcher's node flags (bounded heap), then GRAPEVINE_JAVA_OPTS, as ./grapevine node would run it.
  "${GV_CMD[0]}" -Xmx384m -Dio.netty.allocator.lowMemory=false ${GV_NODE_OPTS:-} "${GV_CMD[@]:1}" node --home "$1" --listen /ip4/127.0.0.1/tcp/0 > "$1.log" 2>&1 &
  GV_PID=$!; PIDS+=("$GV_PID")
  wait_for 120 grep -q '^ready' "$1.log"
  local id addr
  id="$(awk '/^peer-id:/ {print $2; exit}' "$1.log")"
  addr="$(awk '/^listening: \/ip4\/127.0.0.1\/tcp\// {print $2; exit}' "$1.log")"
  GV_ADDR="$addr/p2p/$id"
}
# Polls the leecher's API every 20 ms until the download appears (its start), then watches for the final file (the
# download's last step is fsync + rename; its state turns `completed` right after), checking the API only once a
# second for a failure. Prints both times and the final state, so the node-side time (POST to verified, renamed
# file) is known apart from the CLI's JVM start. Polling the API every 20 ms throughout cost the leecher ~2-3 CPU-s
# per GiB (cold Jetty/Jackson code, 15% of its CPU), taken from the download being measured.
gv_watch() { # $1 = home, $2 = content id, $3 = the file the download writes
  python3 - "$1" "$2" "$3" <<'EOF'
import json, os, sys, time, urllib.request
home, cid, final = sys.argv[1:4]
url = open(home + "/api").read().strip() + "/api/v1/downloads"
token = open(home + "/api-token").read().strip()
def state():
    try:
        req = urllib.request.Request(url, headers={"Authorization": "Bearer " + token})
        downloads = [d for d in json.load(urllib.request.urlopen(req, timeout=5)).get("downloads", [])
                     if d.get("contentId") == cid]
    except Exception:
        downloads = []
    return downloads[0]["state"] if downloads else None
first = None
deadline = time.time() + 3600
while first is None and time.time() < deadline:
    if state() is not None:
        first = time.time()
    else:
        time.sleep(0.02)
next_check = time.time() + 1
while first is not None and time.time() < deadline:
    if os.path.exists(final):
        end = time.time()
        for _ in range(500): # the state follows the rename within milliseconds
            s = state()
            if s in ("completed", "failed", "cancelled"):
                break
            time.sleep(0.01)
        print(f"{first:.3f} {end:.3f} {s}")
        sys.exit(0)
    if time.time() > next_check:
        s = state()
        if s in ("failed", "cancelled"):
            print(f"{first:.3f} {time.time():.3f} {s}")
            sys.exit(0)
        next_check = time.time() + 1
    time.sleep(0.01)
sys.exit(1)
EOF
}
run_gv() { # $1 = number of seeders
  local n="$1" from=() cid="" warm_cid="" seeds=() i
  if [ "$WARM" = 1 ] && [ ! -f "$WORK/warmup/warmup.bin" ]; then
    mkdir -p "$WORK/warmup"; head -c $(( ${GV_WARM_MIB:-128} << 20)) /dev/urandom > "$WORK/warmup/warmup.bin"
  fi
  for i in $(seq 1 "$n"); do
    gv_node "$WORK/gv$n-seed$i"; seeds+=("$GV_PID"); from+=(--from "$GV_ADDR")
    cid="$(GV share --home "$WORK/gv$n-seed$i" "$SRC/$FILE")"
    if [ "$WARM" = 1 ]; then warm_cid="$(GV share --home "$WORK/gv$n-seed$i" "$WORK/warmup/warmup.bin")"; fi
  done
  gv_node "$WORK/gv$n-leech"; local leech=$GV_PID
  if [ "$WARM" = 1 ]; then # untimed: the same code paths, so both nodes' JITs have compiled them
    GV get --home "$WORK/gv$n-leech" "${from[@]}" "$warm_cid" > "$WORK/gv$n-warmup.log" 2>&1
  fi
  gv_watch "$WORK/gv$n-leech" "$cid" "$WORK/gv$n-leech/downloads/$FILE" > "$WORK/gv$n-watch" &
  local watcher=$!
  local t0 t1 p cpu0=() cpu1=() perfs=()
  for p in "$leech" "${seeds[@]}"; do cpu0+=("$(cpu_s "$p")"); done
  if [ -n "${GV_PERF:-}" ]; then # GV_PERF=1: perf record each daemon during the timed download (--keep to read them)
    for p in "$leech" "${seeds[@]}"; do
      perf record -F 499 -g -o "$WORK/perf-$p.data" -p "$p" > "$WORK/perf-$p.log" 2>&1 & perfs+=("$!")
    done
  fi
  t0="$(now)"
  /usr/bin/time -f "%U %S" -o "$WORK/gv$n-get.time" "${GV_CMD[0]}" "${GV_CLIENT_FLAGS[@]}" "${GV_CMD[@]:1}" \
    get --home "$WORK/gv$n-leech" "${from[@]}" "$cid" > "$WORK/gv$n-get.log" 2>&1
  t1="$(now)"
  wait "$watcher" || true
  for p in "${perfs[@]}"; do kill -INT "$p"; wait "$p" || true; done
  for p in "$leech" "${seeds[@]}"; do cpu1+=("$(cpu_s "$p")"); done
  local cpu_line="leecher $(echo "${cpu1[0]} - ${cpu0[0]}" | bc)" j
  for j in $(seq 1 "$n"); do cpu_line="$cpu_line, seeder$j $(echo "${cpu1[$j]} - ${cpu0[$j]}" | bc)"; done
  # The `grapevine get` JVM's whole life (start, request, progress polls): it shares the cores with the daemons.
  cpu_line="$cpu_line; grapevine get CLI $(awk '{printf "%.2f", $1 + $2}' "$WORK/gv$n-get.time")"
  echo "  CPU-s during the download (user+sys from /proc/PID/stat): $cpu_line" >&2
  local rss; rss="$(hwm_mb "$leech")"
  read -r w0 w1 _ < "$WORK/gv$n-watch"
  kill "${seeds[@]}" "$leech"; wait "${seeds[@]}" "$leech" 2>/dev/null || true
  local mode="cold"; [ "$WARM" = 1 ] && mode="warm"
  CPU_NOTES+=("$n seeder(s), $mode: CPU-s $cpu_line")
  local label="Grapevine, $n seeder"; [ "$n" -gt 1 ] && label="${label}s"
  if [ "$WARM" = 1 ]; then label="$label (warm JVMs)"; else label="$label (cold JVMs)"; fi
  echo "  (grapevine get wall time incl. CLI JVM start: $(echo "$t1 - $t0" | bc) s)" >&2
  grep -i 'chunksByPeer\|saved' "$WORK/gv$n-get.log" >&2 || true
  record "$label" "$(echo "$w1 - $w0" | bc)" "$rss" "$WORK/gv$n-leech/downloads/$FILE"
}

if [[ ",$ONLY," == *",gv"* ]]; then gv_prepare; fi # builds once, outside any timing
START_LOAD="$(loadavg)"
for what in ${ONLY//,/ }; do
  echo "running $what (load $(loadavg))" >&2
  case "$what" in
    qbt) run_qbt ;; aria2) run_aria2 ;; http) run_http ;; gv) run_gv 1 ;; gv3) run_gv 3 ;;
    *) echo "unknown: $what" >&2; exit 2 ;;
  esac
done
echo
echo "$MIB MiB, $(nproc) cores, load average $START_LOAD -> $(loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "| leecher | seconds | MB/s | MiB/s | leecher peak RSS MB | sha256 ok |"
echo "|---|---:|---:|---:|---:|---|"
printf '%s\n' "${RESULTS[@]}"
if [ ${#CPU_NOTES[@]} -gt 0 ]; then echo; printf '%s\n' "${CPU_NOTES[@]}"; fi
