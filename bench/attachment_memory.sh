#!/usr/bin/env bash
# Peak memory (maximum resident set) of `hudhud send` with one attachment
# of N MB (N × 1 000 000 random bytes), delivered to Postfix's smtp-sink on
# loopback, measured with GNU time (`/usr/bin/time -v`).
#
#   bench/attachment_memory.sh [MB ...]        (default: 25 100)
#
# Target (issue 10): peak RSS at most 2 × N + 40 MB. Two runs per size:
# `send --no-wait` (build the message into the outbox only) and `send`
# (build, then deliver), so the two halves can be told apart.
# Needs: postfix (smtp-sink), GNU time, python3. Uses $HUDHUD_BIN when set,
# otherwise builds the release binary.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(25 100)
SINK=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)
[ -x "$SINK" ] || { echo "smtp-sink not found: apt-get install postfix" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time not found: apt-get install time" >&2; exit 1; }
if [ -z "${HUDHUD_BIN:-}" ]; then
  cargo build --release --quiet
  HUDHUD_BIN=$PWD/${CARGO_TARGET_DIR:-target}/release/hudhud
fi
WORK=$(mktemp -d -t hudhud-attach.XXXXXX)
trap 'kill $SINK_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
SINK_USER=()
[ "$(id -u)" = 0 ] && SINK_USER=(-u postfix)
"$SINK" "${SINK_USER[@]}" -c "127.0.0.1:$PORT" 100 >/dev/null &
SINK_PID=$!
sleep 0.5

export HUDHUD_CONFIG_DIR=$WORK/config HUDHUD_DATA_DIR=$WORK/data HUDHUD_LANG=en
"$HUDHUD_BIN" account add sink --email bench@example.com --host 127.0.0.1 --port "$PORT" \
  --security none --no-auth >/dev/null 2>&1

echo "binary: $HUDHUD_BIN"
measure() { # MB LABEL ARGS...: prints one row
  local MB=$1 LABEL=$2; shift 2
  set +e
  echo "see attached" | /usr/bin/time -v "$HUDHUD_BIN" send "$@" --to sink@example.com \
    --subject "attachment $MB MB" --attach "$WORK/attachment-$MB.bin" >"$WORK/out" 2>"$WORK/time"
  local CODE=$?
  set -e
  local RSS_KB WALL RSS TARGET VERDICT
  RSS_KB=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time")
  WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/time")
  RSS=$(python3 -c "print(f'{$RSS_KB * 1024 / 1e6:.0f} MB')")
  TARGET=$((2 * MB + 40))
  VERDICT=$(python3 -c "print('ok' if $RSS_KB * 1024 / 1e6 <= $TARGET else 'OVER')")
  [ "$CODE" = 0 ] || VERDICT="exit $CODE: $(grep -v '^\s' "$WORK/time" | head -3 | tr '\n' ' ')"
  printf '%-8s %-22s %-10s %-12s %-10s %s\n' "$MB MB" "$LABEL" "$RSS" "≤ $TARGET MB" "$WALL" "$VERDICT"
}

printf '%-8s %-22s %-10s %-12s %-10s %s\n' "file" "run" "peak RSS" "target" "wall" "result"
for MB in "${SIZES[@]}"; do
  head -c $((MB * 1000 * 1000)) /dev/urandom >"$WORK/attachment-$MB.bin"
  measure "$MB" "send --no-wait (queue)" --no-wait
  "$HUDHUD_BIN" outbox flush >/dev/null 2>&1 || true   # empties the queue again
  measure "$MB" "send (queue + deliver)"
  rm -f "$WORK/attachment-$MB.bin"
done
