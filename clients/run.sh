#!/usr/bin/env bash
# Runs the client conformance suite (or, after `exec`, any command) inside a fresh network
# namespace that has only loopback, so Codex CLI, Claude Code and the SDKs cannot reach
# anything but 127.0.0.1 even by mistake. The gateway and the mock backends start inside it too.
#   bash clients/run.sh                 # the whole suite
#   bash clients/run.sh codex.test.ts   # vitest filters
#   bash clients/run.sh exec <cmd...>   # any command, e.g. the capture script
# Needs root (or unprivileged user namespaces) for unshare, and iproute2's `ip`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ "${UNDERSTUDY_LOOPBACK_ONLY:-}" != 1 ]; then
  command -v unshare >/dev/null || { echo "run.sh: unshare (util-linux) is missing" >&2; exit 1; }
  command -v ip >/dev/null || { echo "run.sh: ip (iproute2) is missing" >&2; exit 1; }
  exec unshare --net --fork env UNDERSTUDY_LOOPBACK_ONLY=1 bash "$0" "$@"
fi
ip link set lo up
# Refuse to go on if anything but loopback is visible: the namespace did not take.
if ip -o link show | grep -v ': lo:' | grep -q .; then
  echo "run.sh: interfaces other than lo are visible; refusing to run the clients" >&2
  exit 1
fi
# No proxy may send the traffic elsewhere either.
unset HTTP_PROXY HTTPS_PROXY ALL_PROXY http_proxy https_proxy all_proxy
export NO_PROXY='*' no_proxy='*'
cd "$here/.."
if [ ! -x clients/node_modules/.bin/codex ] || [ ! -x clients/node_modules/.bin/claude ]; then
  echo "run.sh: the clients are not installed; run: (cd clients && npm ci --no-audit --no-fund)" >&2
  exit 1
fi
if [ "${1:-}" = exec ]; then
  shift
  exec "$@"
fi
# The Node entry runs from dist/; build it from this checkout's sources (esbuild, no network).
npm run --silent build
exec node_modules/.bin/vitest run --config clients/vitest.config.ts "$@"
