#!/usr/bin/env bash
# The README's "Paper and live trading" → Rehearsal, as an operator types it: the lines between the
# BEGIN/END markers are the README's code block, verbatim (test/rehearsal/readmeRehearsal.test.ts holds them equal).
# Only the harness around them is the script's own: `rampart` is this checkout's CLI, the rehearsal
# runs in a scratch directory (argument 1, default a new temp dir) with a copy of the shipped config,
# terminal 1 runs in the background, and the script waits for the venue's env file before terminal 2.
# Exits non-zero at the first step that fails.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${1:-$(mktemp -d "${TMPDIR:-/tmp}/rampart-rehearsal.XXXXXX")}"

# `rampart` is this checkout's CLI, as `npm link` would install it (exec: $! is then the venue itself).
mkdir -p "$WORK/bin" "$WORK/config"
printf '#!/bin/sh\nexec node "%s/bin/rampart.mjs" "$@"\n' "$ROOT" > "$WORK/bin/rampart"
chmod +x "$WORK/bin/rampart"
PATH="$WORK/bin:$PATH"
cp "$ROOT/config/r1-ensemble.yaml" "$WORK/config/"
cd "$WORK"

VENUE_PID=
stop_venue() {
  if [ -n "$VENUE_PID" ] && kill -0 "$VENUE_PID" 2>/dev/null; then
    kill -TERM "$VENUE_PID"
    wait "$VENUE_PID" || true
  fi
}
trap stop_venue EXIT

# BEGIN terminal 1 (in the background here, its output kept in venue-sim.log)
rampart venue-sim --port 0 --account default > venue-sim.log 2>&1 &
# END terminal 1
VENUE_PID=$!
for _ in $(seq 1 300); do
  [ -s venue-sim.env ] && break
  kill -0 "$VENUE_PID" 2>/dev/null || { cat venue-sim.log; echo "venue-sim exited before listening" >&2; exit 1; }
  sleep 0.1
done
[ -s venue-sim.env ] || { cat venue-sim.log; echo "venue-sim wrote no env file" >&2; exit 1; }
cat venue-sim.log

# BEGIN terminal 2
set -a; . ./venue-sim.env; set +a
rampart check -c config/r1-ensemble.yaml --base-url "$RAMPART_VENUE_SIM_URL"
rampart venue-sim fault clockSkewMs --ms 10000
rampart check -c config/r1-ensemble.yaml --base-url "$RAMPART_VENUE_SIM_URL" || echo "check refused the skewed clock, as it must"
rampart venue-sim fault --clear
rampart venue-sim fault http5xxAfterAccept --path "POST /fapi/v1/order"
rampart venue-sim fault closeBar
rampart run --real --once -c config/r1-ensemble.yaml --base-url "$RAMPART_VENUE_SIM_URL" --ws-url "$RAMPART_VENUE_SIM_WS_URL"
rampart venue-sim fault --list
rampart status -c config/r1-ensemble.yaml
rampart kill -c config/r1-ensemble.yaml --reason "rehearsal: kill switch"
rampart status -c config/r1-ensemble.yaml
rampart reset -c config/r1-ensemble.yaml --reason "rehearsal: kill switch released"
# END terminal 2

echo
echo "rehearsal passed in $WORK"
