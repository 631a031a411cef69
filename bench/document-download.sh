#!/usr/bin/env bash
# Document download benchmark: the connector fetching a large document through the
# Tradecloud API (the local simulator) with a small heap, against a raw copy of the same
# bytes from the same server with curl. Prints both throughputs, their ratio and the
# connector's peak heap.
#
#   bench/document-download.sh [SIZE_MB=300] [RUNS=3] [HEAP=128m]
#
# JAVA_OPTS adds JVM options to the connector, to measure one lever at a time:
#   JAVA_OPTS=-Djdk.httpclient.bufsize=262144 bench/document-download.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${1:-300}
RUNS=${2:-3}
HEAP=${3:-128m}
JAR=target/tradecloud-webhook-connector.jar
[ -f "$JAR" ] || ./mvnw -B -q -DskipTests package

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
SIM_PORT=$(free_port); PORT=$(free_port); BROKER=$(free_port)
WORK=$(mktemp -d)
SIM_USER=integration@example.com; SIM_PASSWORD=simulator-password
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

# the simulator is a test double, outside the jar: run from the test classes
./mvnw -B -q test-compile exec:java@simulator -Dexec.args="serve --port $SIM_PORT" > "$WORK/simulator.log" 2>&1 &
PIDS+=($!)
# shellcheck disable=SC2086
java ${JAVA_OPTS:-} "-Xmx$HEAP" -jar "$JAR" --server.port="$PORT" --tradecloud.data-dir="$WORK/data" \
  --tradecloud.output-dir="$WORK/outbox" --tradecloud.broker.listen-url="tcp://127.0.0.1:$BROKER" \
  --tradecloud.api.url="http://127.0.0.1:$SIM_PORT/v2" --tradecloud.api.username="$SIM_USER" \
  --tradecloud.api.password="$SIM_PASSWORD" --tradecloud.webhook.basic.username=bench \
  --tradecloud.webhook.basic.password=bench-password --management.endpoints.web.exposure.include=health,prometheus \
  > "$WORK/connector.log" 2>&1 &
CONNECTOR=$!
PIDS+=($CONNECTOR)
for _ in $(seq 1 120); do
  curl -sk "https://localhost:$PORT/actuator/health" 2>/dev/null | grep -q UP && break
  sleep 0.5
done
curl -sk "https://localhost:$PORT/actuator/health" | grep -q UP || { echo "connector did not start"; tail -20 "$WORK/connector.log"; exit 1; }
for _ in $(seq 1 120); do
  grep -q "Tradecloud simulator on" "$WORK/simulator.log" 2>/dev/null && break
  sleep 0.5
done
grep -q "Tradecloud simulator on" "$WORK/simulator.log" || { echo "simulator did not start"; tail -20 "$WORK/simulator.log"; exit 1; }

# the connector's live heap (old generation after a collection, what memory growth with
# the file size would show in) and heap in use (garbage included), sampled every second:
# sampled more often, the probe's TLS handshakes took CPU from the download (every 100 ms,
# about a third of a core)
heap_used() {
  curl -sk -u bench:bench-password "https://localhost:$PORT/actuator/prometheus" 2>/dev/null |
    awk 'index($0, "jvm_gc_live_data_size_bytes") == 1 { live = $NF }
         index($0, "jvm_memory_used_bytes{") == 1 && index($0, "area=\"heap\"") { used += $NF }
         END { printf "%d %d", live, used }'
}
( live_peak=0; used_peak=0; while kill -0 "$CONNECTOR" 2>/dev/null; do
    read -r live used <<< "$(heap_used)" || true
    [ -n "${live:-}" ] && [ "$live" -gt "$live_peak" ] && live_peak=$live
    [ -n "${used:-}" ] && [ "$used" -gt "$used_peak" ] && used_peak=$used
    echo "$live_peak $used_peak" > "$WORK/peak-heap"
    sleep 1
  done ) &
PIDS+=($!)

