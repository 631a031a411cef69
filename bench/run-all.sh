#!/usr/bin/env bash
# Runs every benchmark one after the other and prints one table: figure, goal, measured,
# ratio to the goal (1.00 or more: met). Writes it on top of bench/results.md with the date, the
# machine and the commit. Each benchmark starts connectors of its own; nothing else
# should run on the machine meanwhile (runs vary by 20-30% even so).
#
#   bench/run-all.sh            # about 20 to 25 minutes on two cores
#
# The figures come from the RESULT lines the scripts write to $BENCH_RESULTS.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests package
export BENCH_RESULTS
BENCH_RESULTS=$(mktemp)
LOG=$(mktemp -d)
trap 'rm -f "$BENCH_RESULTS"' EXIT
run() {  # run NAME COMMAND...
  local name=$1; shift
  echo "== $name: $*"
  if ! "$@" > "$LOG/$name.log" 2>&1; then
    echo "$name failed; its output:"; tail -20 "$LOG/$name.log"
  fi
  grep -v '^RESULT ' "$LOG/$name.log" | grep -vE '^\s*$' | tail -8
}
# every connector with the JVM options the deploy/ files run it with (the image, the
# systemd unit, the Windows service: the serial collector, a 512 MB heap); the document
# and shipment benchmarks set their own smaller heap after them
JVM_OPTIONS="@$(pwd)/deploy/jvm.options"
JAVA_OPTS=$JVM_OPTIONS run webhook-throughput bench/webhook-throughput.sh 20 32 40
JAVA_OPTS=$JVM_OPTIONS run end-to-end bench/end-to-end.sh 500 30 60 5000
JAVA_OPTS=$JVM_OPTIONS run document-download bench/document-download.sh 300 3 128m
JAVA_OPTS=$JVM_OPTIONS run shipment-split bench/shipment-split.sh 10000 128m
# as the image runs it, and as the systemd unit runs it (class data archive)
JAVA_OPTS=$JVM_OPTIONS run footprint bench/footprint.sh 3 20
CDS=1 JAVA_OPTS=$JVM_OPTIONS run footprint-cds bench/footprint.sh 3 20

python3 - "$BENCH_RESULTS" "$(git rev-parse --short HEAD)" "$(nproc)" <<'PY'
import statistics, sys, datetime
results = {}
for line in open(sys.argv[1]):
    _, key, value = line.split()
    results[key] = float(value)
def get(key):
    if key in results:
        return results[key]
    values = [v for k, v in results.items() if k.startswith(key + ".")]
    return statistics.mean(values) if values else None
# figure, key, goal, "min" (more is better) or "max" (less is better), unit
rows = [
    ("async ingest / bare endpoint", "async.ratio", 0.6, "min", ""),
    ("sync ingest / bare endpoint", "sync.ratio", 0.4, "min", ""),
    ("async ingest p99 at 32 connections", "async.p99_ms", 25, "max", " ms"),
    ("bare endpoint / plain MVC controller", "bare.plain_ratio", 0.6, "min", ""),
    ("request to ERP p99 at 500 events/s", "e2e.p99_ms", 100, "max", " ms"),
    ("backlog to the ERP after a 60 s outage", "backlog.events_per_s", 1000, "min", " events/s"),
    ("backlog: every order in order", "backlog.orders_in_order", 1, "min", ""),
    ("300 MB document / curl", "documents.ratio", 0.8, "min", ""),
    ("10,000-line shipment delivered", "shipments.seconds.10000", 2, "max", " s"),
    ("the same, the second shipment into the same connector", "shipments.seconds.10000.shipment2", 2, "max", " s"),
    ("live heap, 10,000 lines minus 100 lines", "shipments.heap_growth_mb", 10, "max", " MB"),
    ("live heap, three 10,000-line shipments minus one", "shipments.heap_growth_3_mb", 10, "max", " MB"),
    ("ready after a restart (deploy/jvm.options)", "footprint.ready_s", 5, "max", " s"),
    ("idle resident memory (deploy/jvm.options)", "footprint.rss_mb", 300, "max", " MB"),
    ("ready after a restart (systemd: jvm.options, class data archive)", "footprint.cds.ready_s", 5, "max", " s"),
    ("idle resident memory (systemd: jvm.options, class data archive)", "footprint.cds.rss_mb", 300, "max", " MB"),
]
if "shipments.live_heap_mb.10000.x1" in results and "shipments.live_heap_mb.100.x1" in results:
    results["shipments.heap_growth_mb"] = results["shipments.live_heap_mb.10000.x1"] - results["shipments.live_heap_mb.100.x1"]
if "shipments.live_heap_mb.10000.x3" in results and "shipments.live_heap_mb.10000.x1" in results:
    results["shipments.heap_growth_3_mb"] = results["shipments.live_heap_mb.10000.x3"] - results["shipments.live_heap_mb.10000.x1"]
lines = ["| figure | goal | measured | ratio to goal |", "|---|---|---|---|"]
for name, key, goal, kind, unit in rows:
    value = get(key)
    sign = ">=" if kind == "min" else "<="
    if value is None:
        lines.append(f"| {name} | {sign} {goal:g}{unit} | not measured | |")
        continue
    # less is better: nothing (or less than nothing, within a measurement's noise) meets it
    ratio = value / goal if kind == "min" else (goal / value if value > 0 else float("inf"))
    shown = "met" if ratio == float("inf") else f"{ratio:.2f}{'' if ratio >= 1 else ' (not met)'}"
    lines.append(f"| {name} | {sign} {goal:g}{unit} | {value:,.2f}{unit} | {shown} |")
others = ", ".join(f"{k} {v:g}" for k, v in sorted(results.items()))
table = "\n".join(lines)
print(table)
# the new run on top, the earlier ones kept below it
head = "# Benchmark results\n\n"
try:
    earlier = open("bench/results.md").read()
except FileNotFoundError:
    earlier = ""
earlier = earlier[len(head):] if earlier.startswith(head) else earlier
with open("bench/results.md", "w") as out:
    out.write(f"{head}bench/run-all.sh, {datetime.datetime.now():%Y-%m-%d %H:%M}, commit {sys.argv[2]}, "
              f"{sys.argv[3]} cores. See [README.md](README.md) for what each figure measures.\n\n{table}\n\n"
              f"All figures: {others}\n\n{earlier}")
PY
echo "written to bench/results.md, on top of the earlier runs; the benchmarks' output is in $LOG"
