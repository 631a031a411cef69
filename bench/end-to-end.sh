#!/usr/bin/env bash
# End-to-end benchmark: from the webhook request to the ERP having the event, in the
# default (async) mode. bench/EndToEnd.java plays Tradecloud (events at a fixed rate over
# 50 orders, each its own message id) and the ERP (an HTTP server recording when each
# event arrives): p50 and p99 of request to ERP at RATE events/s, then an ERP outage of
# OUTAGE seconds with BACKLOG events waiting, and the rate at which the backlog reaches
# the ERP once it answers again, each order's events checked to arrive in order.
#
#   bench/end-to-end.sh [RATE=500] [SECONDS=30] [OUTAGE=60] [BACKLOG=5000] [WARMUP=SECONDS/3]
#   ARGS="--tradecloud.delivery.consumers=8" bench/end-to-end.sh   # one lever, measured
#
# The connector runs with -Xmx1g (then JAVA_OPTS, if given) and its defaults, but for the longest wait between two
# retries: 5 s here (MAX_RETRY_DELAY), 5 minutes by default. Each consumer retries on its
# own schedule (1 s, doubling), so after a 60 s outage with the default one consumer may
# be back at once and another only a minute later, the backlog's rate then measuring that
# minute (71 events/s in one run) instead of the delivery; the script prints the wait for
# the first retry apart from the rate.
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${1:-500}
SECONDS_PER_RUN=${2:-30}
OUTAGE=${3:-60}
BACKLOG=${4:-5000}
[ -f target/tradecloud-webhook-connector.jar ] || ./mvnw -B -q -DskipTests package
JAR=$(pwd)/target/tradecloud-webhook-connector.jar
WORK=$(mktemp -d)
CONNECTOR=
cleanup() { [ -n "$CONNECTOR" ] && kill "$CONNECTOR" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

python3 - "$WORK/template.json" <<'PY'
import json, sys
event = json.load(open("src/test/resources/samples/order-event.json"))
event["orderEvent"]["orderId"] = "ORDER_ID"
event["orderEvent"]["meta"]["messageId"] = "MESSAGE_ID"
if "meta" in event:
    event["meta"]["messageId"] = "MESSAGE_ID"
json.dump(event, open(sys.argv[1], "w"), indent=2)
PY

PORT=$(free_port); BROKER=$(free_port); ERP=$(free_port)
java -Xmx1g ${JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" --tradecloud.data-dir="$WORK/data" \
  --tradecloud.output-dir="$WORK/outbox" --tradecloud.broker.listen-url="tcp://127.0.0.1:$BROKER" \
  --tradecloud.webhook.basic.username=bench --tradecloud.webhook.basic.password=bench-password \
  --tradecloud.erp.url="http://127.0.0.1:$ERP/erp/order-events" \
  --tradecloud.api.url=http://127.0.0.1:1/v2 --tradecloud.delivery.max-retry-delay="${MAX_RETRY_DELAY:-5s}" ${ARGS:-} > "$WORK/connector.log" 2>&1 &
CONNECTOR=$!
echo "connector -Xmx1g${JAVA_OPTS:+ $JAVA_OPTS}, defaults but retries at most ${MAX_RETRY_DELAY:-5s} apart${ARGS:+, $ARGS}, ERP stand-in on :$ERP; $(nproc) cores"
java bench/EndToEnd.java "https://localhost:$PORT/webhooks/tradecloud" bench bench-password \
  "$WORK/template.json" "$ERP" "$RATE" "$SECONDS_PER_RUN" 50 "$OUTAGE" "$BACKLOG" ${5:+"$5"} | tee "$WORK/result"
[ -n "${BENCH_RESULTS:-}" ] && grep '^RESULT ' "$WORK/result" >> "$BENCH_RESULTS"
grep -q OutOfMemoryError "$WORK/connector.log" && { echo "OutOfMemoryError in the connector"; exit 1; }
exit 0
