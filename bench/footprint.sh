#!/usr/bin/env bash
# Footprint: how long the connector takes to be ready and how much memory it holds when
# idle, with the defaults (java -jar, config/ and routes/ of the repository, embedded
# broker and database). Each run starts a connector in a fresh folder (a first start: it
# creates its journal, database and development certificate), stops it, starts it again
# on the same folder (a restart) and reads, for both:
#   ready    from the launch of java to the first {"status":"UP"} of /actuator/health
#   started  what Spring Boot logs ("Started ... in N seconds")
#   cpu      CPU seconds (user + system) the JVM spent until then: varies less than
#            ready when other work shares the cores
#   rss      resident memory (VmRSS) after IDLE seconds of nothing to do
# and prints each run and the medians.
#
#   bench/footprint.sh [RUNS=5] [IDLE=20]
#
# JAVA_OPTS adds JVM options and ARGS connector arguments, to measure one lever at a time:
#   JAVA_OPTS="-XX:+UseSerialGC" bench/footprint.sh
#   ARGS="--spring.task.execution.pool.core-size=8" bench/footprint.sh
# JAR names another jar (default target/tradecloud-webhook-connector.jar); CP runs it from a
# class path instead (CP=folder/app.jar for the layout of java -Djarmode=tools extract, to
# measure class data sharing: JAVA_OPTS=-XX:SharedArchiveFile=...); GC_AFTER_READY=1 has the
# JVM collect its garbage once it is ready (jcmd GC.run), to see what a collection returns.
# CDS=1 runs the connector the way the systemd unit does: the jar extracted, its class data
# archive written once by deploy/systemd/class-data-archive.sh (not timed), and every start
# with -XX:SharedArchiveFile (its results are named footprint.cds.*).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
IDLE=${2:-20}
JAVA_OPTS=${JAVA_OPTS:-}
ARGS=${ARGS:-}
[ -n "${JAR:-}" ] || { [ -f target/tradecloud-webhook-connector.jar ] || ./mvnw -B -q -DskipTests package; }
JAR=$(realpath "${JAR:-target/tradecloud-webhook-connector.jar}")
RESULT=footprint
ROOT=$(pwd)
# an options file named relative to the repository (@deploy/jvm.options) stays found from the
# folder each connector starts in
OPTS=
for opt in $JAVA_OPTS; do
  case $opt in @/*) ;; @*) opt="@$ROOT/${opt#@}" ;; esac
  OPTS="$OPTS $opt"
done
JAVA_OPTS=${OPTS# }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
WORK=$(mktemp -d)
CONNECTOR=
cleanup() { [ -n "$CONNECTOR" ] && kill "$CONNECTOR" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

# start DIR LOG: starts a connector in DIR, waits until it is ready; prints "ready started rss"
start() {
  local dir=$1 log=$2 port broker t0 t1 cpu
  port=$(free_port); broker=$(free_port)
  t0=$(now_ms)
  # shellcheck disable=SC2086
  (cd "$dir" && TRADECLOUD_WEBHOOK_BASIC_USERNAME=bench TRADECLOUD_WEBHOOK_BASIC_PASSWORD=bench-password \
    exec java $JAVA_OPTS -jar "${CP:-$JAR}" --server.port="$port" \
    --tradecloud.broker.listen-url="tcp://127.0.0.1:$broker" $ARGS > "$log" 2>&1) &
  CONNECTOR=$!
  until curl -sk --max-time 2 "https://localhost:$port/actuator/health" 2>/dev/null | grep -q '"UP"'; do
    kill -0 "$CONNECTOR" 2>/dev/null || { echo "the connector stopped, see:" >&2; tail -20 "$log" >&2; exit 1; }
    [ $(( $(now_ms) - t0 )) -lt 300000 ] || { echo "not ready after 300 s" >&2; exit 1; }
    sleep 0.05
  done
  t1=$(now_ms)
  # CPU time (user + system) spent until ready: less dependent on what else runs
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$CONNECTOR/stat")
  [ -z "${GC_AFTER_READY:-}" ] || jcmd "$CONNECTOR" GC.run > /dev/null
  sleep "$IDLE"
  local pid rss started
  # the java process itself (the subshell exec'd into it)
  pid=$CONNECTOR
  rss=$(awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$pid/status")
  started=$(sed -n 's/.*Started .* in \([0-9.]*\) seconds.*/\1/p' "$log" | head -1)
  kill "$CONNECTOR"; wait "$CONNECTOR" 2>/dev/null || true; CONNECTOR=
  echo "$(( t1 - t0 )) ${started:-0} $rss $cpu"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

if [ -n "${CDS:-}" ]; then
  mkdir -p "$WORK/cds"
  java -Djarmode=tools -jar "$JAR" extract --destination "$WORK/cds/app" > /dev/null
  cp -r config routes "$WORK/cds/"
  (cd "$WORK/cds" && TRADECLOUD_WEBHOOK_BASIC_USERNAME=bench TRADECLOUD_WEBHOOK_BASIC_PASSWORD=bench-password \
    "$ROOT/deploy/systemd/class-data-archive.sh" app/tradecloud-webhook-connector.jar "$WORK/cds/app.jsa" \
    "$ROOT/deploy/jvm.options")
  CP="$WORK/cds/app/tradecloud-webhook-connector.jar"
  JAVA_OPTS="$JAVA_OPTS -XX:SharedArchiveFile=$WORK/cds/app.jsa"
  RESULT=footprint.cds
fi
echo "jar ${CP:-$JAR}"
echo "JAVA_OPTS='$JAVA_OPTS' ARGS='$ARGS' runs $RUNS, idle ${IDLE}s, $(nproc) cores"
printf '%-4s %-8s %10s %10s %8s %8s\n' run start ready_ms started_s cpu_s rss_mb
: > "$WORK/first"; : > "$WORK/restart"
for run in $(seq 1 "$RUNS"); do
  dir="$WORK/run$run"
  mkdir -p "$dir"
  cp -r config routes "$dir/"
  start "$dir" "$dir/first.log" > "$WORK/last"; read -r ready started rss cpu < "$WORK/last"
  printf '%-4s %-8s %10s %10s %8s %8s\n' "$run" first "$ready" "$started" "$cpu" "$rss"
  echo "$ready $started $rss $cpu" >> "$WORK/first"
  start "$dir" "$dir/restart.log" > "$WORK/last"; read -r ready started rss cpu < "$WORK/last"
  printf '%-4s %-8s %10s %10s %8s %8s\n' "$run" restart "$ready" "$started" "$cpu" "$rss"
  echo "$ready $started $rss $cpu" >> "$WORK/restart"
done
for kind in first restart; do
  printf 'median %-8s ready %s ms, started %s s, cpu %s s, idle rss %s MB\n' "$kind" \
    "$(cut -d' ' -f1 "$WORK/$kind" | median)" "$(cut -d' ' -f2 "$WORK/$kind" | median)" \
    "$(cut -d' ' -f4 "$WORK/$kind" | median)" "$(cut -d' ' -f3 "$WORK/$kind" | median)"
done
if [ -n "${BENCH_RESULTS:-}" ]; then
  echo "RESULT $RESULT.ready_s $(cut -d' ' -f1 "$WORK/restart" | median | awk '{print $1 / 1000}')" >> "$BENCH_RESULTS"
  echo "RESULT $RESULT.rss_mb $(cut -d' ' -f3 "$WORK/restart" | median)" >> "$BENCH_RESULTS"
fi
