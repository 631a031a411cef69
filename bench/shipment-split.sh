#!/usr/bin/env bash
# Shipment split benchmark: a shipment of many lines (every line changed by the event),
# sent to a connector running with a small heap; measures the time until every line file
# is in the shipment lines folder and until the event is delivered (every line also on
# the queue: the log's "changed lines delivered"; the console's status is checked after,
# untimed), and, in a second run, the live heap (a full collection and a reading over JMX
# every 250 ms, bench/HeapProbe.java), against the same for a shipment of 100 lines. Each
# run has a fresh connector; the timed one takes the shipment twice (as two events), the
# first on a cold JVM that compiles as it goes, the second after it.
#
#   bench/shipment-split.sh [LINES=10000] [HEAP=128m]
#
# JAVA_OPTS adds JVM options (a flight recording: JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/split.jfr).
#
# With QUEUE=off the line messages go to the folder only (the routes are copied and the
# step that sends the line messages taken out): what is left is the split itself,
# without the broker's bookkeeping for a backlog of messages nobody consumes.
set -euo pipefail
cd "$(dirname "$0")/.."
LINES=${1:-10000}
HEAP=${2:-128m}
QUEUE=${QUEUE:-on}
[ -f target/tradecloud-webhook-connector.jar ] || ./mvnw -B -q -DskipTests package
JAR=$(pwd)/target/tradecloud-webhook-connector.jar
HEAP_PROBE=$(pwd)/bench/HeapProbe.java

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
WORK=$(mktemp -d)
cp -r routes config "$WORK/"
if [ "$QUEUE" = off ]; then
  python3 - "$WORK/routes/shipments-deliver.camel.yaml" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
# the step that sends the line messages: take it out
step = "        - to:\n            uri: direct:shipment-lines-send\n"
assert step in text
open(path, "w").write(text.replace(step, ""))
PY
fi
CONNECTOR=
cleanup() { [ -n "$CONNECTOR" ] && kill "$CONNECTOR" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$WORK"; echo "work $WORK"; }
trap cleanup EXIT

# a shipment like the sample, LINES lines in load carriers of 100 lines each, every line
# updated by this event
make_shipment() {
  python3 - "$1" "$2" <<'PY'
import json, sys
lines, out = int(sys.argv[1]), sys.argv[2]
sample = json.load(open("src/test/resources/samples/shipment-event.json"))
shipment = sample["shipment"]
stamp = shipment["meta"]["lastUpdatedAt"]
template = shipment["loadCarriers"][0]["lines"][0]
carriers = []
for i in range(lines):
    line = json.loads(json.dumps(template))
    line["purchaseOrderLinePosition"] = f"{i + 1:05d}"
    line["supplierLine"]["despatchAdviceLinePosition"] = str(i + 1)
    line["meta"]["lastUpdatedAt"] = stamp
    if i % 100 == 0:
        carriers.append({"containerNumber": f"MSKU{i:07d}", "containerSizeAndType": "45G1", "lines": []})
    carriers[-1]["lines"].append(line)
shipment["loadCarriers"], shipment["lines"] = carriers, []
# no documents: the download has its own benchmark, and no Tradecloud API runs here
shipment["supplierShipment"]["documents"], shipment["buyerShipment"]["documents"] = [], []
json.dump(sample, open(out, "w"))
PY
}

message_id() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["meta"]["messageId"])' "$1"; }

