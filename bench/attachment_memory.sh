#!/usr/bin/env bash
# Peak memory (maximum resident set) of `hudhud send` with one attachment
# of N MB (N × 1 000 000 random bytes), delivered to Postfix's smtp-sink on
# loopback, measured with GNU time (`/usr/bin/time -v`).
#
#   bench/attachment_memory.sh [MB ...]        (default: 25 100)
#
# Target (issue 10): peak RSS at most 2 × N + 40 MB.
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
printf '%-8s %-14s %-12s %-10s %s\n' "file" "peak RSS" "target" "wall" "result"
for MB in "${SIZES[@]}"; do
  FILE=$WORK/attachment-$MB.bin
  head -c $((MB * 1000 * 1000)) /dev/urandom >"$FILE"
  set +e
  echo "see attached" | /usr/bin/time -v "$HUDHUD_BIN" send --to sink@example.com \
    --subject "attachment $MB MB" --attach "$FILE" >"$WORK/out-$MB" 2>"$WORK/time-$MB"
  CODE=$?
  set -e
  RSS_KB=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time-$MB")
  WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/time-$MB")
  RSS_MB=$(python3 -c "print(f'{$RSS_KB * 1024 / 1e6:.0f} MB')")
  TARGET=$((2 * MB + 40))
  VERDICT=$(python3 -c "print('ok' if $RSS_KB * 1024 / 1e6 <= $TARGET else 'OVER')")
  [ "$CODE" = 0 ] || VERDICT="exit $CODE: $(grep -v '^\s' "$WORK/time-$MB" | head -3 | tr '\n' ' ')"
  printf '%-8s %-14s %-12s %-10s %s\n' "$MB MB" "$RSS_MB" "≤ $TARGET MB" "$WALL" "$VERDICT"
  rm -f "$FILE"
done