now() { date +%s.%N; }
echo "document ${SIZE_MB} MB, connector heap -Xmx$HEAP, $RUNS runs after one of 10 MB (not counted: it"
echo "warms the connector up, as one that has run for a while)"
printf "%-4s %12s %12s %8s\n" run "raw MB/s" "conn. MB/s" ratio
for run in $(seq 0 "$RUNS"); do
  id="bench-$run-$RANDOM"
  size_mb=$SIZE_MB; [ "$run" -gt 0 ] || size_mb=10
  SIZE=$((size_mb * 1024 * 1024))
  curl -s -X POST "http://127.0.0.1:$SIM_PORT/simulator/documents" -H 'Content-Type: application/json' \
    -d "{\"objectId\":\"$id\",\"filename\":\"$id.bin\",\"contentType\":\"application/octet-stream\",\"size\":$SIZE}" > /dev/null

  # raw copy: the same bytes from the same server, presigned URL to a file on the same disk
  # (the API takes a JWT only, from a login with Basic, as Tradecloud's does)
  token=$(curl -s -D - -o /dev/null -u "$SIM_USER:$SIM_PASSWORD" "http://127.0.0.1:$SIM_PORT/v2/authentication/login" |
    tr -d '\r' | awk -F': ' 'tolower($1) == "set-authorization" { print $2 }')
  url=$(curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$SIM_PORT/v2/object-storage/document/$id/metadata" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["downloadUrl"])')
  t0=$(now); curl -s -o "$WORK/raw.bin" "$url"; t1=$(now)
  raw=$(python3 -c "print($t1 - $t0)")

  # the connector: webhook in, queue, metadata, presigned download, checksum, rename, sidecar
  # a message id of its own for each run: the same one again would be answered as a duplicate
  sed -e "s/05d251f0-0166-4e1e-8110-8d7a507b18f4/$id/" -e "s#127.0.0.1:18080#127.0.0.1:$SIM_PORT#" \
    -e "s/0b6f3a52-3f1e-4c8e-9a61-0c1d2e3f4a03/$(python3 -c 'import uuid; print(uuid.uuid4())')/g" \
    src/test/resources/samples/order-documents-event.json > "$WORK/event.json"
  t0=$(now)
  curl -sk -u bench:bench-password -H 'Content-Type: application/json' --data-binary @"$WORK/event.json" \
    "https://localhost:$PORT/webhooks/tradecloud" > /dev/null
  deadline=$((SECONDS + 300))
  until [ -f "$WORK/outbox/documents/$id.bin.json" ]; do
    sleep 0.05
    [ "$SECONDS" -lt "$deadline" ] || { echo "run $run: no document after 300 s"; exit 1; }
  done
  t1=$(now)
  conn=$(python3 -c "print($t1 - $t0)")
  cmp -s "$WORK/raw.bin" "$WORK/outbox/documents/$id.bin" || { echo "run $run: downloaded bytes differ"; exit 1; }
  rm -f "$WORK/raw.bin" "$WORK/outbox/documents/$id.bin"
  [ "$run" -gt 0 ] || continue
  python3 -c "r=$SIZE_MB/$raw; c=$SIZE_MB/$conn; print(f'{$run:<4} {r:12.1f} {c:12.1f} {c/r:8.2f}')"
  [ -n "${BENCH_RESULTS:-}" ] && python3 -c "print(f'RESULT documents.ratio.$run {$raw/$conn:.3f}')" >> "$BENCH_RESULTS"
done
sleep 1.1
read -r live_peak used_peak < "$WORK/peak-heap"
if [ "$live_peak" -eq 0 ]; then
  # the JVM reports live data after a collection of the old generation only
  echo "connector heap, -Xmx$HEAP: no collection of the old generation during the runs (live data not known), peak in use (garbage included) $((used_peak / 1024 / 1024)) MB"
else
  echo "connector heap, -Xmx$HEAP: peak live data after GC $((live_peak / 1024 / 1024)) MB, peak in use (garbage included) $((used_peak / 1024 / 1024)) MB"
  [ -n "${BENCH_RESULTS:-}" ] && echo "RESULT documents.live_heap_mb $((live_peak / 1024 / 1024))" >> "$BENCH_RESULTS"
fi
[ -n "${BENCH_RESULTS:-}" ] && echo "RESULT documents.heap_in_use_mb $((used_peak / 1024 / 1024))" >> "$BENCH_RESULTS"
grep -q OutOfMemoryError "$WORK/connector.log" && { echo "OutOfMemoryError in the connector"; exit 1; }
echo "no OutOfMemoryError"