run() {  # run LINES [probe [SHIPMENTS]]: SHIPMENTS shipments of LINES lines, one after the other
  local lines=$1 probe=${2:-} shipments=${3:-1} dir="$WORK/$1${2:-}x${3:-1}" port broker jmx
  port=$(free_port); broker=$(free_port); jmx=$(free_port)
  mkdir -p "$dir"
  make_shipment "$lines" "$dir/shipment.json"
  # shellcheck disable=SC2086
  (cd "$WORK" && exec java ${JAVA_OPTS:-} "-Xmx$HEAP" -Dcom.sun.management.jmxremote.port="$jmx" -Dcom.sun.management.jmxremote.host=127.0.0.1 \
    -Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false \
    -jar "$JAR" --server.port="$port" \
    --tradecloud.data-dir="$dir/data" --tradecloud.output-dir="$dir/outbox" \
    --tradecloud.broker.listen-url="tcp://127.0.0.1:$broker" --tradecloud.webhook.basic.username=bench \
    --tradecloud.webhook.basic.password=bench-password --tradecloud.webhook.max-body-size=64MB \
    --tradecloud.admin.username=bench-operator --tradecloud.admin.password=bench-operator-password \
    --tradecloud.api.url=http://127.0.0.1:1/v2 > "$dir/connector.log" 2>&1) &
  CONNECTOR=$!
  for _ in $(seq 1 120); do
    curl -sk "https://localhost:$port/actuator/health" 2>/dev/null | grep -q UP && break
    sleep 0.5
  done
  local t0 t1 count=0 probe_pid= n body id
  if [ -n "$probe" ]; then
    java "$HEAP_PROBE" "$jmx" 250 "$dir/stop" > "$dir/live" &
    probe_pid=$!
    sleep 2
  fi
  for n in $(seq 1 "$shipments"); do
    # each shipment an event of its own (a message id of its own)
    body="$dir/shipment-$n.json"
    sed "s/$(message_id "$dir/shipment.json")/$(message_id "$dir/shipment.json" | cut -c1-30)$(printf '%06d' "$n")/" "$dir/shipment.json" > "$body"
    id=$(message_id "$body")
    t0=$(date +%s.%N)
    curl -sk -u bench:bench-password -H 'Content-Type: application/json' \
      --data-binary @"$body" "https://localhost:$port/webhooks/tradecloud" > /dev/null
    local last=-1 stalled=0
    while [ "$count" -lt $((lines * n)) ]; do
      sleep 0.2
      [ -d "$dir/outbox/shipment-lines" ] && count=$(find "$dir/outbox/shipment-lines" -name '*.json' | wc -l)
      if [ "$count" -eq "$last" ]; then stalled=$((stalled + 1)); else stalled=0; last=$count; fi
      if [ "$stalled" -gt 600 ] || grep -q OutOfMemoryError "$dir/connector.log"; then
        echo "$lines lines, shipment $n: stopped after $count files (out of memory or no progress for 2 minutes)"; exit 1
      fi
    done
    t1=$(date +%s.%N)
    # delivered: the log's "changed lines delivered" of this event (every line on its queue;
    # the event's own transaction commits right after). Not the console's status, asked
    # ten times a second: for a shipment of 10,000 lines each answer sums 20,000 steps, and
    # asking that often took a third of the cores from the delivery it timed (35 s against
    # 24 s); and the journal derives a status at most once a second while steps come in.
    local delivered=
    for _ in $(seq 1 1200); do
      grep -q "message $id: changed lines delivered" "$dir/connector.log" && { delivered=$(date +%s.%N); break; }
      sleep 0.05
    done
    [ -n "$delivered" ] || { echo "$lines lines, shipment $n: the event was not delivered within 60 s of its files"; exit 1; }
    # and the console says so (not timed)
    for _ in $(seq 1 120); do
      curl -sk -u bench-operator:bench-operator-password "https://localhost:$port/admin/events?q=$id" |
        grep -q '"status":"delivered"' && break
      sleep 1
    done
    if [ -z "$probe" ]; then
      python3 -c "s=$t1-$t0; d=$delivered-$t0; print(f'{$lines} lines, shipment $n of the connector: files {s:.1f} s, delivered (folder and queue) {d:.1f} s, {$lines/d:.0f} lines/s, body {__import__(\"os\").path.getsize(\"$body\")/1048576:.1f} MB')"
      # the first shipment of a fresh connector (a cold JVM, compiling as it goes), the
      # second the same shipment into the same connector
      local key=shipments.seconds.$lines; [ "$n" -gt 1 ] && key=$key.shipment$n
      [ -n "${BENCH_RESULTS:-}" ] && python3 -c "print(f'RESULT $key {$delivered-$t0:.2f}')" >> "$BENCH_RESULTS"
    fi
  done
  if [ -n "$probe" ]; then
    touch "$dir/stop"; wait "$probe_pid"
    echo "$lines lines x $shipments shipment(s), their lines left on the queue: live heap at most $(cat "$dir/live") MB (full GC every 250 ms)"
    [ -n "${BENCH_RESULTS:-}" ] && echo "RESULT shipments.live_heap_mb.$lines.x$shipments $(cat "$dir/live")" >> "$BENCH_RESULTS"
  fi
  grep -q OutOfMemoryError "$dir/connector.log" && { echo "OutOfMemoryError"; exit 1; }
  kill "$CONNECTOR"; wait "$CONNECTOR" 2>/dev/null || true; CONNECTOR=
}

echo "connector ${JAVA_OPTS:+$JAVA_OPTS }-Xmx$HEAP; every line changed; one file per line to outbox/shipment-lines; line queue $QUEUE (nobody consumes it)"
run 100
# twice into one connector: the first on a cold JVM, the second after it
run "$LINES" "" 2
run 100 probe
run "$LINES" probe 1
run "$LINES" probe 3
