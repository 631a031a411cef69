#!/usr/bin/env bash
# Webhook throughput benchmark: accepted events per second and latency (p50, p99) of the
# full durable path, in acknowledge mode async (stored on the broker, then 202) and sync
# (folder and queue written in one transaction, then 200), each against a bare endpoint
# of the same web stack (HTTPS, authentication, request checks, platform-http reading the
# body, nothing behind it) measured in the same connector process: the ratio is what to
# compare between machines and runs. Every request is a new event (its own message id)
# of one of 50 orders; the 8 KB sample order event is the body. In async mode a plain Spring
# MVC controller on the same HTTPS port, outside Spring Security and without Camel
# (bench/plain-endpoint/PlainEndpoint.java, compiled here and loaded beside the jar), is
# measured too: the reference for the bare endpoint.
#
#   bench/webhook-throughput.sh [SECONDS=20] [CONNECTIONS=32] [WARMUP_SECONDS=40]
#
# Needs wrk (Debian: apt-get install wrk). The connector runs with -Xmx1g and its
# defaults; files go to a temporary folder. JAVA_OPTS adds JVM options, to measure one
# lever at a time (JAVA_OPTS=-XX:TieredStopAtLevel=1 bench/webhook-throughput.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-20}
CONNECTIONS=${2:-32}
WARMUP=${3:-40}
command -v wrk > /dev/null || { echo "wrk is needed: apt-get install wrk"; exit 2; }
[ -f target/tradecloud-webhook-connector.jar ] || ./mvnw -B -q -DskipTests package
JAR=$(pwd)/target/tradecloud-webhook-connector.jar
WORK=$(mktemp -d)
CONNECTOR=
cleanup() { [ -n "$CONNECTOR" ] && kill "$CONNECTOR" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
# the plain controller, compiled against the jar's own libraries
mkdir -p "$WORK/app" "$WORK/plain"
(cd "$WORK/app" && unzip -q "$JAR" 'BOOT-INF/lib/*')
javac -nowarn -cp "$WORK/app/BOOT-INF/lib/*" -d "$WORK/plain" bench/plain-endpoint/PlainEndpoint.java
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# the sample order event with placeholders for the message id and the order id
python3 - "$WORK/template.json" <<'PY'
import json, sys
event = json.load(open("src/test/resources/samples/order-event.json"))
event["orderEvent"]["orderId"] = "ORDER_ID"
event["orderEvent"]["meta"]["messageId"] = "MESSAGE_ID"
if "meta" in event:
    event["meta"]["messageId"] = "MESSAGE_ID"
json.dump(event, open(sys.argv[1], "w"), indent=2)
PY
AUTH="Basic $(printf 'bench:bench-password' | base64)"

start() {  # start MODE
  local mode=$1
  PORT=$(free_port); BROKER=$(free_port)
  mkdir -p "$WORK/$mode"
  # shellcheck disable=SC2086
  java -Xmx1g ${JAVA_OPTS:-} -Dloader.path="$WORK/plain" -cp "$JAR" org.springframework.boot.loader.launch.PropertiesLauncher \
    --server.port="$PORT" \
    --camel.main.routes-include-pattern=file:routes/*.camel.yaml,file:routes/config/*.camel.yaml,file:routes/templates/*.camel.yaml,file:bench/bench-bare-endpoint.camel.yaml \
    --tradecloud.webhook.acknowledge="$mode" --tradecloud.data-dir="$WORK/$mode/data" \
    --tradecloud.output-dir="$WORK/$mode/outbox" --tradecloud.broker.listen-url="tcp://127.0.0.1:$BROKER" \
    --tradecloud.webhook.basic.username=bench --tradecloud.webhook.basic.password=bench-password \
    --tradecloud.api.url=http://127.0.0.1:1/v2 > "$WORK/$mode/connector.log" 2>&1 &
  CONNECTOR=$!
  for _ in $(seq 1 120); do
    curl -sk "https://localhost:$PORT/actuator/health" 2>/dev/null | grep -q UP && return
    sleep 0.5
  done
  echo "the connector did not start; see $WORK/$mode/connector.log"; tail -20 "$WORK/$mode/connector.log"; exit 1
}

drained() {  # waits until the order files stop growing: the backlog of earlier runs delivered
  local mode=$1 last=-1 count
  for _ in $(seq 1 600); do
    count=$(find "$WORK/$mode/outbox/orders" -name '*.json' 2>/dev/null | wc -l)
    [ "$count" -eq "$last" ] && return
    last=$count; sleep 1
  done
}

load() {  # load PATH SECONDS RUN -> prints "req/s p50 p99 errors"
  local out
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$2s" --timeout 10s --latency -s bench/webhook.lua \
    "https://localhost:$PORT$1" -- "$WORK/template.json" "$AUTH" "$3")
  python3 - "$out" <<'PY'
import re, sys
out = sys.argv[1]
def ms(label):
    m = re.search(r"^\s*" + label + r"\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
errors = re.search(r"Socket errors:.*", out)
print(f"{rps:.0f} {ms('50%'):.1f} {ms('99%'):.1f} {int(bad.group(1)) if bad else 0}{' ' + errors.group(0) if errors else ''}")
PY
}

echo "connector -Xmx1g${JAVA_OPTS:+ $JAVA_OPTS}, wrk -t2 -c$CONNECTIONS, ${SECONDS_PER_RUN}s a run after ${WARMUP}s of warm-up; $(nproc) cores"
printf "%-6s %-22s %9s %9s %9s %8s\n" mode endpoint "req/s" "p50 ms" "p99 ms" "non-2xx"
for mode in async sync; do
  start "$mode"
  load /webhooks/tradecloud "$WARMUP" "warm-$mode" > /dev/null
  load /webhooks/bare "$((WARMUP / 4))" "warm-bare-$mode" > /dev/null
  drained "$mode"
  if [ "$mode" = async ]; then
    load /bench/plain "$((WARMUP / 4))" "warm-plain" > /dev/null
    read -r plain_rps plain_p50 plain_p99 plain_bad _ <<< "$(load /bench/plain "$SECONDS_PER_RUN" "plain")"
    printf "%-6s %-22s %9s %9s %9s %8s\n" "-" "plain MVC controller" "$plain_rps" "$plain_p50" "$plain_p99" "$plain_bad"
  fi
  read -r bare_rps bare_p50 bare_p99 bare_bad _ <<< "$(load /webhooks/bare "$SECONDS_PER_RUN" "bare-$mode")"
  before=$(find "$WORK/$mode/outbox/orders" -name '*.json' | wc -l)
  read -r full_rps full_p50 full_p99 full_bad _ <<< "$(load /webhooks/tradecloud "$SECONDS_PER_RUN" "$mode")"
  during=$(( $(find "$WORK/$mode/outbox/orders" -name '*.json' | wc -l) - before ))
  start_drain=$(date +%s)
  drained "$mode"
  drain=$(( $(date +%s) - start_drain ))
  printf "%-6s %-22s %9s %9s %9s %8s\n" "$mode" "bare (same stack)" "$bare_rps" "$bare_p50" "$bare_p99" "$bare_bad"
  printf "%-6s %-22s %9s %9s %9s %8s\n" "$mode" "/webhooks/tradecloud" "$full_rps" "$full_p50" "$full_p99" "$full_bad"
  python3 -c "print(f'{\"$mode\":6} ratio full/bare: {$full_rps/$bare_rps:.2f}, bare/plain: {$bare_rps/$plain_rps:.2f}')"
  if [ -n "${BENCH_RESULTS:-}" ]; then
    {
      echo "RESULT $mode.rps $full_rps"; echo "RESULT $mode.bare_rps $bare_rps"; echo "RESULT $mode.p99_ms $full_p99"
      python3 -c "print(f'RESULT $mode.ratio {$full_rps/$bare_rps:.3f}')"
      [ "$mode" = async ] && echo "RESULT plain.rps $plain_rps" &&
        python3 -c "print(f'RESULT bare.plain_ratio {$bare_rps/$plain_rps:.3f}')"
    } >> "$BENCH_RESULTS"
  fi
  echo "$mode: $during order files written during the ${SECONDS_PER_RUN}s run, the backlog delivered about ${drain}s after it"
  kill "$CONNECTOR"; wait "$CONNECTOR" 2>/dev/null || true; CONNECTOR=
done
