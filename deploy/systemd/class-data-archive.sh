#!/bin/sh
# Class data sharing for the connector (tradecloud-connector.service runs this before each
# start): writes an archive of the classes the connector loads while it starts, which the
# JVM then maps from that one file instead of reading them from the jars; it saves about 40%
# of the CPU time to ready (bench/README.md, "Footprint"). The archive is written only when
# it is missing or was written for another jar (a new version: the jar's SHA-256 is kept
# beside the archive), by a training start of its own: an empty data folder of its own, no
# broker port, exiting once the application context is refreshed, before it would take any
# work. A training that fails leaves no archive, and the connector starts without one, as
# fast as before.
#
#   class-data-archive.sh JAR ARCHIVE [JVM_OPTIONS_FILE]
#
# JAR is the connector's jar as `java -Djarmode=tools -jar tradecloud-webhook-connector.jar
# extract` lays it out (class data sharing reads plain jars, not jars inside a jar); run it
# in the folder with config/ and routes/, with the connector's environment (credentials).
# The archive names the jar by its absolute path: the connector must be started with the
# jar at that path (java -XX:SharedArchiveFile=ARCHIVE -jar /absolute/path/to/JAR), or the
# JVM ignores the archive without a word and starts as slowly as without one.
set -eu
JAR=$(realpath "$1")
ARCHIVE=$2
OPTIONS=${3:-}
JAR_SUM=$(sha256sum "$JAR" | cut -d' ' -f1)
if [ -s "$ARCHIVE" ] && [ "$(cat "$ARCHIVE.jar-sha256" 2>/dev/null)" = "$JAR_SUM" ]; then
  exit 0
fi
TRAINING=$(mktemp -d)
trap 'rm -rf "$TRAINING" "$ARCHIVE.part"' EXIT
rm -f "$ARCHIVE" "$ARCHIVE.jar-sha256"
echo "writing the class data archive $ARCHIVE (a training start of the connector)"
java ${OPTIONS:+"@$OPTIONS"} -XX:ArchiveClassesAtExit="$ARCHIVE.part" -Dspring.context.exit=onRefresh \
  -jar "$JAR" --tradecloud.data-dir="$TRAINING/data" --tradecloud.output-dir="$TRAINING/outbox" \
  --tradecloud.broker.listen-url= --logging.level.root=WARN > "$TRAINING/training.log" 2>&1 || true
if [ -s "$ARCHIVE.part" ]; then
  mv "$ARCHIVE.part" "$ARCHIVE"
  echo "$JAR_SUM" > "$ARCHIVE.jar-sha256"
  echo "class data archive written: $(du -h "$ARCHIVE" | cut -f1)"
else
  echo "no class data archive: the training start failed; the connector starts without one" >&2
  tail -20 "$TRAINING/training.log" >&2
fi
