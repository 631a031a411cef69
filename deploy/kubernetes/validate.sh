#!/usr/bin/env bash
# Renders both overlays with kubectl's kustomize and validates every object against the
# Kubernetes API's schemas (npm's kubernetes-models, installed into a temporary folder):
#   deploy/kubernetes/validate.sh
# Needs kubectl (for kustomize) and Node.js with npm; talks to no cluster.
set -euo pipefail
cd "$(dirname "$0")"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm init -y > /dev/null && npm install --no-audit --no-fund --silent kubernetes-models@5.1.0 yaml@2)
for overlay in single cluster; do
  kubectl kustomize --load-restrictor LoadRestrictionsNone "$overlay" > "$WORK/$overlay.yaml"
done
cp validate.mjs "$WORK/"
node "$WORK/validate.mjs" "$WORK/single.yaml" "$WORK/cluster.yaml"
